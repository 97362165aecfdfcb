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

from posecheck.app.review.workstation.qt_timeline import SIDE_COLOURS
from posecheck.i18n import N_, tr

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
    """The curves and the legend are made once and only get new data: removing and re-adding
    pyqtgraph items on every filter change left deleted items behind for the next paint."""

    _TITLES = {"chart_reps": N_("Reps per side"), "chart_rom": N_("Range of motion (°)"),
               "chart_fault_rate": N_("Faults per rep"), "chart_hold": N_("Hold time (s)")}
    _CURVES = {"chart_reps": (("left", SIDE_COLOURS["left"].name()), ("right", SIDE_COLOURS["right"].name()),
                              ("total", "#9fd39f")),
               "chart_rom": (("", "#7fb2ff"),), "chart_fault_rate": (("", "#ff6b6b"),), "chart_hold": (("", "#e5c07b"),)}

    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.charts: dict[str, pg.PlotWidget] = {}
        self.curves: dict[str, list[pg.PlotDataItem]] = {}
        self.legend = None
        for i, (key, specs) in enumerate(self._CURVES.items()):
            w = pg.PlotWidget()
            w.setBackground("#18181c")
            w.showGrid(x=False, y=True, alpha=0.2)
            w.setMouseEnabled(False, False)
            w.hideButtons()
            w.setMinimumHeight(150)
            w.getAxis("left").enableAutoSIPrefix(False)
            if key == "chart_reps":
                self.legend = w.addLegend(offset=(8, 4), labelTextColor="#ddd")
            self.curves[key] = [w.plot([], [], pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=7,
                                       symbolBrush=colour, symbolPen=None) for _word, colour in specs]
            self.charts[key] = w
            grid.addWidget(w, i // 2, i % 2)
        self.data = ProgressSeries()
        self.lang = "en"

    def show_progress(self, data: ProgressSeries, lang: str) -> None:
        self.data, self.lang = data, lang
        x = np.arange(1, len(data.labels) + 1, dtype=float)
        ticks = [[(float(i), lab) for i, lab in zip(x, data.labels)]]
        values = {"chart_reps": (data.reps_left, data.reps_right, data.reps_total), "chart_rom": (data.rom_deg,),
                  "chart_fault_rate": (data.fault_rate,), "chart_hold": (data.hold_s,)}
        self.legend.clear()
        for key, series in values.items():
            w = self.charts[key]
            w.setTitle(tr(self._TITLES[key], lang), color="#ddd", size="9pt")
            for (word, _colour), curve, ys in zip(self._CURVES[key], self.curves[key], series):
                y = _arr(ys)
                shown = bool(np.isfinite(y).any())
                curve.setData(x if shown else [], y if shown else [], connect="finite")
                if word and shown:
                    self.legend.addItem(curve, tr(word, lang))
            w.getAxis("bottom").setTicks(ticks)
            if len(x):
                w.setXRange(0.5, len(x) + 0.5, padding=0)
