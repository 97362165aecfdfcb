"""QtLiveView: the live page. It lays out the widgets and offers what the page can do as intent
methods (``show_counts``, ``show_rest``, ``show_fault`` …) and signals for the person's actions
(``pain_requested``, ``stop_requested`` …); the :class:`~posecheck.app.live_presenter.LivePresenter`
decides what to show and never reaches into the widgets. Colours live here."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.widgets.qt_angle_plot import QtAnglePlot
from posecheck.app.widgets.qt_fault_banner import QtFaultBanner
from posecheck.app.widgets.qt_rep_counter import QtHoldTimer, QtRepCounter
from posecheck.app.widgets.qt_video_view import QtVideoView

__all__ = ["QtLiveView"]

_TRACK_COLOURS = {"good": "#4cdc78", "poor": "#e0b030", "lost": "#e05040"}
# Threshold lines on the live plot: the rep's bottom band grey, its top band and a hold's band green.
_THRESHOLD_COLOURS = {"bottom": "#888", "top": "#4cdc78", "hold": "#4cdc78"}


class QtLiveView(QWidget):
    pain_requested = pyqtSignal()  # "Stop, it hurts"
    stop_requested = pyqtSignal()
    skip_rest_requested = pyqtSignal()
    resume_requested = pyqtSignal()
    open_video_requested = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 22px; font-weight: 700;")
        left.addWidget(self.title)
        self.video = QtVideoView()
        left.addWidget(self.video, 1)
        self.fault_banner = QtFaultBanner()
        left.addWidget(self.fault_banner)
        self.plot = QtAnglePlot()
        self.plot.setMaximumHeight(190)
        left.addWidget(self.plot)
        outer.addLayout(left, 3)

        side = QVBoxLayout()
        self.setup_box = QLabel()
        self.setup_box.setObjectName("setup_box")
        self.setup_box.setWordWrap(True)
        self.setup_box.setTextFormat(Qt.TextFormat.RichText)
        side.addWidget(self.setup_box)
        self.counter = QtRepCounter()
        side.addWidget(self.counter)
        self.hold_timer = QtHoldTimer()
        side.addWidget(self.hold_timer)
        self.rest_label = QLabel()
        self.rest_label.setObjectName("rest_label")
        self.rest_label.setWordWrap(True)
        self.rest_label.setStyleSheet("font-size: 20px; color: #8ec5ff;")
        side.addWidget(self.rest_label)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 15px; padding: 6px; background: #333; color: #f0f0f0; border-radius: 4px;")
        self.message.hide()
        side.addWidget(self.message)
        side.addStretch(1)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        side.addWidget(line)
        self.tracking = QLabel()
        self.tracking.setObjectName("tracking")
        self.recording = QLabel()
        self.recording.setWordWrap(True)
        self.recording.setStyleSheet("color: #aaa; font-size: 11px;")
        side.addWidget(self.tracking)
        side.addWidget(self.recording)
        self.resume_button = QPushButton()
        self.open_video_button = QPushButton()
        self.next_button = QPushButton()
        self.stop_button = QPushButton()
        self.hurts_button = QPushButton()
        self.hurts_button.setObjectName("hurts_button")
        self.hurts_button.setStyleSheet(
            "QPushButton { background: #b3261e; color: white; font-size: 17px; font-weight: 700;"
            " padding: 10px; border-radius: 6px; }"
            "QPushButton:disabled { background: #d9b3b0; color: #f4eeee; }")
        for b in (self.resume_button, self.open_video_button, self.next_button, self.stop_button, self.hurts_button):
            b.setMinimumHeight(38)
            side.addWidget(b)
        self.resume_button.hide()
        self.open_video_button.hide()
        self.next_button.hide()
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(340)
        outer.addWidget(panel)
        self.hurts_button.clicked.connect(self.pain_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.next_button.clicked.connect(self.skip_rest_requested)
        self.resume_button.clicked.connect(self.resume_requested)
        self.open_video_button.clicked.connect(self.open_video_requested)

    # ---- intent methods used by the presenter
    def set_action_texts(self, hurts: str, stop: str, resume: str, open_video: str, skip_rest: str) -> None:
        self.hurts_button.setText(hurts)
        self.stop_button.setText(stop)
        self.resume_button.setText(resume)
        self.open_video_button.setText(open_video)
        self.next_button.setText(skip_rest)

    def reset(self) -> None:
        """A new session: no picture, message, cue or rest yet; Stop and "it hurts" can be pressed."""
        self.video.clear()
        self.show_message("")
        self.resume_button.hide()
        self.open_video_button.hide()
        self.fault_banner.clear_fault()
        self.rest_label.setText("")
        self.enable_stop(True)

    def enable_stop(self, enabled: bool) -> None:
        self.stop_button.setEnabled(enabled)
        self.hurts_button.setEnabled(enabled)

    def show_exercise(self, title: str, counts_reps: bool, times_hold: bool, per_side: bool, left: str,
                      right: str) -> None:
        """What this exercise shows: a rep counter (per side or not), a hold clock, or both."""
        self.title.setText(title)
        self.counter.setVisible(counts_reps)
        self.hold_timer.setVisible(times_hold)
        self.counter.configure(per_side, left, right)

    def show_set(self, text: str) -> None:
        self.counter.set_set_text(text)

    def show_counts(self, total: int, left: int, right: int, target: int | None, target_text: str) -> None:
        self.counter.set_counts(total, left, right, target, target_text)

    def show_hold(self, seconds: float, target_s: float | None, running: bool, caption: str, paused_text: str,
                  note: str = "") -> None:
        self.hold_timer.set_hold(seconds, target_s, running, caption, paused_text, note)

    def show_plot_axes(self, title: str, thresholds: list[tuple[float, str]]) -> None:
        """A new plot: its title and threshold lines as (value, kind), kind one of bottom | top | hold."""
        self.plot.configure(title, [(v, _THRESHOLD_COLOURS[kind]) for v, kind in thresholds])

    def add_plot_point(self, t_s: float, value: float, repaint: bool) -> None:
        self.plot.add_point(t_s, value)
        if repaint:
            self.plot.refresh()

    def show_fault(self, fault_id: str, text: str, severity: str) -> None:
        self.fault_banner.show_fault(fault_id, text, severity)

    def clear_fault(self) -> None:
        self.fault_banner.clear_fault()

    @property
    def fault_shown(self) -> bool:
        return self.fault_banner.isVisible()

    def show_rest(self, text: str, can_skip: bool) -> None:
        """The rest countdown (or the closing words, ``can_skip`` False); "" clears it."""
        self.rest_label.setText(text)
        self.next_button.setVisible(can_skip)

    def hide_skip_rest(self) -> None:
        self.next_button.hide()

    def show_resume(self, visible: bool) -> None:
        self.resume_button.setVisible(visible)

    def show_recording(self, text: str) -> None:
        self.recording.setText(text)

    def show_frame(self, image_bgr: np.ndarray, xyz: np.ndarray | None, visibility: np.ndarray | None,
                   mirror: bool, read_ns: int, skeleton: str, back_curve=None) -> None:
        """One camera picture with the skeleton in ``skeleton``'s colour (setup | ok | fault), and the lower
        back's measured curve, ``(BackCurveOverlay, label)``, for an exercise that reads it (else None)."""
        self.video.skeleton_state = skeleton
        self.video.back_curve = back_curve
        self.video.show_frame(image_bgr, xyz, visibility, mirror, read_ns)

    def show_source_error(self, text: str, detail: str) -> None:
        """The camera or video could not be opened: say so where the picture was, offer a video."""
        self.show_message(text)
        self.message.setToolTip(detail)  # the technical detail (English) for whoever helps
        self.video.clear()
        self.video.set_placeholder(text)
        self.open_video_button.show()
        self.enable_stop(False)

    def video_size_px(self) -> tuple[int, int]:
        """The picture's size on screen in device pixels (what the worker scales frames to)."""
        dpr = self.video.devicePixelRatioF()
        return round(self.video.width() * dpr), round(self.video.height() * dpr)

    def on_video_resized(self, callback: Callable[[int, int], None]) -> None:
        self.video.on_resized = callback

    def show_setup(self, title: str, lines: list[str], ok: bool) -> None:
        key = (title, tuple(lines), ok)
        if key == getattr(self, "_setup_key", None):
            return  # unchanged: skip the rich-text layout (this is called every frame)
        self._setup_key = key
        colour = "#2e7d32" if ok else "#8a4b00"
        items = "".join(f"<li>{t}</li>" for t in lines)
        body = f"<ul style='margin-left:-20px'>{items}</ul>" if lines else ""
        self.setup_box.setText(f"<div style='font-size:16px'><b>{title}</b>{body}</div>")
        self.setup_box.setStyleSheet(f"background: {colour}; color: white; padding: 8px; border-radius: 6px;")

    def set_tracking(self, level: str, text: str) -> None:
        if (level, text) == getattr(self, "_tracking_key", None):
            return
        self._tracking_key = (level, text)
        self.tracking.setText(f"● {text}")
        self.tracking.setStyleSheet(f"color: {_TRACK_COLOURS.get(level, '#aaa')}; font-size: 14px;")

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def add_message(self, text: str) -> None:
        """Adds a line below a message that is already shown (so an earlier warning is not lost)."""
        old = self.message.text() if self.message.isVisible() else ""
        self.show_message(f"{old}\n{text}" if old else text)
