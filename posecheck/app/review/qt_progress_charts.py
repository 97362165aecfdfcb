"""QtProgressCharts: progress over sessions as four small pyqtgraph charts.

Reps per side (and total), mean range of motion, faults per rep, and hold time, one point per
session in date order. The x axis is the session number with its date as the tick label, so
sessions on the same day stay apart. Data comes in as :class:`ProgressSeries` (plain lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PyQt6.QtWidgets import QGridLayout, QWidget

from posecheck.app.review.qt_timeline import SIDE_COLOURS
from posecheck.app.texts import tr

__all__ = ["ProgressSeries", "QtProgressCharts"]


@dataclass
class ProgressSeries:
    """One entry per session, oldest first. None where a session has no value (e.g. no reps)."""

    labels: list[str] = field(default_factory=list)  # short dates for the x ticks
    reps_left: list[float | None] = field(default_factory=list)
    reps_right: list[float | None] = field(default_factory=list)
    reps_total: list[float | None] = field(default_factory=list)
    rom_deg: list[float | None] = field(default_factory=list)
    fault_rate: list[float | None] = field(default_factory=list)  # faults per rep
    hold_s: list[float | None] = field(default_factory=list)


def _arr(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], float)


class QtProgressCharts(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.charts: dict[str, pg.PlotWidget] = {}
        for i, key in enumerate(("chart_reps", "chart_rom", "chart_fault_rate", "chart_hold")):
            w = pg.PlotWidget()
            w.setBackground("#18181c")
            w.showGrid(x=False, y=True, alpha=0.2)
            w.setMouseEnabled(False, False)
            w.hideButtons()
            w.setMinimumHeight(150)
            w.getAxis("left").enableAutoSIPrefix(False)
            self.charts[key] = w
            grid.addWidget(w, i // 2, i % 2)
        self.data = ProgressSeries()
        self.lang = "en"

    def show_progress(self, data: ProgressSeries, lang: str) -> None:
        self.data, self.lang = data, lang
        x = np.arange(1, len(data.labels) + 1, dtype=float)
        ticks = [[(float(i), lab) for i, lab in zip(x, data.labels)]]
        plots = {
            "chart_reps": [(tr("left", lang), data.reps_left, SIDE_COLOURS["left"].name()),
                           (tr("right", lang), data.reps_right, SIDE_COLOURS["right"].name()),
                           (tr("total", lang), data.reps_total, "#9fd39f")],
            "chart_rom": [("", data.rom_deg, "#7fb2ff")],
            "chart_fault_rate": [("", data.fault_rate, "#ff6b6b")],
            "chart_hold": [("", data.hold_s, "#e5c07b")],
        }
        for key, curves in plots.items():
            w = self.charts[key]
            w.clear()
            if w.plotItem.legend is not None:
                w.plotItem.legend.scene().removeItem(w.plotItem.legend)
                w.plotItem.legend = None
            w.setTitle(tr(key, lang), color="#ddd", size="9pt")
            if any(label for label, _, _ in curves):
                w.addLegend(offset=(8, 4), labelTextColor="#ddd")
            for label, values, colour in curves:
                y = _arr(values)
                if not np.isfinite(y).any():
                    continue
                w.plot(x, y, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=7, symbolBrush=colour,
                       symbolPen=None, name=label or None, connect="finite")
            w.getAxis("bottom").setTicks(ticks)
            if len(x):
                w.setXRange(0.5, len(x) + 0.5, padding=0)
