"""QtRepCounter: the big rep count (one number, or left and right), set progress and the hold timer."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

__all__ = ["QtHoldTimer", "QtRepCounter"]


def _big(text: str, size: int) -> QLabel:
    lab = QLabel(text)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setStyleSheet(f"font-size: {size}px; font-weight: 700;")
    return lab


class QtRepCounter(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.set_label = QLabel()
        self.set_label.setStyleSheet("font-size: 16px;")
        self.set_label.setObjectName("set_label")
        lay.addWidget(self.set_label)
        row = QHBoxLayout()
        self.total = _big("0", 72)
        self.total.setObjectName("rep_total")
        self.left = _big("0", 56)
        self.right = _big("0", 56)
        self.left_caption, self.right_caption = QLabel(), QLabel()
        for cap in (self.left_caption, self.right_caption):
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lcol, rcol = QVBoxLayout(), QVBoxLayout()
        lcol.addWidget(self.left)
        lcol.addWidget(self.left_caption)
        rcol.addWidget(self.right)
        rcol.addWidget(self.right_caption)
        row.addWidget(self.total)
        row.addLayout(lcol)
        row.addLayout(rcol)
        lay.addLayout(row)
        self.target_label = QLabel()
        self.target_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.target_label.setStyleSheet("font-size: 15px; color: #bbb;")
        lay.addWidget(self.target_label)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        lay.addWidget(self.progress)
        self.per_side = False

    def configure(self, per_side: bool, left_text: str, right_text: str) -> None:
        self.per_side = per_side
        self._key = None
        for w in (self.left, self.right, self.left_caption, self.right_caption):
            w.setVisible(per_side)
        self.total.setVisible(not per_side)
        self.left_caption.setText(left_text)
        self.right_caption.setText(right_text)

    def set_counts(self, total: int, left: int, right: int, target: int | None, target_text: str) -> None:
        key = (total, left, right, target, target_text)
        if key == getattr(self, "_key", None):
            return  # called every frame: only touch the labels when something changed
        self._key = key
        self.total.setText(str(total))
        self.left.setText(str(left))
        self.right.setText(str(right))
        self.target_label.setText(target_text)
        if target:
            done = min(left, right) if self.per_side else total
            self.progress.setRange(0, target)
            self.progress.setValue(min(done, target))

    def set_set_text(self, text: str) -> None:
        self.set_label.setText(text)


class QtHoldTimer(QWidget):
    """Seconds held (only while the posture is right) against the target."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setStyleSheet("font-size: 16px;")
        self.value = _big("0.0 s", 56)
        self.value.setObjectName("hold_value")
        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        for w in (self.caption, self.value, self.status, self.bar):
            lay.addWidget(w)

    def set_hold(self, seconds: float, target_s: float | None, running: bool, caption: str, paused_text: str,
                 note: str = "") -> None:
        """``paused_text`` shows while the clock stands still, ``note`` always (the time in position)."""
        key = (round(seconds, 1), target_s, running, caption, paused_text, note)
        if key == getattr(self, "_key", None):
            return
        self._key = key
        self.caption.setText(caption + (f"  ({target_s:g} s)" if target_s else ""))
        self.value.setText(f"{seconds:.1f} s")
        self.value.setStyleSheet(f"font-size: 56px; font-weight: 700; color: {'#4cdc78' if running else '#999'};")
        self.status.setText("\n".join(t for t in (note, "" if running else paused_text) if t))
        if target_s:
            self.bar.setRange(0, int(target_s * 10))
            self.bar.setValue(min(int(seconds * 10), int(target_s * 10)))
