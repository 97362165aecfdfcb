"""Paints one angle plot of the PDF report (a :class:`posecheck.review.exports.PlotSpec`) with QPainter.

Drawn as vectors straight into the PDF (off-screen, no widget): sharp at any zoom and a fraction of
the size of a screenshot of the on-screen plot. Light colours for paper: rep spans shaded, threshold
lines dashed and labelled, counted faults as red ticks along the top.
"""

from __future__ import annotations

import math

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

__all__ = ["paint_plot"]

_CURVES = (QColor(30, 110, 200), QColor(220, 120, 20), QColor(40, 150, 70))
_SIDE_CURVES = {"left": QColor(30, 110, 200), "right": QColor(220, 120, 20)}


def _nice_step(span: float, n: int = 6) -> float:
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _finite_range(arrays: list[np.ndarray], extra: list[float]) -> tuple[float, float]:
    vals = [a[np.isfinite(a)] for a in arrays]
    vals = np.concatenate(vals + [np.asarray(extra, float)]) if vals or extra else np.zeros(0)
    if not vals.size:
        return 0.0, 1.0
    lo, hi = float(vals.min()), float(vals.max())
    pad = max((hi - lo) * 0.08, 1.0)
    return lo - pad, hi + pad


def paint_plot(p: QPainter, rect: QRectF, spec, t_s: np.ndarray, series: dict[str, np.ndarray],
               x_label: str, y_label: str) -> None:
    """``series``: feature name -> values over ``t_s`` (the review's smoothed angles)."""
    p.save()
    font = QFont(p.font())
    font.setPointSizeF(7.5)
    p.setFont(font)
    fm = p.fontMetrics()
    plot = rect.adjusted(fm.horizontalAdvance("-000.0") + 10, 6, -8, -(fm.height() * 2 + 8))
    curves = [np.asarray(series[f], float) for f in spec.features if f in series]
    x0, x1 = (float(t_s[0]), float(t_s[-1])) if len(t_s) > 1 else (0.0, 1.0)
    x1 = max(x1, x0 + 1e-3)
    y0, y1 = _finite_range(curves, [v for v, _ in spec.thresholds])

    def X(t):
        return plot.left() + (t - x0) / (x1 - x0) * plot.width()

    def Y(v):
        return plot.bottom() - (v - y0) / (y1 - y0) * plot.height()

    p.fillRect(plot, QColor(255, 255, 255))
    for a, b in spec.rep_spans_s:
        p.fillRect(QRectF(X(a), plot.top(), max(1.0, X(b) - X(a)), plot.height()), QColor(225, 235, 245))
    p.setPen(QPen(QColor(120, 120, 120), 0.8))
    p.drawRect(plot)
    # Axis ticks and grid.
    grid = QPen(QColor(225, 225, 225), 0.5)
    ys = _nice_step(y1 - y0, 5)
    v = math.ceil(y0 / ys) * ys
    while v <= y1:
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), Y(v)), QPointF(plot.right(), Y(v)))
        p.setPen(QColor(60, 60, 60))
        p.drawText(QRectF(rect.left(), Y(v) - fm.height() / 2, plot.left() - rect.left() - 4, fm.height()),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:g}")
        v += ys
    xs = _nice_step(x1 - x0, 10)
    t = math.ceil(x0 / xs) * xs
    while t <= x1:
        p.setPen(QColor(60, 60, 60))
        p.drawText(QRectF(X(t) - 30, plot.bottom() + 2, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, f"{t:g}")
        t += xs
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(), fm.height()),
               Qt.AlignmentFlag.AlignHCenter, x_label)
    p.save()
    p.translate(rect.left() + fm.height() * 0.1, plot.center().y())
    p.rotate(-90)
    p.drawText(QRectF(-plot.height() / 2, -fm.height(), plot.height(), fm.height()), Qt.AlignmentFlag.AlignCenter,
               y_label)
    p.restore()
    p.setClipRect(plot)
    # Labels closer than a line of text to one already drawn are joined to it: hysteresis lines
    # (top, top exit, bottom exit, bottom) sit a few degrees apart and their labels would overprint.
    labels: list[tuple[float, list[str]]] = []
    for value, label in sorted(spec.thresholds, key=lambda x: -x[0]):
        p.setPen(QPen(QColor(150, 150, 150), 0.8, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(plot.left(), Y(value)), QPointF(plot.right(), Y(value)))
        if labels and abs(Y(value) - labels[-1][0]) < fm.height():
            labels[-1][1].append(label)
        else:
            labels.append((Y(value), [label]))
    p.setPen(QColor(90, 90, 90))
    for y, texts in labels:
        p.drawText(QPointF(plot.left() + 4, y - 2), " / ".join(texts))
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for i, (name, values) in enumerate(zip([f for f in spec.features if f in series], curves)):
        side = name.rsplit("_", 1)[-1]
        p.setPen(QPen(_SIDE_CURVES.get(side, _CURVES[i % len(_CURVES)]), 1.3))
        path = QPainterPath()
        pen_down = False
        for tt, vv in zip(np.asarray(t_s, float).tolist(), values.tolist()):
            if not math.isfinite(vv):
                pen_down = False
                continue
            (path.lineTo if pen_down else path.moveTo)(QPointF(X(tt), Y(vv)))
            pen_down = True
        p.drawPath(path)
    p.setPen(QPen(QColor(210, 40, 40), 1.5))
    for ft in spec.fault_times_s:
        p.drawLine(QPointF(X(ft), plot.top()), QPointF(X(ft), plot.top() + 10))
    p.restore()
