"""Playhead: the review's current time, play/pause, speed and frame stepping (no widgets, no painting).

Time is the session's source time in seconds (``t_s``), the same clock as the landmarks and the
events. While playing, a timer advances the time by the wall-clock time elapsed times the speed
(not by one frame per tick), so playback keeps real speed even when a tick comes late.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QElapsedTimer, QObject, QTimer, pyqtSignal

__all__ = ["SPEEDS", "Playhead"]

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0)
_TICK_MS = 30  # about 33 updates a second: smooth enough, and leaves the second core to the decoder


class Playhead(QObject):
    position_changed = pyqtSignal(float)  # t_s
    playing_changed = pyqtSignal(bool)
    speed_changed = pyqtSignal(float)

    def __init__(self, frame_times_s: np.ndarray, parent=None):
        super().__init__(parent)
        self.frame_times_s = np.asarray(frame_times_s, float)
        self.t_s = float(self.frame_times_s[0]) if len(self.frame_times_s) else 0.0
        self.speed = 1.0
        self.playing = False
        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._clock = QElapsedTimer()

    @property
    def start_s(self) -> float:
        return float(self.frame_times_s[0]) if len(self.frame_times_s) else 0.0

    @property
    def end_s(self) -> float:
        return float(self.frame_times_s[-1]) if len(self.frame_times_s) else 0.0

    @property
    def frame_index(self) -> int:
        """The landmark frame shown at ``t_s``: the last one at or before it."""
        if not len(self.frame_times_s):
            return 0
        i = int(np.searchsorted(self.frame_times_s, self.t_s + 1e-6, side="right")) - 1
        return max(0, min(i, len(self.frame_times_s) - 1))

    def seek(self, t_s: float) -> None:
        t_s = min(max(float(t_s), self.start_s), self.end_s)
        if t_s != self.t_s:
            self.t_s = t_s
            self.position_changed.emit(t_s)

    def step(self, frames: int) -> None:
        """Move by whole frames (pauses: stepping is for looking closely)."""
        self.pause()
        i = max(0, min(self.frame_index + frames, len(self.frame_times_s) - 1))
        self.seek(float(self.frame_times_s[i]) if len(self.frame_times_s) else 0.0)

    def set_speed(self, speed: float) -> None:
        self.speed = min(max(float(speed), SPEEDS[0]), SPEEDS[-1])
        self.speed_changed.emit(self.speed)

    def play(self) -> None:
        if self.playing or len(self.frame_times_s) < 2:
            return
        if self.t_s >= self.end_s:
            self.seek(self.start_s)  # play at the end starts again, as media players do
        self.playing = True
        self._clock.start()
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if not self.playing:
            return
        self.playing = False
        self._timer.stop()
        self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def _on_tick(self) -> None:
        elapsed_s = self._clock.restart() / 1000.0
        target = self.t_s + elapsed_s * self.speed
        if target >= self.end_s:
            self.seek(self.end_s)
            self.pause()
        else:
            self.seek(target)
