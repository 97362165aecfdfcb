"""QtExercisePicker: the catalogue and the home routine, with description, camera placement and dose."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.texts import HOME_ROUTINE, tr
from posecheck.exercises.schema import ExerciseDef

__all__ = ["ROUTINE_ID", "QtExercisePicker", "dose_text"]

ROUTINE_ID = "__routine__"


def dose_text(ex: ExerciseDef, lang: str) -> str:
    p = ex.prescription
    if p.reps:
        key = "dose_reps_side" if ex.per_side else "dose_reps"
        return tr(key, lang, sets=p.sets, reps=p.reps, rest=p.rest_s)
    return tr("dose_hold", lang, sets=p.sets, hold=p.hold_s or 0, rest=p.rest_s)


class QtExercisePicker(QWidget):
    start_camera = pyqtSignal(str)  # exercise id or ROUTINE_ID
    start_video = pyqtSignal(str)

    def __init__(self, catalogue: dict[str, ExerciseDef], lang: str, parent=None):
        super().__init__(parent)
        self.catalogue, self.lang = catalogue, lang
        lay = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.setMaximumWidth(280)
        self.list.setStyleSheet("font-size: 15px;")
        lay.addWidget(self.list)
        right = QVBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 26px; font-weight: 700;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.body.setStyleSheet("font-size: 15px;")
        right.addWidget(self.title)
        right.addWidget(self.body, 1)
        buttons = QHBoxLayout()
        self.camera_button = QPushButton()
        self.video_button = QPushButton()
        for b in (self.camera_button, self.video_button):
            b.setMinimumHeight(44)
            b.setStyleSheet("font-size: 16px;")
            buttons.addWidget(b)
        right.addLayout(buttons)
        lay.addLayout(right, 1)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.camera_button.clicked.connect(lambda: self.start_camera.emit(self.current_id()))
        self.video_button.clicked.connect(lambda: self.start_video.emit(self.current_id()))
        self.retranslate(lang)

    def routine_ids(self) -> list[str]:
        return [i for i in HOME_ROUTINE if i in self.catalogue]

    def current_id(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def select(self, exercise_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == exercise_id:
                self.list.setCurrentRow(i)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        current = self.current_id()
        self.list.clear()
        item = QListWidgetItem("★ " + tr("home_routine", lang))
        item.setData(Qt.ItemDataRole.UserRole, ROUTINE_ID)
        self.list.addItem(item)
        for ex in self.catalogue.values():
            item = QListWidgetItem(ex.name.get(lang))
            item.setData(Qt.ItemDataRole.UserRole, ex.id)
            self.list.addItem(item)
        self.camera_button.setText(tr("start_camera", lang))
        self.video_button.setText(tr("open_video", lang))
        self.select(current or ROUTINE_ID)

    def _on_current_changed(self, *_):
        ex_id = self.current_id()
        lang = self.lang
        if ex_id == ROUTINE_ID:
            self.title.setText(tr("home_routine", lang))
            rows = []
            for i, rid in enumerate(self.routine_ids(), 1):
                ex = self.catalogue[rid]
                rows.append(f"<li><b>{ex.name.get(lang)}</b>: {dose_text(ex, lang)}</li>")
            self.body.setText(f"<p>{tr('routine_intro', lang)}</p><ol>{''.join(rows)}</ol>")
            return
        ex = self.catalogue.get(ex_id)
        if ex is None:
            return
        self.title.setText(ex.name.get(lang))
        self.body.setText(
            f"<p>{ex.description.get(lang)}</p>"
            f"<p><b>{tr('camera_placement', lang)}:</b> {ex.camera.get(lang)}</p>"
            f"<p><b>{tr('prescription', lang)}:</b> {dose_text(ex, lang)}</p>")
