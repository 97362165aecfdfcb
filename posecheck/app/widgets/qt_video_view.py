"""QtVideoView: paints the current frame with the skeleton overlay, scaled to fit, optionally mirrored.

For an exercise that reads the back's outline it also draws the measured edge of the trunk (the lower-back
curve, issue 11) with its value: cyan while it is judged, grey and dashed while the outline is too ragged
to judge. The points come ready from the pipeline worker (``posecheck/app/back_curve_overlay.py``).

The QImage is built here, on the UI thread, over the frame's own array (with ``bytesPerLine``) and
only lives for the paint, so no memory is shared with the worker. Each paint records the latency from
the moment the frame was read to the moment its overlay was painted (for the benchmark).
"""

from __future__ import annotations

import time
from collections import deque

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

from posecheck.landmarks import LANDMARK_INDEX, SKELETON_EDGES

__all__ = ["QtVideoView"]

_EDGES = [(LANDMARK_INDEX[a], LANDMARK_INDEX[b], a.startswith("left")) for a, b in SKELETON_EDGES]
_JOINTS = [LANDMARK_INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip", "left_knee",
                                        "right_knee", "left_ankle", "right_ankle", "left_elbow", "right_elbow",
                                        "left_wrist", "right_wrist", "nose")]


class QtVideoView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self._image: np.ndarray | None = None
        self._xyz: np.ndarray | None = None
        self._vis: np.ndarray | None = None
        self._mirror = False
        self._read_ns: int | None = None
        self._placeholder = ""
        self.skeleton_state = "ok"  # "ok" green, "fault" orange (a cue is shown), "setup" grey (not judged yet)
        self.latencies_ms: deque[float] = deque(maxlen=2000)
        self.paint_times: deque[float] = deque(maxlen=2000)
        self.on_resized = None  # called with (w, h) in device pixels: the presenter tells the worker
        self.back_curve = None  # (BackCurveOverlay, label) to draw with the next frame, or None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.on_resized is not None:
            dpr = self.devicePixelRatioF()
            self.on_resized(round(self.width() * dpr), round(self.height() * dpr))

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def show_frame(self, image_bgr: np.ndarray, xyz: np.ndarray | None, visibility: np.ndarray | None,
                   mirror: bool, read_ns: int | None = None) -> None:
        self._image, self._xyz, self._vis, self._mirror, self._read_ns = image_bgr, xyz, visibility, mirror, read_ns
        # Paint now rather than at the next update pass: saves up to a screen refresh of latency. Frames
        # cannot pile up here because the worker keeps at most two queued for the UI.
        self.repaint()

    def clear(self) -> None:
        self._image = self._xyz = None
        self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(24, 24, 28))
        if self._image is None:
            p.setPen(QColor(220, 220, 220))
            p.setFont(QFont(self.font().family(), 13))
            p.drawText(self.rect().adjusted(20, 20, -20, -20),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._placeholder)
            p.end()
            return
        img = self._image
        h, w = img.shape[:2]
        qimg = QImage(img.data, w, h, int(img.strides[0]), QImage.Format.Format_BGR888)
        if self._mirror:
            qimg = qimg.mirrored(True, False)
        dpr = self.devicePixelRatioF()
        scale = min(self.width() / w, self.height() / h)
        tw, th = w * scale, h * scale
        target = QRectF((self.width() - tw) / 2, (self.height() - th) / 2, tw, th)
        # A frame the worker already scaled to this view (fit_for_display) is drawn pixel for pixel;
        # smooth scaling is only paid for frames that still need it (the first ones, or after a resize).
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, abs(scale * dpr - 1.0) > 0.01)
        p.drawImage(target, qimg)
        if self._xyz is not None:
            self._paint_skeleton(p, target)
        if self.back_curve is not None:
            self._paint_back_curve(p, target, *self.back_curve)
        p.end()
        now = time.perf_counter_ns()
        self.paint_times.append(now / 1e9)
        if self._read_ns is not None:
            self.latencies_ms.append((now - self._read_ns) / 1e6)
            self._read_ns = None  # a repaint of the same frame is not a new latency sample

    def _paint_skeleton(self, p: QPainter, target: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        xyz, vis = self._xyz, self._vis if self._vis is not None else np.ones(33)

        def pt(i):
            x = xyz[i, 0]
            x = 1.0 - x if self._mirror else x
            return QPointF(target.left() + x * target.width(), target.top() + xyz[i, 1] * target.height())

        width = max(2.0, target.width() / 200)
        good = {"ok": QColor(60, 220, 120), "fault": QColor(255, 150, 40)}.get(self.skeleton_state,
                                                                             QColor(170, 180, 195))
        for a, b, left in _EDGES:
            if vis[a] < 0.3 or vis[b] < 0.3 or not np.isfinite(xyz[[a, b], :2]).all():
                continue
            c = QColor(good) if left else QColor(good.lighter(140))
            c.setAlpha(230 if min(vis[a], vis[b]) > 0.6 else 110)
            p.setPen(QPen(c, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(pt(a), pt(b))
        p.setPen(QPen(QColor(255, 255, 255), 1))
        p.setBrush(good)
        r = width * 1.3
        for i in _JOINTS:
            if vis[i] >= 0.3 and np.isfinite(xyz[i, :2]).all():
                p.drawEllipse(pt(i), r, r)

    def _paint_back_curve(self, p: QPainter, target: QRectF, overlay, label: str) -> None:
        pts = [(float(x), float(y)) for x, y in overlay.points if np.isfinite(x) and np.isfinite(y)]
        if len(pts) < 2:
            return
        judged = bool(np.isfinite(overlay.value_deg))
        width = max(2.5, target.width() / 160)
        colour = QColor(40, 220, 255) if judged else QColor(170, 180, 195)
        pen = QPen(colour, width, Qt.PenStyle.SolidLine if judged else Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        q = [QPointF(target.left() + ((1.0 - x) if self._mirror else x) * target.width(), target.top() + y * target.height())
             for x, y in pts]
        for a, b in zip(q, q[1:]):
            p.drawLine(a, b)
        text = f"{label} {overlay.value_deg:.0f}°" if judged else f"{label} ?"
        mid = q[len(q) // 2]
        p.setFont(QFont(self.font().family(), max(9, int(target.height() / 45))))
        # on a dark box above the curve: readable over skin, clothes and wall alike
        box = QRectF(p.fontMetrics().boundingRect(text))
        pad = width
        box.moveBottomLeft(QPointF(mid.x() - box.width() / 2, min(q, key=lambda a: a.y()).y() - 3 * width))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawRoundedRect(box.adjusted(-pad, -pad / 2, pad, pad / 2), pad, pad)
        p.setPen(colour)
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
