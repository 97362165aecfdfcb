"""What the review workstation shows about one session or video, as plain data.

Numpy core: no Qt, mediapipe or cv2. Two ways in:

- :func:`load_review` for a recorded session folder. Reps, faults and holds come from
  ``events.jsonl``, i.e. exactly what the patient saw live; only a detail the events lack (peak angle,
  range of motion, tempo marks: older or hand-written files) is recomputed from the landmarks with the
  engine's own measurement and tempo rule, and the row says which fields were recomputed.
- :func:`review_from_analysis` for any video analysed on open: the Qt side runs
  :func:`posecheck.analysis.analyze_sequence` in a worker and hands the analysis here; its engine
  events are read as a session of one set.

Both build the review in one constructor, :func:`review_from_events`, from typed events
(:mod:`posecheck.review.facts` turns them into rows, as it does for the JSON report).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from posecheck.engine.events import HeldInPosition, SetChecked, SetStarted, TaggedEvent, tagged_from_dict
from posecheck.errors import ReviewError
from posecheck.exercises.schema import ExerciseDef
from posecheck.i18n import Msg, languages, tr
from posecheck.landmarks import PoseSequence
from posecheck.review.facts import FaultMarker, HoldRow, RepRow, SetInfo, facts_from_events, fault_key
from posecheck.review.series import AngleSeries, compute_series
from posecheck.session.plan import set_ended
from posecheck.session.store import open_session
from posecheck.session.stored_exercise import stored_exercise

# FaultMarker, HoldRow, RepRow, SetInfo and fault_key live in review/facts.py; named here as the parts of a Review.
__all__ = ["FaultMarker", "HoldRow", "RepRow", "Review", "ReviewError", "SetInfo", "SideStats", "Symmetry",
           "fault_key", "load_review", "review_from_analysis", "review_from_events", "VIDEO_REVIEW_SUFFIX",
           "SESSION_REVIEW_FILE"]

SESSION_REVIEW_FILE = "review.json"
VIDEO_REVIEW_SUFFIX = ".posecheck-review.json"


@dataclass
class SideStats:
    reps: int
    mean_peak_angle_deg: float | None
    mean_rom_deg: float | None
    mean_duration_s: float | None
    faults: int  # faults raised in this side's reps


@dataclass
class Symmetry:
    """Left against right. Asymmetries are in percent of the larger side (0 = equal); None when one side
    has no reps or the exercise is not done per side."""

    applies: bool
    left: SideStats
    right: SideStats
    rom_asymmetry_pct: float | None
    peak_asymmetry_pct: float | None
    duration_asymmetry_pct: float | None
    lower_rom_side: str | None  # the side with the smaller range of motion

    def describe(self, lang: str = "en") -> list[str]:
        from posecheck.review.texts import symmetry_lines

        return symmetry_lines(self, lang)


@dataclass
class Review:
    exercise_id: str
    exercise: ExerciseDef
    meta: dict
    video_path: Path | None
    reps: list[RepRow]
    faults: list[FaultMarker]
    holds: list[HoldRow]
    sets: list[SetInfo]
    series: AngleSeries
    symmetry: Symmetry
    fps: float
    folder: Path | None = None  # the session folder; None for a video analysed on open
    warnings: list[str] = field(default_factory=list)
    # Per language (every language of posecheck/locale, and English): why (part of) the recording could
    # not be judged, why a count may be wrong although it could be judged, and what was recognised (the
    # variant done, who was followed among several people); see posecheck/report.py.
    cannot_judge: dict[str, list[str]] = field(default_factory=dict)
    uncertain: dict[str, list[str]] = field(default_factory=dict)
    recognised: dict[str, list[str]] = field(default_factory=dict)
    hold_in_position_s: float | None = None  # time in the held position whatever the form
    stopped_for_pain: bool = False
    # Per landmark frame: source time and the video frame showing it (-1 none), for frame_of.
    _t_ms: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    _video_frame: np.ndarray | None = field(default=None, repr=False)
    _rep_starts: list[float] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self._rep_starts = [r.start_s for r in self.reps]
        if self._video_frame is not None:
            self._video_frame = _fill_video_frames(self._video_frame)

    # ---------------------------------------------------------------- plain facts
    @property
    def model(self) -> dict:
        m = self.meta.get("model") or {}
        return {"variant": str(m.get("variant", "")), "sha256": str(m.get("sha256", ""))}

    @property
    def duration_s(self) -> float:
        if len(self._t_ms):
            return float(self._t_ms[-1] - self._t_ms[0]) / 1000.0
        return max([r.end_s for r in self.reps] + [h.end_s for h in self.holds] + [0.0])

    def cannot_judge_in(self, lang: str) -> list[str]:
        """The reasons posecheck could not judge (part of) this recording, in ``lang`` (else English)."""
        return _in(self.cannot_judge, lang)

    def uncertain_in(self, lang: str) -> list[str]:
        return _in(self.uncertain, lang)

    def recognised_in(self, lang: str) -> list[str]:
        """What was recognised: the variant done, who was followed among several people."""
        return _in(self.recognised, lang)

    @property
    def hold_total_s(self) -> float:
        return round(sum(h.duration_s for h in self.holds), 2)

    @property
    def annotations_path(self) -> Path:
        """Where the clinician's input lives: ``review.json`` in the session folder, or beside the video."""
        if self.folder is not None:
            return self.folder / SESSION_REVIEW_FILE
        if self.video_path is not None:
            return self.video_path.with_name(self.video_path.name + VIDEO_REVIEW_SUFFIX)
        raise ReviewError("this review has neither a session folder nor a video file",
                          "Open a session folder or a video to store notes")

    # ---------------------------------------------------------------- navigation
    def frame_of(self, t_s: float) -> int:
        """The video frame that shows source time ``t_s``: the recorded landmark→video mapping when
        there is one (dropped video frames make counting by fps drift), else ``round(t_s * fps)``."""
        return int(self.frames_of(np.array([t_s], np.float64))[0])

    def frames_of(self, t_s: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`frame_of` (e.g. every fault marker at once)."""
        t_s = np.asarray(t_s, np.float64)
        vf = self._video_frame
        if vf is not None and len(self._t_ms) and vf.max() >= 0:
            # The last landmark frame at or before t (the picture on screen at that moment).
            i = np.searchsorted(self._t_ms, np.round(t_s * 1000.0), side="right") - 1
            return vf[np.clip(i, 0, len(vf) - 1)]
        return np.maximum(np.round(t_s * self.fps), 0).astype(np.int64)

    def rep_at(self, t_s: float) -> RepRow | None:
        """The rep in progress at ``t_s`` (start inclusive, end inclusive), or None between reps."""
        i = bisect.bisect_right(self._rep_starts, t_s) - 1
        # Reps never overlap within one engine; scan back a little in case two sets' reps touch.
        for j in range(i, max(i - 2, -1), -1):
            r = self.reps[j]
            if r.start_s <= t_s <= r.end_s:
                return r
        return None


def _in(lines: dict[str, list[str]], lang: str) -> list[str]:
    return list(lines.get(lang) or lines.get("en") or [])


def _each_language(lines) -> dict[str, list[str]]:
    """``lines(lang)`` for every language posecheck speaks."""
    return {lang: lines(lang) for lang in languages()}


def _fill_video_frames(vf: np.ndarray) -> np.ndarray:
    """-1 (picture not written) becomes the last written frame before it; leading -1s the first one."""
    vf = np.asarray(vf, np.int64)
    if vf.size == 0 or vf.max() < 0:
        return vf
    idx = np.where(vf >= 0, np.arange(len(vf)), -1)
    np.maximum.accumulate(idx, out=idx)
    first = int(np.flatnonzero(vf >= 0)[0])
    idx[idx < 0] = first
    return vf[idx]


# -------------------------------------------------------------------------------- exercises
def _exercise_for(meta: dict, exercise_id: str, warnings: list[str]) -> ExerciseDef:
    """The definition the session was judged with (stored in meta.json), else today's catalogue entry."""
    from posecheck.errors import UnknownExerciseError

    try:
        return stored_exercise(meta, exercise_id, warnings)
    except UnknownExerciseError as e:
        raise ReviewError(f"the session's exercise {exercise_id!r} is not in this posecheck's catalogue",
                          "Update posecheck, or add the exercise file to exercises/") from e


# -------------------------------------------------------------------------------- from events
# -------------------------------------------------------------------------------- judgement notes
def _variant_notes(ex: ExerciseDef, variant_ids: list[str]) -> list[Msg]:
    by_id = {v.variant_id: v for v in ex.all_variants if v.variant_id}
    names = [by_id[v].variant_name for v in dict.fromkeys(variant_ids) if v in by_id and by_id[v].variant_name]
    return [Msg.of("variant: {name}", name=n) for n in names]


def _judgement_from_analysis(analysis, frames_with_pose: int) -> dict:
    """The doubts and notes of a video analysed on open, from its analysis (what its report says)."""
    from posecheck.report import cannot_judge_reasons, recorded_count_check, uncertain_reasons

    an = analysis.analyzer
    check = recorded_count_check(an)
    notes = []
    if an.exercise.variant_id:
        notes.append(Msg.of("variant: {name}", name=an.exercise.variant_name or ""))
    followed = an.people.note().text()
    if followed is not None:
        notes.append(followed)
    in_position = an.hold_in_position.total_s if an.hold_in_position else None
    return dict(cannot_judge=_each_language(lambda lang: cannot_judge_reasons(an, frames_with_pose, lang)),
                uncertain=_each_language(lambda lang: uncertain_reasons(check, lang)),
                recognised=_each_language(lambda lang: [m.text(lang) for m in notes]),
                hold_in_position_s=None if in_position is None or math.isnan(in_position) else round(in_position, 2))


def _number(x, default: float = 0.0) -> float:
    """A number from a patient's file, or ``default`` (missing, NaN, or not a number)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(x):
        return default
    return float(x)


def _judgement_from_events(events: list[TaggedEvent], ex: ExerciseDef) -> dict:
    """The same notes for a recorded session, from each set's SetChecked event (the live second count)."""
    from posecheck.engine.count_check import CountCheck
    from posecheck.engine.people import FollowedNote
    from posecheck.report import uncertain_reasons

    checks = [te.event for te in events if isinstance(te.event, SetChecked)]
    counts, variants, followed = [], [], None
    for e in checks:
        counts.append(CountCheck(int(_number(e.reps)), int(_number(e.cycles)), _number(e.in_position_s),
                                 _number(e.held_s)))
        variants.append(str(e.variant_id or ""))
        note = FollowedNote(int(_number(e.most_in_view)), int(_number(e.frames_with_others)), bool(e.followed_upright))
        followed = note.text() or followed

    def uncertain(lang: str) -> list[str]:
        lines = []
        for k, check in enumerate(counts, 1):
            reasons = uncertain_reasons(check, lang) if ex.rep else []
            lines += [tr("set {k}: {line}", lang, k=k, line=u) for u in reasons] if len(counts) > 1 else reasons
        return lines

    notes = _variant_notes(ex, variants) + ([followed] if followed is not None else [])
    held = [te.event.hold for te in events if isinstance(te.event, HeldInPosition)]
    in_position = sum((h.end_ms - h.start_ms) / 1000.0 for h in held
                      if h is not None and None not in (h.start_ms, h.end_ms))
    return dict(uncertain=_each_language(uncertain), recognised=_each_language(lambda lang: [m.text(lang) for m in notes]),
                hold_in_position_s=round(in_position, 2) if held else None)


# -------------------------------------------------------------------------------- symmetry
def _mean(xs) -> float | None:
    xs = [x for x in xs if x is not None]
    return round(sum(xs) / len(xs), 2) if xs else None


def _asym(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or max(abs(a), abs(b)) == 0:
        return None
    return round(100.0 * abs(a - b) / max(abs(a), abs(b)), 1)


def symmetry_of(reps: list[RepRow], faults: list[FaultMarker], per_side: bool) -> Symmetry:
    by_index = {r.index: r for r in reps}
    stats = {}
    for side in ("left", "right"):
        rs = [r for r in reps if r.side == side]
        n_faults = sum(1 for f in faults if f.rep_index is not None and by_index.get(f.rep_index) is not None
                       and by_index[f.rep_index].side == side)
        stats[side] = SideStats(len(rs), _mean(r.peak_angle_deg for r in rs), _mean(r.rom_deg for r in rs),
                                _mean(r.duration_s for r in rs), n_faults)
    left, right = stats["left"], stats["right"]
    applies = per_side and (left.reps > 0 or right.reps > 0)
    lower = None
    if applies and left.mean_rom_deg is not None and right.mean_rom_deg is not None and left.mean_rom_deg != right.mean_rom_deg:
        lower = "left" if left.mean_rom_deg < right.mean_rom_deg else "right"
    return Symmetry(applies, left, right,
                    _asym(left.mean_rom_deg, right.mean_rom_deg) if applies else None,
                    _asym(left.mean_peak_angle_deg, right.mean_peak_angle_deg) if applies else None,
                    _asym(left.mean_duration_s, right.mean_duration_s) if applies else None, lower)


# -------------------------------------------------------------------------------- entry points
def _fps(meta: dict, t_ms: np.ndarray) -> float:
    fps = (meta.get("source") or {}).get("fps")
    if isinstance(fps, (int, float)) and fps > 0:
        return float(fps)
    if len(t_ms) > 1:
        dt = float(np.median(np.diff(t_ms)))
        if dt > 0:
            return 1000.0 / dt
    return 30.0


def _empty_sequence() -> PoseSequence:
    return PoseSequence(t_ms=np.zeros(0, np.int64), xyz=np.zeros((0, 33, 3), np.float32),
                        visibility=np.zeros((0, 33), np.float32), world_xyz=np.zeros((0, 33, 3), np.float32),
                        n_poses=np.zeros(0, np.int8), image_size=(0, 0))


def review_from_events(events: list[TaggedEvent], ex: ExerciseDef, seq: PoseSequence, meta: dict, *,
                       judged: dict, video_path: Path | None, folder: Path | None, video_frame: np.ndarray | None,
                       warnings: list[str], stopped_for_pain: bool = False) -> Review:
    """The one constructor of a :class:`Review`: the rows from the typed ``events``
    (:func:`~posecheck.review.facts.facts_from_events`, details they lack measured on ``seq``), the
    plot series from ``seq``; ``judged`` holds the doubts and notes (``uncertain``, ``recognised`` …)."""
    series = compute_series(seq, ex)
    facts = facts_from_events(events, ex, series)
    return Review(exercise_id=ex.id, exercise=ex, meta=meta, video_path=video_path, reps=facts.reps,
                  faults=facts.faults, holds=facts.holds, sets=facts.sets, series=series,
                  symmetry=symmetry_of(facts.reps, facts.faults, ex.per_side), fps=_fps(meta, seq.t_ms),
                  folder=folder, warnings=warnings + facts.warnings, **judged,
                  stopped_for_pain=facts.stopped_for_pain or stopped_for_pain, _t_ms=seq.t_ms.astype(np.int64),
                  _video_frame=video_frame)


def load_review(folder: str | Path) -> Review:
    """Open a recorded session folder for review (see the module docstring for what comes from where)."""
    folder = Path(folder)
    try:
        s = open_session(folder)
    except FileNotFoundError as e:
        raise ReviewError(str(e), "Choose a session folder from the library (it holds meta.json)") from None
    except ValueError as e:  # meta.json is not JSON
        raise ReviewError(f"{folder / 'meta.json'} is unreadable ({e})", "The session folder is damaged") from None
    warnings = list(s.warnings)
    ex = _exercise_for(s.meta, s.exercise_id, warnings)
    seq = s.poses if s.poses is not None else _empty_sequence()
    if s.poses is None:
        warnings.append("the session has no landmarks: no angle plot, and details missing from the events stay empty")
    events = [te for te in map(tagged_from_dict, s.events) if te is not None]
    vf = seq.meta.get("video_frame")
    return review_from_events(events, ex, seq, s.meta, judged=_judgement_from_events(events, ex), video_path=s.video,
                              folder=folder, video_frame=None if vf is None else np.asarray(vf), warnings=warnings,
                              stopped_for_pain=bool(s.meta.get("stopped_for_pain")))


def review_from_analysis(analysis, exercise_id: str, video_path: str | Path | None = None,
                         exercise: ExerciseDef | None = None, fps: float | None = None,
                         first_video_frame: int = 0) -> Review:
    """A review of a video analysed on open. ``analysis`` is :func:`posecheck.analysis.analyze_sequence`'s
    result: its engine's events are read as one set that ran from the first landmark frame to the last,
    and its report gives the doubts about the whole recording. The landmarks are one per decoded frame,
    so landmark frame ``i`` is video frame ``first_video_frame + i`` unless ``seq.meta["video_frame"]``
    says otherwise."""
    from posecheck.exercises.loader import get_exercise

    report, an, seq = analysis.report, analysis.analyzer, analysis.sequence
    ex = exercise or get_exercise(exercise_id)
    events = [TaggedEvent(e, ex.id, 1) for e in an.events]
    if len(seq):
        events.insert(0, TaggedEvent(SetStarted(int(seq.t_ms[0])), ex.id, 1))
        events.append(TaggedEvent(set_ended(an.state(), "video_ended", int(seq.t_ms[-1])), ex.id, 1))
    meta = {"exercise_id": ex.id, "model": dict(report.get("model") or {}),
            "source": {"spec": str(video_path or report.get("source", "")), "is_live": False, "fps": fps},
            "posecheck_version": report.get("posecheck_version"), "frames": report.get("frames")}
    vf = seq.meta.get("video_frame")
    if vf is None:
        vf = first_video_frame + np.arange(len(seq), dtype=np.int64)
    judged = _judgement_from_analysis(analysis, int((report.get("frames") or {}).get("with_pose", seq.has_pose.sum())))
    return review_from_events(events, ex, seq, meta, judged=judged, video_path=Path(video_path) if video_path else None,
                              folder=None, video_frame=np.asarray(vf), warnings=[])
