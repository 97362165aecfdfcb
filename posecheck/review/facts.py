"""What happened in a session, from its typed events: reps, faults, holds and sets as rows.

Numpy core: no Qt, mediapipe or cv2. :func:`facts_from_events` is the one reader of events for what
they count: the review of a session folder, the review of a video analysed on open and the JSON
report of ``posecheck analyze`` all build their rows here, and :func:`rep_fields`,
:func:`hold_fields` and :func:`fault_fields` project a row to the report's keys (schema v1), so the
report and the review's JSON export cannot disagree.

Rep indices are renumbered across the whole session (0, 1, 2 … in order of completion): the app
starts a new engine per set, so ``RepCompleted.rep.index`` and ``FaultRaised.rep_index`` restart at
0 in every set. Each rep keeps its ``set_index``. Times are source seconds (``t_s``), as in the
JSON report.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from posecheck.engine.events import (
    FaultRaised,
    HoldEnded,
    RepCompleted,
    SetEnded,
    SetStarted,
    StoppedForPain,
    TaggedEvent,
)
from posecheck.engine.reps import tempo_marks_ms
from posecheck.exercises.schema import ExerciseDef
from posecheck.review.series import AngleSeries, nan_extreme

__all__ = ["FaultMarker", "HoldRow", "RepRow", "SessionFacts", "SetInfo", "fault_fields", "fault_key",
           "facts_from_events", "hold_fields", "rep_fields"]


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
class SessionFacts:
    """Everything a session's events say it counted (see :func:`facts_from_events`)."""

    reps: list[RepRow]
    faults: list[FaultMarker]
    holds: list[HoldRow]
    sets: list[SetInfo]
    stopped_for_pain: bool
    warnings: list[str] = field(default_factory=list)


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


def _set_of(te: TaggedEvent, clock: _SetClock, t_ms) -> int:
    return te.set_index if te.set_index is not None else clock.at(t_ms)


def _recompute(row: RepRow, ex: ExerciseDef, series: AngleSeries, low_from_s: float | None = None) -> None:
    """Fill peak / ROM / tempo the events lack, from the smoothed driver inside the rep's window,
    with the engine's 10 % tempo rule (:func:`posecheck.engine.reps.tempo_marks_ms`). ``low_from_s``: where the rest at the
    bottom before this rep began (the previous rep's end): the engine's range of motion runs from the
    lowest value there, which lies before the rep's own start."""
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
        samples = list(zip(t_ms, (sign * window_v[keep]).tolist()))
        start, top_start, top_end = tempo_marks_ms(samples, int(round(row.start_s * 1000)), sign * low, sign * peak)
        end = int(round(row.end_s * 1000))
        row.up_s = round((top_start - start) / 1000.0, 2)
        row.top_s = round((top_end - top_start) / 1000.0, 2)
        row.down_s = round((end - top_end) / 1000.0, 2)
        row.recomputed += ["up_s", "top_s", "down_s"]


def facts_from_events(events: Iterable[TaggedEvent], ex: ExerciseDef, series: AngleSeries | None = None) -> SessionFacts:
    """The rows of a session from its typed events. ``series``: the recording's measured features, to
    fill in a detail a rep event lacks (older or hand-written files); without it such a field stays None."""
    events = list(events)
    warnings: list[str] = []
    starts = [(int(te.event.t_ms or 0), int(te.set_index or 1)) for te in events if isinstance(te.event, SetStarted)]
    clock = _SetClock(starts)
    sets: dict[int, SetInfo] = {i: SetInfo(i, _s(t), None, None, 0, 0.0) for t, i in sorted(starts)}
    reps: list[RepRow] = []
    global_index: dict[tuple[int, int], int] = {}
    listed: dict[int, set[str]] = {}  # the faults each completed rep itself recorded
    holds: list[HoldRow] = []
    raw_faults: list[tuple[FaultRaised, int]] = []
    stopped_for_pain = False
    incomplete = 0
    for te in events:
        e = te.event
        if isinstance(e, RepCompleted):
            r = e.rep
            start = None if r is None else r.start_ms
            end = None if r is None else (e.t_ms if r.end_ms is None else r.end_ms)
            if start is None or end is None:
                incomplete += 1
                continue
            set_index = _set_of(te, clock, start)
            top_start, top_end = r.top_start_ms, r.top_end_ms
            row = RepRow(index=len(reps), set_index=set_index, side=r.side, start_s=_s(start), end_s=_s(end),
                         duration_s=round((end - start) / 1000.0, 2),
                         up_s=None if top_start is None else round((top_start - start) / 1000.0, 2),
                         top_s=None if None in (top_start, top_end) else round((top_end - top_start) / 1000.0, 2),
                         down_s=None if top_end is None else round((end - top_end) / 1000.0, 2),
                         peak_angle_deg=None if _num(r.peak_value) is None else round(float(r.peak_value), 1),
                         rom_deg=None if _num(r.rom) is None else round(float(r.rom), 1),
                         faults=list(r.faults or []))
            if series is not None and None in (row.up_s, row.down_s, row.peak_angle_deg, row.rom_deg):
                prev = [p.end_s for p in reps if p.set_index == set_index]
                _recompute(row, ex, series, prev[-1] if prev else sets.get(set_index, SetInfo(0, None, None, None, 0, 0)).start_s)
            if r.index is not None:
                global_index[(set_index, int(r.index))] = row.index
            if r.faults is not None:
                listed[row.index] = set(row.faults)
            reps.append(row)
        elif isinstance(e, FaultRaised):
            raw_faults.append((e, _set_of(te, clock, e.t_ms)))
        elif isinstance(e, HoldEnded):
            h = e.hold
            if h is None or h.start_ms is None or h.end_ms is None:
                continue
            set_index = _set_of(te, clock, h.start_ms)
            holds.append(HoldRow(len(holds), set_index, h.side, _s(h.start_ms), _s(h.end_ms),
                                 round((h.end_ms - h.start_ms) / 1000.0, 2)))
        elif isinstance(e, SetEnded):
            i = _set_of(te, clock, e.t_ms)
            s = sets.setdefault(i, SetInfo(i, None, None, None, 0, 0.0))
            s.end_s, s.reason = _s(e.t_ms), e.reason
            s.hold_s = float(e.hold_s or 0.0)
        elif isinstance(e, StoppedForPain):
            stopped_for_pain = True
    if incomplete:
        warnings.append(f"{incomplete} rep event(s) without start or end time were left out")
    messages = _messages(ex)
    faults = []
    for e, set_index in raw_faults:
        fid = str(e.fault_id or "")
        local = e.rep_index
        rep_index = None if local is None else global_index.get((set_index, int(local)))
        if rep_index is not None and rep_index in listed and fid not in listed[rep_index]:
            # Live, a fault is written when raised, tagged with the rep in progress; if that attempt
            # never became a rep the engine detaches the fault only in memory, and the next rep takes
            # the same index. The completed rep lists every fault it really had, so trust that list.
            rep_index = None
        faults.append(FaultMarker(id=fid, t_s=_s(e.t_ms or 0), rep_index=rep_index,
                                  severity=str(e.severity or "warning"),
                                  message=messages.get(fid, {"en": fid, "nl": fid}),
                                  value=_num(e.value), set_index=set_index))
    faults.sort(key=lambda f: f.t_s)
    for r in reps:
        if r.set_index not in sets:
            sets[r.set_index] = SetInfo(r.set_index, None, None, None, 0, 0.0)
        sets[r.set_index].reps_total += 1
    return SessionFacts(reps, faults, holds, [sets[k] for k in sorted(sets)], stopped_for_pain, warnings)


# -------------------------------------------------------------------------------- projections
def _r(x: float | None, nd: int) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), nd)


def rep_fields(row: RepRow) -> dict:
    """A rep as in the report's ``rep_list`` (schema v1)."""
    return {"index": row.index, "side": row.side, "start_s": row.start_s, "end_s": row.end_s,
            "peak_angle_deg": row.peak_angle_deg, "rom_deg": row.rom_deg, "up_s": row.up_s,
            "top_s": row.top_s, "down_s": row.down_s, "faults": list(row.faults)}


def hold_fields(row: HoldRow) -> dict:
    """A hold as in the report's ``holds``."""
    return {"side": row.side, "start_s": row.start_s, "end_s": row.end_s, "duration_s": row.duration_s}


def fault_fields(marker: FaultMarker) -> dict:
    """A detected fault as in the report's ``faults`` (the message in both languages)."""
    return {"id": marker.id, "t_s": marker.t_s, "rep_index": marker.rep_index, "severity": marker.severity,
            "value": _r(marker.value, 2), "message": marker.message.get("en"), "message_nl": marker.message.get("nl")}
