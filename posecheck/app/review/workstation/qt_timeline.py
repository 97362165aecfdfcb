"""QtReviewTimeline: the whole session as one strip: rep bands coloured by side, fault markers, playhead.

Painting only: the bands and markers are handed in as plain tuples by the presenter. A click (or a
drag) anywhere asks to move the playhead there; a click within a few pixels of a fault marker snaps
to that fault's time, so a marker is easy to hit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

__all__ = ["SIDE_COLOURS", "TimelineBand", "TimelineMarker", "QtReviewTimeline"]

# Colour-blind safe pair (blue / orange) for the sides; grey for exercises without sides.
SIDE_COLOURS = {"left": QColor(70, 140, 230), "right": QColor(235, 150, 40), None: QColor(120, 170, 130)}
_MARKER_COLOURS = {"detected": QColor(230, 60, 60), "added": QColor(200, 80, 220), "false_alarm": QColor(140, 140, 140)}
_SNAP_PX = 6


@dataclass(frozen=True)
class TimelineBand:
    start_s: float
    end_s: float
    side: str | None
    label: str  # drawn inside the band when it fits (the rep number)


@dataclass(frozen=True)
class TimelineMarker:
    t_s: float
    fault_id: str
    state: str = "detected"  # detected | added (by the clinician) | false_alarm (marked by the clinician)


class QtReviewTimeline(QWidget):
    seek_requested = pyqtSignal(float)  # t_s
    marker_clicked = pyqtSignal(int)  # index into markers

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start_s, self.end_s = 0.0, 1.0
        self.bands: list[TimelineBand] = []
        self.markers: list[TimelineMarker] = []
        self.playhead_s = 0.0
        self.selected_marker: int | None = None

    def set_content(self, start_s: float, end_s: float, bands: list[TimelineBand],
                    markers: list[TimelineMarker]) -> None:
        self.start_s, self.end_s = float(start_s), max(float(end_s), float(start_s) + 1e-3)
        self.bands, self.markers = list(bands), list(markers)
        self.selected_marker = None
        self.update()

    def set_playhead(self, t_s: float) -> None:
        self.playhead_s = t_s
        self.update()

    def select_marker(self, index: int | None) -> None:
        self.selected_marker = index
        self.update()

    # ---- geometry (public so tests can click exactly where a thing is drawn)
    def _track(self) -> QRectF:
        return QRectF(8, 4, max(1.0, self.width() - 16.0), max(1.0, self.height() - 8.0))

    def x_of(self, t_s: float) -> float:
        r = self._track()
        return r.left() + (t_s - self.start_s) / (self.end_s - self.start_s) * r.width()

    def t_of(self, x: float) -> float:
        r = self._track()
        frac = min(max((x - r.left()) / r.width(), 0.0), 1.0)
        return self.start_s + frac * (self.end_s - self.start_s)

    # ---- input
    def mousePressEvent(self, event):
        x = event.position().x()
        near = [(abs(self.x_of(m.t_s) - x), i) for i, m in enumerate(self.markers)]
        hit = min(near) if near else None
        if hit is not None and hit[0] <= _SNAP_PX:
            self.selected_marker = hit[1]
            self.marker_clicked.emit(hit[1])
            self.seek_requested.emit(self.markers[hit[1]].t_s)
        else:
            self.seek_requested.emit(self.t_of(x))
        self.update()

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.t_of(event.position().x()))

    # ---- painting
    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = self._track()
        p.fillRect(self.rect(), QColor(30, 30, 36))
        p.fillRect(r, QColor(48, 48, 56))
        band_rect = QRectF(r.left(), r.top() + r.height() * 0.30, r.width(), r.height() * 0.55)
        p.setFont(QFont(self.font().family(), 8))
        for b in self.bands:
            x0, x1 = self.x_of(b.start_s), self.x_of(b.end_s)
            rect = QRectF(x0, band_rect.top(), max(2.0, x1 - x0), band_rect.height())
            p.fillRect(rect, SIDE_COLOURS.get(b.side, SIDE_COLOURS[None]))
            if rect.width() > 14:
                p.setPen(QColor(20, 20, 20))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, b.label)
        for i, m in enumerate(self.markers):
            self._paint_marker(p, self.x_of(m.t_s), r, m.state, i == self.selected_marker)
        x = self.x_of(self.playhead_s)
        p.setPen(QPen(QColor(250, 250, 250), 2))
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()))
        p.end()

    def _paint_marker(self, p: QPainter, x: float, r: QRectF, state: str, selected: bool) -> None:
        colour = _MARKER_COLOURS.get(state, _MARKER_COLOURS["detected"])
        p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if state == "false_alarm" else Qt.PenStyle.SolidLine))
        p.drawLine(QPointF(x, r.top() + 10), QPointF(x, r.bottom()))
        tri = QPainterPath()
        tri.moveTo(x - 6, r.top())
        tri.lineTo(x + 6, r.top())
        tri.lineTo(x, r.top() + 10)
        tri.closeSubpath()
        p.fillPath(tri, colour)
        if selected:
            p.setPen(QPen(QColor(255, 255, 255), 1.5))
            p.drawPath(tri)
