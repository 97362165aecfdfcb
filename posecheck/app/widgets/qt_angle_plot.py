"""QtAnglePlot: the last seconds of the driving angle, with the exercise's thresholds as lines (pyqtgraph)."""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import pyqtgraph as pg

__all__ = ["QtAnglePlot"]


class QtAnglePlot(pg.PlotWidget):
    def __init__(self, parent=None, window_s: float = 10.0):
        super().__init__(parent)
        self.window_s = window_s
        self.setBackground("#18181c")
        self.setMinimumHeight(150)
        self.showGrid(x=False, y=True, alpha=0.2)
        self.setLabel("bottom", "s")
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.setMouseEnabled(False, False)
        self.hideButtons()
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
        self.clear_data()

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
        if self._t:
            self._curve.setData(np.fromiter(self._t, float), np.fromiter(self._v, float), connect="finite")

    @property
    def threshold_values(self) -> list[float]:
        return [float(line.value()) for line in self._lines]
