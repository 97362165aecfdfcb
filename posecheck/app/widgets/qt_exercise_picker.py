"""QtExercisePicker: the routines (programmes from routines/*.toml) and the single exercises, with what to do,
where to put the camera and the dose. The routine last picked is the person's programme: exercises it advises
against are marked in the list."""

from __future__ import annotations

from html import escape

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

from posecheck.i18n import N_, tr
from posecheck.exercises.schema import ExerciseDef, Kind, Prescription
from posecheck.routines.schema import Routine

__all__ = ["ROUTINE_PREFIX", "QtExercisePicker", "dose_text", "routine_choice"]

ROUTINE_PREFIX = "routine:"  # a list entry's id: "routine:home", or an exercise id


def routine_choice(routine_id: str) -> str:
    return ROUTINE_PREFIX + routine_id


def dose_text(dose: Prescription, per_side: bool, held: bool, lang: str) -> str:
    if dose.reps and not held:
        text = (N_("{sets} sets of {reps} reps per side, {rest:g} s rest between sets") if per_side else
                N_("{sets} sets of {reps} reps, {rest:g} s rest between sets"))
        return tr(text, lang, sets=dose.sets, reps=dose.reps, rest=dose.rest_s)
    return tr("{sets} times {hold:g} s hold, {rest:g} s rest in between", lang, sets=dose.sets, hold=dose.hold_s or 0, rest=dose.rest_s)


def _exercise_dose(ex: ExerciseDef, lang: str) -> str:
    return dose_text(ex.prescription, ex.per_side, ex.rep is None, lang)


class QtExercisePicker(QWidget):
    start_camera = pyqtSignal(str)  # exercise id or "routine:<id>"
    start_video = pyqtSignal(str)
    programme_changed = pyqtSignal(str)  # routine id

    def __init__(self, catalogue: dict[str, ExerciseDef], lang: str, routines: dict[str, Routine] | None = None,
                 programme: str = "", parent=None):
        super().__init__(parent)
        self.catalogue, self.lang = catalogue, lang
        self.routines = routines or {}
        self.programme = programme if programme in self.routines else ""
        lay = QHBoxLayout(self)
        left = QVBoxLayout()
        self.programme_label = QLabel()
        self.programme_label.setWordWrap(True)
        self.programme_label.setMaximumWidth(280)
        self.programme_label.setStyleSheet("font-size: 13px; color: #555;")
        self.list = QListWidget()
        self.list.setMaximumWidth(280)
        self.list.setStyleSheet("font-size: 15px;")
        left.addWidget(self.programme_label)
        left.addWidget(self.list, 1)
        lay.addLayout(left)
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

    # ------------------------------------------------------------------ what is picked
    def current_id(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def routine_of(self, choice: str) -> Routine | None:
        """The routine a list entry stands for (None for a single exercise)."""
        return self.routines.get(choice[len(ROUTINE_PREFIX):]) if choice.startswith(ROUTINE_PREFIX) else None

    def programme_routine(self) -> Routine | None:
        return self.routines.get(self.programme)

    def routine_ids(self) -> list[str]:
        """The exercises of the programme (or of the first routine when none is chosen yet)."""
        r = self.programme_routine() or next(iter(self.routines.values()), None)
        return r.exercise_ids if r else []

    def select(self, choice: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == choice:
                self.list.setCurrentRow(i)

    # ------------------------------------------------------------------ painting
    def retranslate(self, lang: str) -> None:
        self.lang = lang
        current = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.routines.values():
            item = QListWidgetItem("★ " + r.name.get(lang))
            item.setData(Qt.ItemDataRole.UserRole, routine_choice(r.id))
            self.list.addItem(item)
        programme = self.programme_routine()
        for ex in self.catalogue.values():
            advised_against = programme is not None and programme.avoid_for(ex.id) is not None
            item = QListWidgetItem(("⚠ " if advised_against else "") + ex.name.get(lang))
            item.setData(Qt.ItemDataRole.UserRole, ex.id)
            if advised_against:
                item.setToolTip(tr("Not advised in this programme", lang))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.camera_button.setText(tr("Start with the camera", lang))
        self.video_button.setText(tr("Open a video…", lang))
        self.programme_label.setText(tr("Your programme: {name}", lang, name=programme.name.get(lang)) if programme
                                     else tr("Pick a programme (★) that fits your situation", lang))
        first = routine_choice(self.programme) if self.programme else (self.list.item(0).data(Qt.ItemDataRole.UserRole)
                                                                        if self.list.count() else "")
        self.select(current or first)
        self._on_current_changed()

    def _on_current_changed(self, *_):
        choice, lang = self.current_id(), self.lang
        routine = self.routine_of(choice)
        if routine is not None:
            if routine.id != self.programme:  # the routine picked is the person's programme from now on
                self.programme = routine.id
                self.programme_changed.emit(routine.id)
                self.retranslate(lang)
                return
            self._show_routine(routine)
            return
        ex = self.catalogue.get(choice)
        if ex is None:
            return
        self.title.setText(ex.name.get(lang))
        html = (f"<p>{escape(ex.description.get(lang))}</p>"
                f"<p><b>{tr('Camera', lang)}:</b> {escape(ex.camera.get(lang))}</p>"
                f"<p><b>{tr('Prescription', lang)}:</b> {_exercise_dose(ex, lang)}</p>")
        avoid = self.programme_routine().avoid_for(ex.id) if self.programme_routine() else None
        if avoid is not None:
            html += (f"<p style='color:#a33'><b>⚠ {tr('Not advised in this programme', lang)} "
                     f"({escape(self.programme_routine().name.get(lang))}):</b> {escape(avoid.what.get(lang))}. "
                     f"{escape(avoid.reason.get(lang))}</p>")
        self.body.setText(html)

    def _show_routine(self, routine: Routine) -> None:
        lang = self.lang
        self.title.setText(routine.name.get(lang))
        rows = []
        for item in routine.items:
            ex = self.catalogue[item.exercise]
            variant = next((v for v in ex.all_variants if v.variant_id == item.variant), ex) if item.variant else ex
            name = ex.name.get(lang) + (f" ({variant.variant_name.get(lang)})" if item.variant else "")
            note = f" <i>{escape(item.note.get(lang))}</i>" if item.note else ""
            dose = dose_text(item.dose, variant.per_side, variant.kind in (Kind.HOLD, Kind.PER_SIDE_HOLD), lang)
            rows.append(f"<li><b>{escape(name)}</b>: {dose}.{note}</li>")
        html = (f"<p>{escape(routine.description.get(lang))}</p><ol>{''.join(rows)}</ol>"
                f"<p>{tr('{rest:g} s rest between the exercises', lang, rest=routine.rest_between_exercises_s)}</p>")
        if routine.avoid:
            lines = []
            for a in routine.avoid:
                names = ", ".join(self.catalogue[i].name.get(lang) for i in a.exercises)
                lines.append(f"<li><b>{escape(a.what.get(lang))}</b>{f' ({escape(names)})' if names else ''}: "
                             f"{escape(a.reason.get(lang))}</li>")
            html += f"<p><b>{tr('Not advised in this programme', lang)}:</b></p><ul>{''.join(lines)}</ul>"
        self.body.setText(html)
