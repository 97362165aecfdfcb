"""QtReviewPlot: the session's angle over the whole recording (pyqtgraph), with the exercise's
thresholds as dashed lines, rep spans shaded by side and a playhead line that follows the video.

Clicking in the plot asks to move the playhead there (the same as clicking the timeline).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import Qt, pyqtSignal

__all__ = ["QtReviewPlot"]

_CURVE_COLOURS = ("#4cdc78", "#7fb2ff", "#ffb347", "#e58be5")
_SIDE_FILL = {"left": (70, 140, 230, 45), "right": (235, 150, 40, 45), None: (120, 170, 130, 40)}


class QtReviewPlot(pg.PlotWidget):
    seek_requested = pyqtSignal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackground("#18181c")
        self.setMinimumHeight(170)
        self.showGrid(x=True, y=True, alpha=0.15)
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.getAxis("left").enableAutoSIPrefix(False)
        self.setMouseEnabled(x=True, y=False)
        self.addLegend(offset=(-10, 8), labelTextColor="#ddd")
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.threshold_lines: list[pg.InfiniteLine] = []
        self._spans: list[pg.LinearRegionItem] = []
        self.playhead = pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=pg.mkPen("#ffffff", width=1.5))
        self.playhead.setZValue(10)
        self.addItem(self.playhead)
        self.scene().sigMouseClicked.connect(self._on_click)

    def set_labels(self, title: str, x_label: str, y_label: str) -> None:
        self.setTitle(title, color="#ddd", size="10pt")
        self.setLabel("bottom", x_label)
        self.setLabel("left", y_label)

    def set_series(self, t_s: np.ndarray, curves: dict[str, tuple[np.ndarray, str | None]],
                   thresholds: list[tuple[float, str, str]], spans: list[tuple[float, float, str | None]]) -> None:
        """``curves``: legend label -> (values, colour or None) with NaN where unseen; ``thresholds``: (value_deg, colour, label);
        ``spans``: (start_s, end_s, side) of the reps."""
        for item in [*self.curves.values(), *self.threshold_lines, *self._spans]:
            self.removeItem(item)
        self.curves, self.threshold_lines, self._spans = {}, [], []
        legend = self.plotItem.legend
        if legend is not None:
            legend.clear()
        for (start, end, side) in spans:
            region = pg.LinearRegionItem((start, end), movable=False, brush=pg.mkBrush(*_SIDE_FILL.get(side, _SIDE_FILL[None])),
                                         pen=pg.mkPen(None))
            region.setZValue(-10)
            self.addItem(region)
            self._spans.append(region)
        for i, (label, (values, colour)) in enumerate(curves.items()):
            pen = pg.mkPen(colour or _CURVE_COLOURS[i % len(_CURVE_COLOURS)], width=2)
            self.curves[label] = self.plot(np.asarray(t_s, float), np.asarray(values, float), pen=pen, name=label,
                                           connect="finite")
        for value, colour, label in thresholds:
            line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
                                   label=label, labelOpts={"color": colour, "position": 0.02, "anchors": [(0, 1), (0, 1)]})
            self.addItem(line)
            self.threshold_lines.append(line)
        if len(t_s):
            self.setXRange(float(t_s[0]), float(t_s[-1]), padding=0.01)

    def set_playhead(self, t_s: float) -> None:
        self.playhead.setPos(t_s)

    @property
    def playhead_s(self) -> float:
        return float(self.playhead.value())

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.scenePos()
        if self.plotItem.vb.sceneBoundingRect().contains(pos):
            self.seek_requested.emit(float(self.plotItem.vb.mapSceneToView(pos).x()))
