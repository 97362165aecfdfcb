"""QtTransportBar: play/pause, frame step, rep and fault jumps, speed, scrub slider and the time readout.

Widgets only; the presenter connects them to the :class:`~posecheck.app.review.workstation.playhead.Playhead`.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from posecheck.app.review.workstation.playhead import SPEEDS
from posecheck.i18n import tr

__all__ = ["QtTransportBar"]


class QtTransportBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        outer.addWidget(self.slider)
        row = QHBoxLayout()
        self.play_button = QPushButton()
        self.play_button.setMinimumWidth(90)
        self.frame_back = QPushButton()
        self.frame_fwd = QPushButton()
        self.prev_rep = QPushButton()
        self.next_rep = QPushButton()
        self.next_fault = QPushButton()
        self.speed_label = QLabel()
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.time_label = QLabel("0.00 s")
        self.time_label.setMinimumWidth(170)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for b in (self.play_button, self.frame_back, self.frame_fwd, self.prev_rep, self.next_rep, self.next_fault):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and the arrows belong to the workstation's shortcuts
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.speed_label)
        row.addWidget(self.speed)
        row.addWidget(self.time_label)
        outer.addLayout(row)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #888; font-size: 11px;")
        outer.addWidget(self.hint)
        self._playing = False
        self.lang = "en"

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.set_playing(self._playing)
        self.frame_back.setText(tr("◀ Frame", lang))
        self.frame_fwd.setText(tr("Frame ▶", lang))
        self.prev_rep.setText(tr("◀ Rep (J)", lang))
        self.next_rep.setText(tr("Rep ▶ (L)", lang))
        self.next_fault.setText(tr("Next fault (F)", lang))
        self.speed_label.setText(tr("Speed", lang))
        self.hint.setText(tr("Space play/pause · ←/→ or ,/. frame · Home/End · J/L rep · F fault", lang))

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setText(("❚❚ " + tr("Pause", self.lang)) if playing else ("▶ " + tr("Play", self.lang)))

    def set_time(self, t_s: float, end_s: float, frame: int) -> None:
        self.time_label.setText(f"{t_s:6.2f} / {end_s:.2f} s   #{frame}")

    def set_slider(self, index: int, maximum: int) -> None:
        self.slider.blockSignals(True)
        self.slider.setMaximum(max(0, maximum))
        self.slider.setValue(index)
        self.slider.blockSignals(False)
