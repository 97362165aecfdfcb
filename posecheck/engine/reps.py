"""Rep counting on one driver signal with hysteresis bands. Numpy core: no Qt, mediapipe or cv2.

States and transitions for ``direction="up"`` (mirrored for "down")::

    BOTTOM --v > bottom_exit--> RISING --v >= top_enter--> TOP --v < top_exit--> LOWERING
    LOWERING --v < bottom_enter--> BOTTOM (the rep is counted here)
    RISING --v < bottom_enter--> BOTTOM (an attempt that never reached the top: not a rep)
    LOWERING --v >= top_enter--> TOP (went back up before reaching the bottom: same rep)

The gap between the enter and exit thresholds is the hysteresis: jitter around one threshold cannot
produce a rep. A top shorter than ``min_top_s`` or a rep shorter than ``min_rep_s`` is discarded as a
glitch. If the stream ends or tracking is lost while LOWERING and already below ``bottom_exit``, the
return was visible and the rep counts. A rep's time runs from the last moment at or below
``bottom_enter`` before it rises to the moment it is back below ``bottom_enter``.
The counter only runs while the engine says the person is in position (``armed``).

The bands start as the exercise file's and may be refitted to the person's own range
(:mod:`posecheck.engine.bands`, :meth:`RepCounter.credit`): a movement cycle the bands missed is
counted then, and the machine waits for the bottom before it starts the next rep.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from collections import deque
from enum import Enum

from posecheck.engine.bands import Bands
from posecheck.engine.cycles import Cycle
from posecheck.engine.events import RepRecord
from posecheck.exercises.schema import RepSpec

__all__ = ["RepPhase", "RepCounter", "tempo_marks_ms"]


class RepPhase(Enum):
    IDLE = "idle"  # not in position: nothing is counted
    BOTTOM = "bottom"
    RISING = "rising"
    TOP = "top"
    LOWERING = "lowering"

    @property
    def under_way(self) -> bool:
        """A rep has begun and not ended: rising, at the top or lowering."""
        return self in (RepPhase.RISING, RepPhase.TOP, RepPhase.LOWERING)


@dataclass
class _Current:
    start_ms: int
    low: float
    peak: float = -math.inf
    peak_side: str | None = None
    peak_ok: bool = True  # the rep's top requirement (RepSpec.top_requires) held at the peak
    top_start_ms: int | None = None
    top_end_ms: int | None = None
    samples: list = None  # (t_ms, v) from the bottom before the rise to now, for tempo
    rise_seen: bool = True  # False when counting was armed partway up or at the top (a clip that starts there)

    def __post_init__(self):
        if self.samples is None:
            self.samples = []


def tempo_marks_ms(samples: list[tuple[int, float]], start_ms: int, low: float, peak: float,
                   top_start_ms: int | None = None, top_end_ms: int | None = None) -> tuple[int, int, int]:
    """Start, top start and top end (ms) of a rep by the 10 % rule: the rise begins at the last sample
    within 10 % of the range above the low point and the top spans the samples within 10 % of the peak.
    Threshold crossings alone would cut the slow ends off every movement and understate the tempo.

    ``samples`` are (t_ms, value) from the bottom before the rise to the rep's end, with the value
    signed so that up is larger (the review measures recorded reps with this rule too). Without a range
    or samples, the marks the counter saw itself (``start_ms``, ``top_start_ms``, ``top_end_ms``) stand."""
    rom = peak - low
    if rom <= 0 or not samples:
        return start_ms, top_start_ms, top_end_ms
    near_top = [t for t, v in samples if v >= peak - 0.1 * rom]
    top_start, top_end = near_top[0], near_top[-1]
    near_low = [t for t, v in samples if v <= low + 0.1 * rom and t <= top_start]
    start = near_low[-1] if near_low else start_ms
    return min(start, top_start), top_start, max(top_end, top_start)


class RepCounter:
    def __init__(self, spec: RepSpec):
        self.spec = spec
        self._sign = 1.0 if spec.direction == "up" else -1.0
        self.bands = Bands.of(spec)  # in the driver's units; refitted by credit()
        self.fitted_at_ms: int | None = None  # when the bands were last fitted to the person
        self.fitted_amplitude: float | None = None  # the range they were fitted to
        self.credited: set[int] = set()  # indices of reps counted from a cycle the bands missed
        self._set_signed(self.bands)
        self._await_bottom = False  # after a credited cycle: no new rep before the bottom is reached
        self._bottom_first = False  # after a restart: arming at the top does not count that top
        self._last_top_ms: int | None = None  # top start of the latest rep counted by the bands
        self.phase = RepPhase.IDLE
        self.reps: list[RepRecord] = []
        # Whether the rep last finished was seen from the bottom: its tempo (up, top, down) can be judged
        # only then, not for a rep that counting joined on its way up or at its top.
        self.last_rise_seen = True
        self._cur: _Current | None = None
        self._last_t_ms: int | None = None
        self._valley = math.inf  # lowest value seen at the bottom, for the range of motion
        self._left_bottom_ms: int | None = None  # last time at or below bottom_enter: where a rep starts
        self._last_value = math.inf
        self._bottom_samples: deque = deque(maxlen=64)  # recent samples at the bottom

    def _set_signed(self, bands: Bands) -> None:
        b = bands.signed(self._sign)
        self._top_enter, self._top_exit = b.top_enter, b.top_exit
        self._bottom_exit, self._bottom_enter = b.bottom_exit, b.bottom_enter

    def open_top_ms(self) -> int | None:
        """When the top of the rep in progress was reached (None outside a rep or before its top)."""
        if self._cur is None or self.phase not in (RepPhase.TOP, RepPhase.LOWERING):
            return None
        return self._cur.top_start_ms

    def counted(self, cycle: Cycle) -> bool:
        """Did the bands see this cycle's top? (the rep it makes is counted, or will be on its return)"""
        cur_top = self._cur.top_start_ms if self._cur is not None else None
        tops = [t for t in (cur_top, self._last_top_ms) if t is not None]
        return any(cycle.start_ms <= t <= cycle.end_ms for t in tops)

    def credit(self, cycle: Cycle, bands: Bands, t_ms: int, value: float, amplitude: float,
               top_ok: bool = True) -> RepRecord | None:
        """Count a cycle the bands missed, and count with ``bands`` from now on.

        The machine restarts at the bottom and waits there until the driver is back below the new
        ``bottom_enter``: the rest of this cycle's return must not start another rep."""
        self.bands, self.fitted_at_ms, self.fitted_amplitude = bands, t_ms, amplitude
        self._set_signed(bands)
        self.phase, self._cur, self._valley, self._left_bottom_ms = RepPhase.BOTTOM, None, math.inf, None
        self._bottom_samples.clear()
        self._await_bottom = self._sign * value > self._bottom_enter
        if not self.spec.min_rep_s <= (cycle.end_ms - cycle.start_ms) / 1000.0 <= self.spec.max_rep_s or not top_ok:
            return None
        rep = RepRecord(index=len(self.reps), side=cycle.side, start_ms=cycle.start_ms,
                        top_start_ms=cycle.top_start_ms if cycle.top_start_ms is not None else cycle.peak_ms,
                        top_end_ms=cycle.top_end_ms if cycle.top_end_ms is not None else cycle.peak_ms,
                        end_ms=cycle.end_ms, peak_value=cycle.peak, rom=cycle.amplitude)
        self.credited.add(rep.index)
        self.reps.append(rep)
        self.last_rise_seen = True
        return rep

    def require_bottom(self) -> None:
        """The next rep must start from the bottom (after a cut, a rise seen only in the earlier shot
        must not make a rep with a return seen only in the later one)."""
        self._bottom_first = True

    def forget_fit(self) -> None:
        """Back to the exercise file's bands (another person, or the camera moved)."""
        self.bands, self.fitted_at_ms, self.fitted_amplitude = Bands.of(self.spec), None, None
        self._set_signed(self.bands)

    def band_counted_roms(self) -> list[float]:
        """Ranges of motion of the reps the bands counted themselves (not credited from cycles)."""
        return [r.rom for r in self.reps if r.index not in self.credited]

    @property
    def in_rep(self) -> bool:
        return self.phase.under_way

    @property
    def next_index(self) -> int:
        return len(self.reps)

    def disarm(self, t_ms: int, returned: Cycle | None = None) -> RepRecord | None:
        """Leave position, lose tracking or end the stream: a rep clearly on its way down (below
        bottom_exit) counts, and so does one whose top the cycle count saw ``returned`` from (the return
        toward the start is visible, as raters count a rep a clip ends on); others are dropped."""
        on_way_down = self.phase is RepPhase.LOWERING and self._last_value <= self._bottom_exit
        cur = self._cur
        seen_back = (returned is not None and cur is not None and cur.top_start_ms is not None
                     and self.phase in (RepPhase.TOP, RepPhase.LOWERING)
                     and returned.start_ms <= cur.top_start_ms <= returned.end_ms)
        if seen_back and cur.top_end_ms is None:
            cur.top_end_ms = max(cur.top_start_ms, returned.top_end_ms or returned.peak_ms)
        done = self._finish(self._last_t_ms or t_ms) if on_way_down or seen_back else None
        self.phase, self._cur, self._left_bottom_ms = RepPhase.IDLE, None, None
        return done

    def reset(self) -> None:
        """Forget the rep in progress without counting it (the driver's scale changed under it)."""
        self.phase, self._cur, self._left_bottom_ms = RepPhase.IDLE, None, None
        self._valley, self._last_value = math.inf, math.inf
        self._bottom_samples.clear()

    def step(self, t_ms: int, value: float, side: str | None = None,
             top_ok: bool = True) -> tuple[str | None, RepRecord | None]:
        """Feed one (filtered) driver value. Returns (transition name or None, completed rep or None).
        ``top_ok``: whether the rep's top requirement holds in this frame (judged at the rep's peak)."""
        if value is None or math.isnan(value):
            return None, None  # a dropout keeps the state; the engine disarms after the grace time
        v = self._sign * value
        self._last_t_ms = t_ms
        if self.phase is RepPhase.IDLE:
            self._arm(t_ms, v, side, top_ok)
            return "armed", None
        cur = self._cur
        if cur is not None:
            cur.samples.append((t_ms, v))
            if v > cur.peak:
                cur.peak, cur.peak_side, cur.peak_ok = v, side, top_ok
        if self.phase is RepPhase.BOTTOM:
            if self._await_bottom:
                if v > self._bottom_enter:
                    return None, None
                self._await_bottom = False
            self._valley = min(self._valley, v)
            if v <= self._bottom_enter or self._left_bottom_ms is None:
                self._left_bottom_ms = t_ms
            self._bottom_samples.append((t_ms, v))
            if v > self._bottom_exit:
                self.phase = RepPhase.RISING
                self._cur = _Current(start_ms=self._left_bottom_ms, low=min(self._valley, v), peak=v, peak_side=side,
                                     peak_ok=top_ok,
                                     samples=list(self._bottom_samples))
                return "started", None
            return None, None
        if self.phase is RepPhase.RISING:
            if v >= self._top_enter:
                self.phase = RepPhase.TOP
                cur.top_start_ms = self._last_top_ms = t_ms
                return "top", None
            if v < self._bottom_enter:
                self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, v
                return "aborted", None
            return None, None
        if self.phase is RepPhase.TOP:
            if v < self._top_exit:
                if (t_ms - cur.top_start_ms) / 1000.0 < self.spec.min_top_s:
                    self.phase = RepPhase.RISING  # a one-frame spike is not a top
                    cur.top_start_ms = None
                    return None, None
                self.phase = RepPhase.LOWERING
                cur.top_end_ms = t_ms
                return "lowering", None
            return None, None
        # LOWERING
        self._left_bottom_ms = t_ms
        if v >= self._top_enter:
            self.phase = RepPhase.TOP
            cur.top_end_ms = None
            return "top", None
        if v < self._bottom_enter:
            return "completed", self._finish(t_ms)
        self._last_value = v
        return None, None

    def finish(self, t_ms: int) -> RepRecord | None:
        """End of the stream."""
        return self.disarm(t_ms)

    def _arm(self, t_ms: int, v: float, side: str | None, top_ok: bool = True) -> None:
        # Arming at the top counts the rep once the return is seen (a clip may start at the top), except
        # right after a restart (a cut): then the machine waits for the bottom.
        self._await_bottom = False
        if self._bottom_first:
            self._bottom_first = False
            self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, v
            self._await_bottom = v > self._bottom_enter
            return
        if v >= self._top_enter:
            self._last_top_ms = t_ms
            self.phase = RepPhase.TOP
            self._cur = _Current(start_ms=t_ms, low=v, peak=v, peak_side=side, top_start_ms=t_ms, peak_ok=top_ok,
                                 rise_seen=False)
        elif v > self._bottom_exit:
            self.phase = RepPhase.RISING
            self._cur = _Current(start_ms=t_ms, low=v, peak=v, peak_side=side, peak_ok=top_ok, rise_seen=False)
        else:
            self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, v

    @staticmethod
    def _tempo_marks(cur: _Current) -> tuple[int, int, int]:
        return tempo_marks_ms(cur.samples, cur.start_ms, cur.low, cur.peak, cur.top_start_ms, cur.top_end_ms)

    def _finish(self, t_ms: int) -> RepRecord | None:
        cur = self._cur
        self.last_rise_seen = cur is not None and cur.rise_seen
        self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, math.inf
        self._bottom_samples.clear()
        if cur is None or cur.top_start_ms is None or cur.top_end_ms is None:
            return None
        # A rep armed at the top shows only its top and return: the shortest whole rep says nothing about
        # it (a brisk rep seen from its top lasts half of min_rep_s), the shortest top does.
        shortest_s = self.spec.min_rep_s if cur.rise_seen else self.spec.min_top_s
        if not shortest_s <= (t_ms - cur.start_ms) / 1000.0 <= self.spec.max_rep_s:
            return None  # a glitch, or (longer than max_rep_s) a position held, not a repetition
        if not cur.peak_ok:
            return None  # the body at the top was not this variant's (RepSpec.top_requires)
        start_ms, top_start_ms, top_end_ms = self._tempo_marks(cur)
        rep = RepRecord(
            index=len(self.reps), side=cur.peak_side, start_ms=start_ms, top_start_ms=top_start_ms,
            top_end_ms=top_end_ms, end_ms=t_ms, peak_value=self._sign * cur.peak, rom=cur.peak - cur.low,
        )
        self.reps.append(rep)
        return rep
