"""QtAnglePlot: the last seconds of the driving angle, with the exercise's thresholds as lines (pyqtgraph).

Cheap to repaint, because the UI thread paints it up to 15 times a second beside the video: both axes
keep a fixed range, so pyqtgraph can reuse its cached axis pictures. Time runs from -window_s to 0
("seconds ago") instead of scrolling. The y range is set from the thresholds, and is widened only
when the angle leaves it. With scrolling, autoranged axes every repaint regenerated both axes' tick
text, which cost about 10 ms of the UI thread per frame (benchmarks/app_latency.py).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import pyqtgraph as pg

__all__ = ["QtAnglePlot"]

_Y_MARGIN = 10.0  # units (degrees) around the thresholds, so a rep's top and bottom are in view


class QtAnglePlot(pg.PlotWidget):
    def __init__(self, parent=None, window_s: float = 10.0):
        super().__init__(parent)
        self.window_s = window_s
        self.setBackground("#18181c")
        self.setMinimumHeight(150)
        self.showGrid(x=False, y=True, alpha=0.2)
        self.setLabel("bottom", "s")
        bottom = self.getAxis("bottom")
        bottom.enableAutoSIPrefix(False)
        step = 5.0 if window_s > 5 else 1.0
        bottom.setTicks([[(-k * step, f"{-k * step:g}") for k in range(int(window_s // step) + 1)], []])
        self.setMouseEnabled(False, False)
        self.hideButtons()
        self.disableAutoRange()
        self.setXRange(-window_s, 0.0, padding=0.02)  # a little room, so the 0 and -10 labels are drawn
        self._y_range = (0.0, 1.0)
        self._t: deque[float] = deque(maxlen=1200)
        self._v: deque[float] = deque(maxlen=1200)
        self._curve = self.plot([], [], pen=pg.mkPen("#4cdc78", width=2))
        self._lines: list[pg.InfiniteLine] = []

    def configure(self, title: str, thresholds: list[tuple[float, str]]) -> None:
        self.setTitle(title, color="#ddd", size="10pt")
        for line in self._lines:
            self.removeItem(line)
        self._lines = []
        for value, colour in thresholds:
            line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(colour, width=1, style=pg.QtCore.Qt.PenStyle.DashLine))
            self.addItem(line)
            self._lines.append(line)
        values = [v for v, _ in thresholds] or [0.0, 1.0]
        self._set_y_range(min(values) - _Y_MARGIN, max(values) + _Y_MARGIN)
        self.clear_data()

    def _set_y_range(self, lo: float, hi: float) -> None:
        self._y_range = (lo, hi)
        self.setYRange(lo, hi, padding=0.0)

    def clear_data(self) -> None:
        self._t.clear()
        self._v.clear()
        self._curve.setData([], [])

    def add_point(self, t_s: float, value: float) -> None:
        self._t.append(t_s)
        self._v.append(value if value is not None and not math.isnan(value) else np.nan)
        while self._t and self._t[-1] - self._t[0] > self.window_s:
            self._t.popleft()
            self._v.popleft()

    def refresh(self) -> None:
        """Redraw (called at most ~15 times a second by the presenter: plotting every frame is wasteful)."""
        if not self._t:
            return
        t = np.fromiter(self._t, float)
        v = np.fromiter(self._v, float)
        self._curve.setData(t - t[-1], v, connect="finite")
        seen = v[np.isfinite(v)]
        if len(seen):
            lo, hi = self._y_range
            if seen.min() < lo or seen.max() > hi:  # widen the side that was left, in whole margins
                self._set_y_range(lo if seen.min() >= lo else math.floor(seen.min() / _Y_MARGIN) * _Y_MARGIN,
                                  hi if seen.max() <= hi else math.ceil(seen.max() / _Y_MARGIN) * _Y_MARGIN)

    @property
    def threshold_values(self) -> list[float]:
        return [float(line.value()) for line in self._lines]

    @property
    def y_range(self) -> tuple[float, float]:
        return self._y_range
