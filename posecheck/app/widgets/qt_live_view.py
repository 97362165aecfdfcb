"""QtLiveView: the live page. It lays out the widgets and exposes small paint methods; the
:class:`~posecheck.app.live_presenter.LivePresenter` decides what to show."""

from __future__ import annotations

from PyQt6.QtCore import Qt
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


class QtLiveView(QWidget):
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

    # ---- paint methods used by the presenter
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
