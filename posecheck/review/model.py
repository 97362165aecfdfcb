"""What the review workstation shows about one session or video, as plain data.

Numpy core: no Qt, mediapipe or cv2. Two ways in:

- :func:`load_review` for a recorded session folder. Reps, faults and holds come from
  ``events.jsonl``, i.e. exactly what the patient saw live; only a detail the events lack (peak angle,
  range of motion, tempo marks: older or hand-written files) is recomputed from the landmarks with the
  engine's own measurement and tempo rule, and the row says which fields were recomputed.
- :func:`review_from_analysis` for any video analysed on open: the Qt side runs
  :func:`posecheck.analysis.analyze_sequence` in a worker and hands the report and landmarks here.

Rep indices are renumbered across the whole session (0, 1, 2 … in order of completion): the app
starts a new engine per set, so ``RepCompleted.rep.index`` and ``FaultRaised.rep_index`` restart at
0 in every set. Each rep keeps its ``set_index``. Times are source seconds (``t_s``), as in the
JSON report.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from posecheck.errors import ReviewError
from posecheck.exercises.schema import ExerciseDef
from posecheck.landmarks import PoseSequence
from posecheck.review.series import AngleSeries, compute_series, nan_extreme
from posecheck.session.store import open_session
from posecheck.session.stored_exercise import stored_exercise

__all__ = ["FaultMarker", "HoldRow", "RepRow", "Review", "ReviewError", "SetInfo", "SideStats", "Symmetry",
           "load_review", "review_from_analysis", "VIDEO_REVIEW_SUFFIX", "SESSION_REVIEW_FILE"]

SESSION_REVIEW_FILE = "review.json"
VIDEO_REVIEW_SUFFIX = ".posecheck-review.json"


@dataclass
class RepRow:
    index: int  # 0-based across the whole session
    set_index: int  # 1-based, as the app numbers sets
    side: str | None
    start_s: float
    end_s: float
    duration_s: float
    up_s: float | None
    top_s: float | None
    down_s: float | None
    peak_angle_deg: float | None  # the driver at the top (its unit when the driver is not an angle)
    rom_deg: float | None
    faults: list[str] = field(default_factory=list)
    recomputed: list[str] = field(default_factory=list)  # fields not in the events, measured from landmarks


@dataclass
class FaultMarker:
    id: str
    t_s: float
    rep_index: int | None  # global rep index (see RepRow.index)
    severity: str
    message: dict  # {"en": …, "nl": …}
    value: float | None = None  # the measured value that tripped it
    set_index: int | None = None

    @property
    def key(self) -> str:
        """Stable identity for clinician verdicts: the fault id and its time in whole milliseconds."""
        return fault_key(self.id, self.t_s)


def fault_key(fault_id: str, t_s: float) -> str:
    return f"{fault_id}@{int(round(t_s * 1000))}"


@dataclass
class HoldRow:
    index: int
    set_index: int
    side: str | None
    start_s: float
    end_s: float
    duration_s: float


@dataclass
class SetInfo:
    set_index: int
    start_s: float | None
    end_s: float | None
    reason: str | None  # done | stopped | pain | video_ended | interrupted (a crash; finished by recovery)
    reps_total: int
    hold_s: float


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
    cannot_judge: list[str] = field(default_factory=list)
    cannot_judge_nl: list[str] = field(default_factory=list)  # the same reasons in Dutch
    # Why a count may be wrong although the recording could be judged, who was followed among several
    # people, and which variant of the exercise was done (en / nl; see posecheck/report.py).
    uncertain: list[str] = field(default_factory=list)
    uncertain_nl: list[str] = field(default_factory=list)
    recognised: list[str] = field(default_factory=list)
    recognised_nl: list[str] = field(default_factory=list)
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
        """The reasons posecheck could not judge (part of) this recording, in ``lang`` (en or nl)."""
        return list(self.cannot_judge_nl if lang == "nl" and self.cannot_judge_nl else self.cannot_judge)

    def uncertain_in(self, lang: str) -> list[str]:
        return list(self.uncertain_nl if lang == "nl" and self.uncertain_nl else self.uncertain)

    def recognised_in(self, lang: str) -> list[str]:
        """What was recognised: the variant done, who was followed among several people."""
        return list(self.recognised_nl if lang == "nl" and self.recognised_nl else self.recognised)

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
def _s(t_ms) -> float | None:
    return None if t_ms is None else round(float(t_ms) / 1000.0, 3)


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _messages(ex: ExerciseDef) -> dict[str, dict]:
    return {f.id: {"en": f.message.en, "nl": f.message.nl} for f in ex.faults}


_LOW_LOOKBACK_S = 5.0


class _SetClock:
    """Set index by time from SetStarted events, for events that carry no ``set_index`` tag."""

    def __init__(self, starts: list[tuple[int, int]]):
        starts = sorted(starts)
        self._t = [t for t, _ in starts]
        self._i = [i for _, i in starts]

    def at(self, t_ms) -> int:
        if not self._t or t_ms is None:
            return 1
        k = bisect.bisect_right(self._t, t_ms) - 1
        return self._i[max(k, 0)]


def _set_of(e: dict, clock: _SetClock, t_ms) -> int:
    s = e.get("set_index")
    return int(s) if isinstance(s, (int, float)) and not isinstance(s, bool) else clock.at(t_ms)


def _recompute(row: RepRow, ex: ExerciseDef, series: AngleSeries, low_from_s: float | None = None) -> None:
    """Fill peak / ROM / tempo the events lack, from the smoothed driver inside the rep's window,
    with the engine's 10 % tempo rule (RepCounter._tempo_marks). ``low_from_s``: where the rest at the
    bottom before this rep began (the previous rep's end): the engine's range of motion runs from the
    lowest value there, which lies before the rep's own start."""
    from posecheck.engine.reps import RepCounter, _Current  # the engine's rule, not a copy of it

    if ex.rep is None or not len(series):
        return
    name = ex.rep.driver
    if ex.rep.sides:
        name = f"{ex.rep.driver}_{row.side}" if row.side in ex.rep.sides else series.driver_features[0]
    values = series.angle_deg.get(name)
    if values is None:
        return
    lo, hi = np.searchsorted(series.t_s, [row.start_s - 1e-6, row.end_s + 1e-6])
    window_v, window_t = values[lo:hi], series.t_s[lo:hi]
    keep = ~np.isnan(window_v)
    if not keep.any():
        return
    up = ex.rep.direction == "up"
    sign = 1.0 if up else -1.0
    peak = nan_extreme(window_v, up)
    # The bottom before the rise: back to the previous rep's end, at most a few seconds.
    from_s = row.start_s - _LOW_LOOKBACK_S if low_from_s is None else max(low_from_s, row.start_s - _LOW_LOOKBACK_S)
    peak_at = window_t[keep][int(np.argmax(sign * window_v[keep]))]
    lo2, hi2 = np.searchsorted(series.t_s, [from_s - 1e-6, peak_at + 1e-6])
    low = nan_extreme(values[lo2:hi2], not up)
    if row.peak_angle_deg is None:
        row.peak_angle_deg = round(peak, 1)
        row.recomputed.append("peak_angle_deg")
    if row.rom_deg is None:
        # The engine measures from the lowest value before the rise; inside the window that is the minimum.
        row.rom_deg = round(abs(peak - low), 1)
        row.recomputed.append("rom_deg")
    if row.up_s is None or row.down_s is None:
        t_ms = np.round(window_t[keep] * 1000).astype(np.int64).tolist()
        cur = _Current(start_ms=int(round(row.start_s * 1000)), low=sign * low, peak=sign * peak,
                       samples=list(zip(t_ms, (sign * window_v[keep]).tolist())))
        start, top_start, top_end = RepCounter._tempo_marks(cur)
        end = int(round(row.end_s * 1000))
        row.up_s = round((top_start - start) / 1000.0, 2)
        row.top_s = round((top_end - top_start) / 1000.0, 2)
        row.down_s = round((end - top_end) / 1000.0, 2)
        row.recomputed += ["up_s", "top_s", "down_s"]


def _from_events(events: list[dict], ex: ExerciseDef, series: AngleSeries, warnings: list[str]):
    starts = [(int(e.get("t_ms", 0)), int(e.get("set_index", 1))) for e in events if e.get("type") == "SetStarted"]
    clock = _SetClock(starts)
    sets: dict[int, SetInfo] = {i: SetInfo(i, _s(t), None, None, 0, 0.0) for t, i in sorted(starts)}
    reps: list[RepRow] = []
    global_index: dict[tuple[int, int], int] = {}
    listed: dict[int, set[str]] = {}  # the faults each completed rep itself recorded
    holds: list[HoldRow] = []
    raw_faults: list[tuple[dict, int]] = []
    stopped_for_pain = False
    incomplete = 0
    for e in events:
        kind = e.get("type")
        t_ms = e.get("t_ms")
        if kind == "RepCompleted":
            r = e.get("rep") or {}
            start, end = r.get("start_ms"), r.get("end_ms", t_ms)
            if start is None or end is None:
                incomplete += 1
                continue
            set_index = _set_of(e, clock, start)
            top_start, top_end = r.get("top_start_ms"), r.get("top_end_ms")
            row = RepRow(index=len(reps), set_index=set_index, side=r.get("side"), start_s=_s(start), end_s=_s(end),
                         duration_s=round((end - start) / 1000.0, 2),
                         up_s=None if top_start is None else round((top_start - start) / 1000.0, 2),
                         top_s=None if None in (top_start, top_end) else round((top_end - top_start) / 1000.0, 2),
                         down_s=None if top_end is None else round((end - top_end) / 1000.0, 2),
                         peak_angle_deg=None if _num(r.get("peak_value")) is None else round(float(r["peak_value"]), 1),
                         rom_deg=None if _num(r.get("rom")) is None else round(float(r["rom"]), 1),
                         faults=list(r.get("faults") or []))
            if None in (row.up_s, row.down_s, row.peak_angle_deg, row.rom_deg):
                prev = [p.end_s for p in reps if p.set_index == set_index]
                _recompute(row, ex, series, prev[-1] if prev else sets.get(set_index, SetInfo(0, None, None, None, 0, 0)).start_s)
            if "index" in r:
                global_index[(set_index, int(r["index"]))] = row.index
            if "faults" in r:
                listed[row.index] = set(row.faults)
            reps.append(row)
        elif kind == "FaultRaised":
            raw_faults.append((e, _set_of(e, clock, t_ms)))
        elif kind == "HoldEnded":
            h = e.get("hold") or {}
            if h.get("start_ms") is None or h.get("end_ms") is None:
                continue
            set_index = _set_of(e, clock, h["start_ms"])
            holds.append(HoldRow(len(holds), set_index, h.get("side"), _s(h["start_ms"]), _s(h["end_ms"]),
                                 round((h["end_ms"] - h["start_ms"]) / 1000.0, 2)))
        elif kind == "SetEnded":
            i = _set_of(e, clock, t_ms)
            s = sets.setdefault(i, SetInfo(i, None, None, None, 0, 0.0))
            s.end_s, s.reason = _s(t_ms), e.get("reason")
            s.hold_s = float(e.get("hold_s") or 0.0)
        elif kind == "StoppedForPain":
            stopped_for_pain = True
    if incomplete:
        warnings.append(f"{incomplete} rep event(s) without start or end time were left out")
    messages = _messages(ex)
    faults = []
    for e, set_index in raw_faults:
        fid = str(e.get("fault_id", ""))
        local = e.get("rep_index")
        rep_index = None if local is None else global_index.get((set_index, int(local)))
        if rep_index is not None and rep_index in listed and fid not in listed[rep_index]:
            # Live, a fault is written when raised, tagged with the rep in progress; if that attempt
            # never became a rep the engine detaches the fault only in memory, and the next rep takes
            # the same index. The completed rep lists every fault it really had, so trust that list.
            rep_index = None
        faults.append(FaultMarker(id=fid, t_s=_s(e.get("t_ms", 0)), rep_index=rep_index,
                                  severity=str(e.get("severity", "warning")),
                                  message=messages.get(fid, {"en": fid, "nl": fid}),
                                  value=_num(e.get("value")), set_index=set_index))
    faults.sort(key=lambda f: f.t_s)
    for r in reps:
        if r.set_index not in sets:
            sets[r.set_index] = SetInfo(r.set_index, None, None, None, 0, 0.0)
        sets[r.set_index].reps_total += 1
    return reps, faults, holds, [sets[k] for k in sorted(sets)], stopped_for_pain


# -------------------------------------------------------------------------------- judgement notes
def _variant_notes(ex: ExerciseDef, variant_ids: list[str]) -> tuple[list[str], list[str]]:
    by_id = {v.variant_id: v for v in ex.all_variants if v.variant_id}
    names = [by_id[v].variant_name for v in dict.fromkeys(variant_ids) if v in by_id and by_id[v].variant_name]
    return ([f"variant: {n.en}" for n in names], [f"variant: {n.nl}" for n in names])


def _judgement_from_report(report: dict) -> dict:
    notes, notes_nl = [], []
    v = report.get("variant")
    if v:
        notes.append(f"variant: {v.get('name', v.get('id'))}")
        notes_nl.append(f"variant: {v.get('name_nl', v.get('id'))}")
    people = report.get("people") or {}
    if people.get("followed"):
        notes.append(people["followed"])
        notes_nl.append(people.get("followed_nl") or people["followed"])
    return dict(uncertain=list(report.get("uncertain") or []),
                uncertain_nl=list(report.get("uncertain_nl") or report.get("uncertain") or []),
                recognised=notes, recognised_nl=notes_nl, hold_in_position_s=report.get("hold_in_position_s"))


def _judgement_from_events(events: list[dict], ex: ExerciseDef) -> dict:
    """The same notes for a recorded session, from each set's SetChecked event (the live second count)."""
    from posecheck.engine.count_check import CountCheck
    from posecheck.engine.people import FollowedNote
    from posecheck.report import uncertain_reasons

    checks = [e for e in events if e.get("type") == "SetChecked"]
    uncertain, uncertain_nl, variants, followed = [], [], [], None
    for k, e in enumerate(checks, 1):
        check = CountCheck(int(_num(e.get("reps")) or 0), int(_num(e.get("cycles")) or 0),
                           float(_num(e.get("in_position_s")) or 0.0), float(_num(e.get("held_s")) or 0.0))
        prefix = (f"set {k}: ", f"set {k}: ") if len(checks) > 1 else ("", "")
        uncertain += [prefix[0] + u for u in uncertain_reasons(check, "en")] if ex.rep else []
        uncertain_nl += [prefix[1] + u for u in uncertain_reasons(check, "nl")] if ex.rep else []
        variants.append(str(e.get("variant_id") or ""))
        note = FollowedNote(int(_num(e.get("most_in_view")) or 0), int(_num(e.get("frames_with_others")) or 0),
                            bool(e.get("followed_upright")))
        followed = note.text() or followed
    notes, notes_nl = _variant_notes(ex, variants)
    if followed is not None:
        notes.append(followed.en)
        notes_nl.append(followed.nl)
    held = [e.get("hold") or {} for e in events if e.get("type") == "HeldInPosition"]
    in_position = sum((h["end_ms"] - h["start_ms"]) / 1000.0 for h in held if None not in (h.get("start_ms"), h.get("end_ms")))
    return dict(uncertain=uncertain, uncertain_nl=uncertain_nl, recognised=notes, recognised_nl=notes_nl,
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
    series = compute_series(seq, ex)
    reps, faults, holds, sets, pain = _from_events(s.events, ex, series, warnings)
    judged = _judgement_from_events(s.events, ex)
    vf = seq.meta.get("video_frame")
    return Review(exercise_id=ex.id, exercise=ex, meta=s.meta, video_path=s.video, reps=reps, faults=faults,
                  holds=holds, sets=sets, series=series, symmetry=symmetry_of(reps, faults, ex.per_side),
                  fps=_fps(s.meta, seq.t_ms), folder=folder, warnings=warnings, **judged,
                  stopped_for_pain=pain or bool(s.meta.get("stopped_for_pain")), _t_ms=seq.t_ms.astype(np.int64),
                  _video_frame=None if vf is None else np.asarray(vf))


def review_from_analysis(report: dict, seq: PoseSequence, exercise_id: str, video_path: str | Path | None = None,
                         exercise: ExerciseDef | None = None, fps: float | None = None,
                         first_video_frame: int = 0) -> Review:
    """A review of a video analysed on open. ``report`` is :func:`posecheck.report.build_report`'s dict,
    ``seq`` the landmarks it was built from (one per decoded frame, so landmark frame ``i`` is video
    frame ``first_video_frame + i`` unless ``seq.meta["video_frame"]`` says otherwise)."""
    from posecheck.exercises.loader import get_exercise

    ex = exercise or get_exercise(exercise_id)
    series = compute_series(seq, ex)
    messages = _messages(ex)
    reps = []
    for r in report.get("rep_list", []):
        row = RepRow(index=int(r["index"]), set_index=1, side=r.get("side"), start_s=float(r["start_s"]),
                     end_s=float(r["end_s"]), duration_s=round(float(r["end_s"]) - float(r["start_s"]), 2),
                     up_s=_num(r.get("up_s")), top_s=_num(r.get("top_s")), down_s=_num(r.get("down_s")),
                     peak_angle_deg=_num(r.get("peak_angle_deg")), rom_deg=_num(r.get("rom_deg")),
                     faults=list(r.get("faults") or []))
        if None in (row.up_s, row.down_s, row.peak_angle_deg, row.rom_deg):
            _recompute(row, ex, series, reps[-1].end_s if reps else None)
        reps.append(row)
    faults = [FaultMarker(id=f["id"], t_s=float(f["t_s"]), rep_index=f.get("rep_index"),
                          severity=str(f.get("severity", "warning")),
                          message=messages.get(f["id"], {"en": f.get("message") or f["id"],
                                                         "nl": f.get("message_nl") or f["id"]}),
                          value=_num(f.get("value")), set_index=1)
              for f in report.get("faults", [])]
    holds = [HoldRow(i, 1, h.get("side"), float(h["start_s"]), float(h["end_s"]), float(h["duration_s"] or 0.0))
             for i, h in enumerate(report.get("holds", []))]
    t0 = float(seq.t_ms[0]) / 1000.0 if len(seq) else None
    t1 = float(seq.t_ms[-1]) / 1000.0 if len(seq) else None
    sets = [SetInfo(1, t0, t1, "video_ended", len(reps), round(sum(h.duration_s for h in holds), 2))]
    meta = {"exercise_id": ex.id, "model": dict(report.get("model") or {}),
            "source": {"spec": str(video_path or report.get("source", "")), "is_live": False, "fps": fps},
            "posecheck_version": report.get("posecheck_version"), "frames": report.get("frames")}
    vf = seq.meta.get("video_frame")
    if vf is None:
        vf = first_video_frame + np.arange(len(seq), dtype=np.int64)
    return Review(exercise_id=ex.id, exercise=ex, meta=meta, video_path=Path(video_path) if video_path else None,
                  reps=reps, faults=faults, holds=holds, sets=sets, series=series,
                  symmetry=symmetry_of(reps, faults, ex.per_side), fps=_fps(meta, seq.t_ms), folder=None,
                  cannot_judge=list(report.get("cannot_judge") or []),
                  cannot_judge_nl=list(report.get("cannot_judge_nl") or report.get("cannot_judge") or []),
                  **_judgement_from_report(report), _t_ms=seq.t_ms.astype(np.int64),
                  _video_frame=np.asarray(vf))
