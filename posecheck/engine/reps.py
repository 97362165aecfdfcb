"""Rep counting on one driver signal with hysteresis bands. Numpy core: no Qt, mediapipe or cv2.

States and transitions for ``direction="up"`` (mirrored for "down")::

    BOTTOM --v > bottom_exit--> RISING --v >= top_enter--> TOP --v < top_exit--> LOWERING
    LOWERING --v < bottom_enter--> BOTTOM (the rep is counted here)
    RISING --v < bottom_enter--> BOTTOM (an attempt that never reached the top: not a rep)
    LOWERING --v >= top_enter--> TOP (went back up before reaching the bottom: same rep)

The gap between the enter and exit thresholds is the hysteresis: jitter around one threshold cannot
produce a rep. A top shorter than ``min_top_s`` or a rep shorter than ``min_rep_s`` is discarded as a
glitch. If the stream ends or tracking is lost while LOWERING, the return was visible and the rep counts.
The counter only runs while the engine says the person is in position (``armed``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from posecheck.engine.events import RepRecord
from posecheck.exercises.schema import RepSpec

__all__ = ["RepPhase", "RepCounter"]


class RepPhase(Enum):
    IDLE = "idle"  # not in position: nothing is counted
    BOTTOM = "bottom"
    RISING = "rising"
    TOP = "top"
    LOWERING = "lowering"


@dataclass
class _Current:
    start_ms: int
    low: float
    peak: float = -math.inf
    peak_side: str | None = None
    top_start_ms: int | None = None
    top_end_ms: int | None = None


class RepCounter:
    def __init__(self, spec: RepSpec):
        self.spec = spec
        self._sign = 1.0 if spec.direction == "up" else -1.0
        s = self._sign
        self._top_enter, self._top_exit = s * spec.top_enter, s * spec.top_exit
        self._bottom_exit, self._bottom_enter = s * spec.bottom_exit, s * spec.bottom_enter
        self.phase = RepPhase.IDLE
        self.reps: list[RepRecord] = []
        self._cur: _Current | None = None
        self._last_t_ms: int | None = None
        self._valley = math.inf  # lowest value seen at the bottom, for the range of motion

    @property
    def in_rep(self) -> bool:
        return self.phase in (RepPhase.RISING, RepPhase.TOP, RepPhase.LOWERING)

    @property
    def next_index(self) -> int:
        return len(self.reps)

    def disarm(self, t_ms: int) -> RepRecord | None:
        """Leave position or lose tracking: a rep already on its way down counts, others are dropped."""
        done = self._finish(self._last_t_ms or t_ms) if self.phase is RepPhase.LOWERING else None
        self.phase, self._cur = RepPhase.IDLE, None
        return done

    def step(self, t_ms: int, value: float, side: str | None = None) -> tuple[str | None, RepRecord | None]:
        """Feed one (filtered) driver value. Returns (transition name or None, completed rep or None)."""
        if value is None or math.isnan(value):
            return None, None  # a dropout keeps the state; the engine disarms after the grace time
        v = self._sign * value
        self._last_t_ms = t_ms
        if self.phase is RepPhase.IDLE:
            self._arm(t_ms, v, side)
            return "armed", None
        cur = self._cur
        if cur is not None:
            if v > cur.peak:
                cur.peak, cur.peak_side = v, side
        if self.phase is RepPhase.BOTTOM:
            self._valley = min(self._valley, v)
            if v > self._bottom_exit:
                self.phase = RepPhase.RISING
                self._cur = _Current(start_ms=t_ms, low=min(self._valley, v), peak=v, peak_side=side)
                return "started", None
            return None, None
        if self.phase is RepPhase.RISING:
            if v >= self._top_enter:
                self.phase = RepPhase.TOP
                cur.top_start_ms = t_ms
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
        if v >= self._top_enter:
            self.phase = RepPhase.TOP
            cur.top_end_ms = None
            return "top", None
        if v < self._bottom_enter:
            return "completed", self._finish(t_ms)
        return None, None

    def finish(self, t_ms: int) -> RepRecord | None:
        """End of the stream."""
        return self.disarm(t_ms)

    def _arm(self, t_ms: int, v: float, side: str | None) -> None:
        # Arming at the top counts the rep once the return is seen (a clip may start at the top).
        if v >= self._top_enter:
            self.phase = RepPhase.TOP
            self._cur = _Current(start_ms=t_ms, low=v, peak=v, peak_side=side, top_start_ms=t_ms)
        elif v > self._bottom_exit:
            self.phase = RepPhase.RISING
            self._cur = _Current(start_ms=t_ms, low=v, peak=v, peak_side=side)
        else:
            self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, v

    def _finish(self, t_ms: int) -> RepRecord | None:
        cur = self._cur
        self.phase, self._cur, self._valley = RepPhase.BOTTOM, None, math.inf
        if cur is None or cur.top_start_ms is None or cur.top_end_ms is None:
            return None
        if (t_ms - cur.start_ms) / 1000.0 < self.spec.min_rep_s:
            return None
        rep = RepRecord(
            index=len(self.reps), side=cur.peak_side, start_ms=cur.start_ms, top_start_ms=cur.top_start_ms,
            top_end_ms=cur.top_end_ms, end_ms=t_ms, peak_value=self._sign * cur.peak, rom=cur.peak - cur.low,
        )
        self.reps.append(rep)
        return rep
