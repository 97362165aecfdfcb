"""Per-frame feature series of a whole recording, fast enough for a 30-minute session.

Numpy core: no Qt, mediapipe or cv2. The measurement itself is the engine's
(:func:`posecheck.engine.features.evaluate_features`, vectorised over all frames). The one
per-frame step of :meth:`Analyzer.analyze` that is not vectorised, the camera-side decision of
:class:`posecheck.kinematics.gating.CameraSideTracker`, is fed here with the per-frame score of the
whole recording computed at once (:func:`~posecheck.kinematics.gating.camera_side_score`) and runs
only the tracker's smoothing and hysteresis per frame (:meth:`CameraSideTracker.step`): the live path
calls ``np.nanmean`` twice per frame, which costs about a second on 54,000 frames, while the recurrence
alone costs a few tens of milliseconds. ``tests/review/test_core_model.py`` checks both agree frame
for frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from posecheck.exercises.schema import Check, ExerciseDef, FeatureType, Text, plain_words
from posecheck.engine.features import evaluate_features
from posecheck.kinematics.points import LandmarkArrays
from posecheck.kinematics.filters import zero_phase_smooth
from posecheck.kinematics.gating import CameraSideTracker, camera_side_score
from posecheck.landmarks import PoseSequence

__all__ = ["AngleSeries", "ThresholdLine", "camera_is_left", "compute_series", "driver_features",
           "threshold_lines"]

# Same cut-off as the per-frame CSV of `posecheck analyze` (report.write_frames_csv).
SMOOTH_CUTOFF_HZ = 3.0


@dataclass(frozen=True)
class ThresholdLine:
    """A horizontal line on the angle plot: ``value`` on ``feature``'s axis, with what it means."""

    feature: str
    value: float
    kind: str  # rep_top_enter | rep_top_exit | rep_bottom_exit | rep_bottom_enter | fault | hold | position
    label: str  # in the exercise file's terms, e.g. "top 17", "over_arched_back: > 196"; for people see texts.threshold_label
    name: "Text | None" = None  # faults: the fault's label (en/nl)
    op: str = ""  # the condition's operator (faults, holds)
    check: str = ""  # faults: sustained | rep_max | rep_min | rep_rise | rep_drop | rep_change


@dataclass
class AngleSeries:
    """Every feature of the exercise per landmark frame.

    ``angle_deg`` is zero-phase smoothed (for the plot; no lag, so a peak sits where the video shows
    it), ``raw_deg`` is the unfiltered measurement. Features that are not angles (``line_offset``,
    ``distance``) are in the same dicts with ``units[name] == "ratio"``. NaN where the body could
    not be seen.
    """

    t_s: np.ndarray  # (T,) float64 seconds, source time
    angle_deg: dict[str, np.ndarray]
    raw_deg: dict[str, np.ndarray]
    units: dict[str, str]
    driver: str | None  # the rep driver's name in the exercise file (hold: the first hold feature)
    driver_features: list[str]  # the series that carry it (two for alternating exercises)
    thresholds: list[ThresholdLine] = field(default_factory=list)
    has_pose: np.ndarray | None = None  # (T,) bool
    camera_side: np.ndarray | None = None  # (T,) "left"/"right" as 'U5'
    labels: dict = field(default_factory=dict)  # feature name -> Text (en/nl) from the exercise file
    # The lower back's curve from the trunk's outline (back_curve features that measure the bend): always
    # offered on the plot, also where no fault watches it (the cat-cow's range of motion).
    outline_features: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.t_s.shape[0])

    def title(self, name: str, lang: str = "en") -> str:
        """A series' name for people: its label from the exercise file in ``lang`` (plain words when it
        has none), with the side word for per-side series (``leg_lift_deg_left`` -> ``Been omhoog links``)."""
        from posecheck.review.texts import side_word

        words = name.split("_")
        side = words.pop() if words and words[-1] in ("left", "right") else None
        base = "_".join(words)
        text = self.labels.get(base)
        label = text.get(lang) if text is not None else plain_words(base)
        return f"{label} {side_word(side, lang)}" if side else label


def camera_is_left(seq: PoseSequence, smoothing_s: float = 0.5, margin: float = 0.05) -> np.ndarray:
    """Per frame, whether the left side faces the camera: the same decisions as feeding every frame to
    :class:`~posecheck.kinematics.gating.CameraSideTracker` (see the module docstring for why it is rewritten)."""
    n = len(seq)
    out = np.ones(n, bool)
    if n == 0:
        return out
    score = camera_side_score(seq.xyz, seq.visibility)
    # The tracker is never fed frames without a pose (xyz None) and ignores NaN scores.
    usable = (seq.has_pose & ~np.isnan(score)).tolist()
    t_ms, sc = seq.t_ms.tolist(), score.tolist()
    tracker = CameraSideTracker(smoothing_s, margin)
    is_left, res = True, [True] * n
    for i in range(n):
        if usable[i]:
            is_left = tracker.step(sc[i], t_ms[i])
        res[i] = is_left
    out[:] = res
    return out


def driver_features(ex: ExerciseDef) -> tuple[str | None, list[str]]:
    """The rep driver (or first hold feature) and the series names that carry it."""
    if ex.rep is not None:
        if ex.rep.sides:
            return ex.rep.driver, [f"{ex.rep.driver}_{s}" for s in ex.rep.sides]
        return ex.rep.driver, [ex.rep.driver]
    if ex.hold is not None and ex.hold.all_conditions:
        name = ex.hold.all_conditions[0].feature
        return name, [name]
    return None, []


def threshold_lines(ex: ExerciseDef) -> list[ThresholdLine]:
    """The lines a physiotherapist wants over the angle plot: rep bands, hold band, fault limits."""
    lines: list[ThresholdLine] = []
    if ex.rep is not None:
        _, feats = driver_features(ex)
        for attr, word in (("top_enter", "top"), ("top_exit", "top exit"), ("bottom_exit", "bottom exit"),
                           ("bottom_enter", "bottom")):
            value = float(getattr(ex.rep, attr))
            for f in feats:
                lines.append(ThresholdLine(f, value, f"rep_{attr}", f"{word} {value:g}"))
    if ex.hold is not None:
        for c in ex.hold.all_conditions:
            for v in c.value:
                lines.append(ThresholdLine(c.feature, float(v), "hold", f"hold {c.feature} {c.op.value} {v:g}", op=c.op.value))
    for f in ex.faults:
        c = f.condition
        if not c.feature:
            continue  # a tempo check: seconds of the rep, not a line over an angle
        what = "rep " + f.check.value.split("_", 1)[1] + " " if f.check is not Check.SUSTAINED else ""
        for v in c.value:
            lines.append(ThresholdLine(c.feature, float(v), "fault", f"{f.id}: {what}{c.op.value} {v:g}",
                                       name=f.names, op=c.op.value, check=f.check.value))
    return lines


def _units(ex: ExerciseDef, names: list[str]) -> dict[str, str]:
    ratio = {s.name for s in ex.features if s.type in (FeatureType.LINE_OFFSET, FeatureType.DISTANCE)
             or (s.type is FeatureType.BACK_CURVE and s.measure == "depth_ratio")}
    return {n: "ratio" if (n in ratio or n.rsplit("_", 1)[0] in ratio) else "deg" for n in names}


def compute_series(seq: PoseSequence, ex: ExerciseDef, min_visibility: float = 0.3,
                   smooth_cutoff_hz: float = SMOOTH_CUTOFF_HZ) -> AngleSeries:
    """All features of ``ex`` over ``seq``, raw and smoothed, with the plot's threshold lines."""
    cam = camera_is_left(seq)
    if len(seq):
        la = LandmarkArrays.build(seq.xyz, seq.visibility, seq.world_xyz, seq.image_size, cam, seq.outline)
        raw = evaluate_features(ex.features, la, min_visibility)
    else:
        from posecheck.engine.features import feature_names

        raw = {n: np.zeros(0) for n in feature_names(ex.features)}
    # Two people in view: the engine measures nobody (it cannot know whose form it sees); so do we.
    judged = seq.has_pose & (seq.n_poses < 2)
    raw = {k: np.where(judged, v, np.nan) for k, v in raw.items()}
    raw.update(derived_series(ex, raw, seq.t_ms))
    smooth = {k: (zero_phase_smooth(v, seq.t_ms, cutoff_hz=smooth_cutoff_hz) if len(v) > 1 else v.copy())
              for k, v in raw.items()}
    driver, feats = driver_features(ex)
    names = list(raw)
    return AngleSeries(t_s=seq.t_ms.astype(np.float64) / 1000.0, angle_deg=smooth, raw_deg=raw,
                       units=_units(ex, names), driver=driver, driver_features=feats,
                       thresholds=threshold_lines(ex), has_pose=np.asarray(seq.has_pose, bool),
                       camera_side=np.where(cam, "left", "right"),
                       labels={f.name: f.label for f in ex.features if f.label is not None},
                       outline_features=[f.name for f in ex.features
                                         if f.type is FeatureType.BACK_CURVE and f.measure == "curve_deg"])


def derived_series(ex: ExerciseDef, raw: dict[str, np.ndarray], t_ms: np.ndarray) -> dict[str, np.ndarray]:
    """The engine-derived features (posecheck/engine/derived.py) over a whole recording, vectorised.

    ``speed_of`` is the same change per second over 0.2 s. ``rise_from_start`` is the base feature minus
    the lowest level it has had so far in the low position (``level_when``), with the exercise's default
    level standing in until then; the engine fixes that level per set from the settle window, so the two
    can differ by a degree or two at the start of a set. For plots and rep details, not for counting."""
    out: dict[str, np.ndarray] = {}
    t = np.asarray(t_ms, np.float64)
    for f in ex.features:
        base = raw.get(f.of)
        if base is None:
            continue
        if f.type is FeatureType.SPEED_OF:
            # index of the newest sample at least 0.2 s older than each frame
            j = np.searchsorted(t, t - 200.0, side="right") - 1
            ok = j >= 0
            speed = np.full(len(base), np.nan)
            jj = j[ok]
            with np.errstate(invalid="ignore", divide="ignore"):
                speed[ok] = np.abs(base[ok] - base[jj]) * 1000.0 / (t[ok] - t[jj])
            out[f.name] = speed
        elif f.type is FeatureType.RISE_FROM_START:
            low = np.ones(len(base), bool)
            if f.level_when is not None and f.level_when.feature in raw:
                low = np.array([f.level_when.holds(x) for x in raw[f.level_when.feature]], bool)
            measured = np.fmin.accumulate(np.where(low, base, np.nan)) if len(base) else base
            default = np.nan if f.default_level is None else f.default_level
            level = np.where(np.isnan(measured), default, measured)
            seen = ~np.isnan(level)
            floor = np.fmin.accumulate(np.where(seen, base, np.nan)) if len(base) else base
            out[f.name] = base - np.fmin(level, floor)
    return out


def nan_extreme(values: np.ndarray, up: bool) -> float:
    """Largest (``up``) or smallest finite value; NaN when there is none."""
    v = values[~np.isnan(values)]
    if v.size == 0:
        return math.nan
    return float(v.max() if up else v.min())
