"""Form-fault rules, evaluated per phase and debounced. Numpy core: no Qt, mediapipe or cv2.

Two families (``check`` in the exercise file):

- ``sustained``: the condition must hold without a break for ``min_duration_s`` while the person is in
  the named phase (top, bottom, anywhere in a rep, during a hold, or whenever in position). It is raised
  at most once per rep, and for holds once per episode (it can fire again after it cleared).
- ``rep_max`` / ``rep_min`` / ``rep_rise`` / ``rep_drop`` / ``rep_change``: judged once when a rep is complete, on the rep's
  extreme value of the feature (or its change from the start of the rep: the feature's median over the last
  ``REST_S`` at the bottom before the rep rose, the position the rep started from; the first sample in the
  rep when it was not seen rising from the bottom). This is how "did not reach full extension" is judged: no single frame is wrong, the whole rep is. With ``min_duration_s`` the extreme is
  the highest (lowest) level the feature kept for that long, so that a skeleton mis-fitted for a frame or
  two (MediaPipe briefly swapping shoulders as the knees fall in a knee drop) is not the rep's extreme.
- ``rep_s`` / ``rep_up_s`` / ``rep_top_s`` / ``rep_down_s``: tempo, judged once on the completed rep's own
  times (the whole rep, the way up, the pause at the top, the way down; the rep counter's 10 % rule) against
  the value: "no pause at the top" is ``rep_top_s < 0.3``. No feature is involved.

A change-based check (``rep_rise`` / ``rep_drop`` / ``rep_change``) is only as good as the feature is
steady when nothing moves. While the person rests at the bottom between reps, the feature's spread is
measured; when it is at least half the fault's limit (MediaPipe's depth estimate of a small, side-lying
person can swing 15 degrees at rest), a change of that size says nothing, so the rep is not judged for
that fault and the report says the signal was too unsteady, instead of raising a false alarm.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from posecheck.engine.reps import RepPhase
from posecheck.engine.events import RepRecord
from posecheck.exercises.schema import TEMPO_CHECKS, Check, FaultSpec, Phase

__all__ = ["FaultHit", "FaultMonitor"]

_CHANGE_CHECKS = (Check.REP_RISE, Check.REP_DROP, Check.REP_CHANGE)
UNSTEADY_SHARE = 0.5  # rest spread, as a share of the fault's limit, above which a change cannot be judged
SPREAD_WINDOW_S = 3.0  # the rest spread is measured over the latest this-many seconds at the bottom
SETTLE_MS = 500  # ... leaving out this long after a rep and before the next (still moving)
# The rest before a rep that per-rep changes are measured from: by the time the driver has left the bottom
# band a feature that moves with it (the head as the trunk tips forward) has already moved.
REST_S = 0.5


@dataclass(frozen=True)
class FaultHit:
    spec: FaultSpec
    t_ms: int
    value: float
    in_rep: bool


class FaultMonitor:
    def __init__(self, faults: tuple[FaultSpec, ...], disabled: set[str] = frozenset()):
        self.sustained = [f for f in faults if f.check is Check.SUSTAINED and f.id not in disabled]
        judged = [f for f in faults if f.id not in disabled]
        self.per_rep = [f for f in judged if f.check is not Check.SUSTAINED and f.check not in TEMPO_CHECKS]
        self.tempo = [f for f in judged if f.check in TEMPO_CHECKS]
        self._since: dict[str, int | None] = {f.id: None for f in self.sustained}
        self._fired: set[str] = set()  # sustained faults already raised in this rep / episode
        self._rep_samples: dict[str, list[tuple[int, float]]] = {}  # feature -> (t_ms, value) within the rep
        self._spread: dict[str, deque] = {f.condition.feature: deque() for f in self.per_rep if f.check in _CHANGE_CHECKS}
        self.unsteady: dict[str, int] = {}  # fault id -> reps not judged because its signal was unsteady at rest
        self.judged: dict[str, int] = {}  # fault id -> reps judged
        self._last_rep_end_ms = -10**9
        self._rest: deque = deque()  # (t_ms, values) at the bottom, the last REST_S
        self._rep_start: dict[str, float] = {}  # feature -> its level at rest before the rep in progress

    def reset(self) -> None:
        for k in self._since:
            self._since[k] = None
        self._fired.clear()
        self._rep_samples.clear()
        for buf in self._spread.values():
            buf.clear()
        self._rest.clear()
        self._rep_start = {}

    def _in_phase(self, phase: Phase, rep_phase: RepPhase, hold_active: bool, armed: bool) -> bool:
        if not armed:
            return False
        if phase is Phase.TOP:
            return rep_phase is RepPhase.TOP
        if phase is Phase.BOTTOM:
            return rep_phase is RepPhase.BOTTOM
        if phase is Phase.REP:
            return rep_phase.under_way
        if phase is Phase.HOLD:
            return hold_active
        return True

    def step(self, t_ms: int, values: dict[str, float], rep_phase: RepPhase, hold_active: bool,
             armed: bool) -> list[FaultHit]:
        hits = []
        in_rep = rep_phase.under_way
        if in_rep:
            if not self._rep_samples and self._rest:
                self._rep_start = self._rest_levels()
            self._track_rep(t_ms, values)
        elif rep_phase is RepPhase.BOTTOM and self.per_rep:
            self._rest.append((t_ms, values))
            while self._rest and t_ms - self._rest[0][0] > REST_S * 1000.0:
                self._rest.popleft()
            if armed:
                self._track_spread(t_ms, values)
        else:
            self._rest.clear()
        for f in self.sustained:
            x = values.get(f.condition.feature, math.nan)
            active = self._in_phase(f.during, rep_phase, hold_active, armed) and f.condition.holds(x)
            if not active:
                self._since[f.id] = None
                if f.during in (Phase.HOLD, Phase.ANY):
                    self._fired.discard(f.id)  # episode over: may fire again
                continue
            if self._since[f.id] is None:
                self._since[f.id] = t_ms
            if f.id not in self._fired and (t_ms - self._since[f.id]) / 1000.0 >= f.min_duration_s:
                self._fired.add(f.id)
                hits.append(FaultHit(f, self._since[f.id], x, in_rep))
        return hits

    def _rest_levels(self) -> dict[str, float]:
        """Each per-rep feature's median over the rest before the rep (then forgotten)."""
        out = {}
        for feature in {f.condition.feature for f in self.per_rep}:
            xs = sorted(x for _, v in self._rest if not math.isnan(x := v.get(feature, math.nan)))
            if xs:
                mid = len(xs) // 2
                out[feature] = xs[mid] if len(xs) % 2 else 0.5 * (xs[mid - 1] + xs[mid])
        self._rest.clear()
        return out

    def _track_rep(self, t_ms: int, values: dict[str, float]) -> None:
        for feature in {f.condition.feature for f in self.per_rep}:
            x = values.get(feature, math.nan)
            if not math.isnan(x):
                self._rep_samples.setdefault(feature, []).append((t_ms, x))

    def _track_spread(self, t_ms: int, values: dict[str, float]) -> None:
        for feature, buf in self._spread.items():
            x = values.get(feature, math.nan)
            if not math.isnan(x):
                buf.append((t_ms, x))
            while buf and (t_ms - buf[0][0]) / 1000.0 > SPREAD_WINDOW_S:
                buf.popleft()

    def _rest_spread(self, feature: str, rep_start_ms: int) -> float:
        """How much the feature moved while the person rested (robust: 10th to 90th percentile), leaving out
        the moments just after the last rep and just before this one: the bottom band still holds the end
        of one movement and the start of the next, when a feature that moves with the rep (the head as the
        trunk tips forward) is already on its way."""
        lo, hi = self._last_rep_end_ms + SETTLE_MS, rep_start_ms - SETTLE_MS
        xs = sorted(x for t, x in self._spread.get(feature, ()) if lo <= t <= hi)
        if len(xs) < 5:
            return 0.0  # too short a rest to say: judge as before
        return xs[int(0.9 * (len(xs) - 1))] - xs[int(0.1 * (len(xs) - 1))]

    @staticmethod
    def _kept_extremes(samples: list[tuple[int, float]], min_duration_s: float) -> tuple[float, float]:
        """(lowest, highest) level the feature kept for at least ``min_duration_s``: over every window of
        that length, the window's max (for the low) and min (for the high). 0 s: the plain extremes."""
        xs = [x for _, x in samples]
        if min_duration_s <= 0 or len(samples) < 2:
            return min(xs), max(xs)
        d_ms = min_duration_s * 1000.0
        lo, hi, j = math.inf, -math.inf, 0
        for i, (t, _) in enumerate(samples):
            while samples[j][0] < t - d_ms:
                j += 1
            if t - samples[0][0] < d_ms:
                continue  # the first window is not complete yet
            window = xs[j:i + 1]
            lo, hi = min(lo, max(window)), max(hi, min(window))
        return (lo, hi) if hi > -math.inf else (min(xs), max(xs))

    def rep_ended(self, t_ms: int, completed: bool, rep: RepRecord | None = None) -> list[FaultHit]:
        """Judge the per-rep rules on a completed rep (and the tempo rules on its record); forget the rep
        either way."""
        hits = []
        if completed and rep is not None:
            for f in self.tempo:
                seconds = getattr(rep, TEMPO_CHECKS[f.check])
                if f.condition.holds(seconds):
                    hits.append(FaultHit(f, t_ms, seconds, True))
        if completed:
            for f in self.per_rep:
                samples = self._rep_samples.get(f.condition.feature)
                if not samples:
                    continue
                if f.check in _CHANGE_CHECKS and f.condition.op.value in (">", "<"):
                    if self._rest_spread(f.condition.feature, samples[0][0]) >= UNSTEADY_SHARE * abs(f.condition.value[0]):
                        self.unsteady[f.id] = self.unsteady.get(f.id, 0) + 1
                        continue
                self.judged[f.id] = self.judged.get(f.id, 0) + 1
                start = self._rep_start.get(f.condition.feature, samples[0][1])
                lo, hi = self._kept_extremes(samples, f.min_duration_s)
                value = {Check.REP_MAX: hi, Check.REP_MIN: lo, Check.REP_RISE: hi - start,
                         Check.REP_DROP: start - lo, Check.REP_CHANGE: max(hi - start, start - lo)}[f.check]
                if f.condition.holds(value):
                    hits.append(FaultHit(f, t_ms, value, True))
        self._rep_samples.clear()
        self._rep_start = {}
        self._last_rep_end_ms = t_ms
        for f in self.sustained:
            if f.during in (Phase.TOP, Phase.BOTTOM, Phase.REP):
                self._fired.discard(f.id)
        return hits
