"""Timing of held positions, only while the posture is right. Numpy core: no Qt, mediapipe or cv2.

A hold runs while every hold condition is true. A break shorter than ``grace_s`` (a dropped frame, a
wobble, MediaPipe losing the far arm for a moment) is bridged; a longer one ends the hold at the last
moment the posture was right, so the time outside the band is never counted. Holds shorter than
``min_hold_s`` are not reported (in a rep exercise those are just the pauses at the top).
"""

from __future__ import annotations

from posecheck.engine.events import HoldRecord
from posecheck.exercises.schema import HoldSpec

__all__ = ["HoldTimer"]


class HoldTimer:
    def __init__(self, spec: HoldSpec):
        self.spec = spec
        self.holds: list[HoldRecord] = []
        self._start_ms: int | None = None
        self._last_good_ms: int | None = None
        self._side: str | None = None

    @property
    def active(self) -> bool:
        return self._start_ms is not None

    def current_s(self, t_ms: int | None = None) -> float:
        """Seconds of the running hold (0 when none)."""
        if self._start_ms is None or self._last_good_ms is None:
            return 0.0
        return (self._last_good_ms - self._start_ms) / 1000.0

    @property
    def total_s(self) -> float:
        return sum(h.duration_s for h in self.holds)

    def step(self, t_ms: int, in_band: bool | None, side: str | None = None,
             since_ms: int | None = None) -> tuple[str | None, HoldRecord | None]:
        """``in_band`` None means "cannot see" (bridged for up to the grace time like a wobble).
        ``since_ms``: when the posture has already been right since before this call (the engine's
        settle time before counting), the hold is dated from then.

        Returns ("started", None), ("ended", record or None) or (None, None).
        """
        if in_band:
            if self._start_ms is None:
                start = t_ms if since_ms is None else min(since_ms, t_ms)
                self._start_ms, self._last_good_ms, self._side = start, t_ms, side
                return "started", None
            self._last_good_ms = t_ms
            return None, None
        if self._start_ms is not None and (t_ms - self._last_good_ms) / 1000.0 > self.spec.grace_s:
            return "ended", self._close()
        return None, None

    def finish(self) -> HoldRecord | None:
        return self._close() if self._start_ms is not None else None

    def _close(self) -> HoldRecord | None:
        rec = HoldRecord(self._side, self._start_ms, self._last_good_ms)
        self._start_ms = self._last_good_ms = None
        if rec.duration_s < self.spec.min_hold_s:
            return None
        self.holds.append(rec)
        return rec
