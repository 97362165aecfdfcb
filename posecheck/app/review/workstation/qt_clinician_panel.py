"""QtClinicianPanel: the physiotherapist's own input, kept apart from the analysis.

A session note, a note on the selected rep, the fault list (each fault with its state: detected,
false alarm, added by the clinician), a button to mark the selected fault as a false alarm (or undo
that), and one to add a missed fault at the playhead. Widgets only: the presenter stores everything
through the core's annotations module (``review.json`` beside the results).
"""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from posecheck.i18n import tr

__all__ = ["QtClinicianPanel"]


class QtClinicianPanel(QGroupBox):
    fault_selected = pyqtSignal(int)  # row in the fault list (= index into the presenter's markers)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.faults_label = QLabel()
        self.fault_list = QListWidget()
        self.fault_list.setMinimumHeight(70)
        self.fault_list.setMaximumHeight(120)  # a session has a handful of faults; the notes need the room
        self.fault_list.currentRowChanged.connect(lambda row: row >= 0 and self.fault_selected.emit(row))
        self.false_alarm_button = QPushButton()
        add_row = QHBoxLayout()
        self.missed_kind = QComboBox()
        self.add_missed_button = QPushButton()
        add_row.addWidget(self.missed_kind, 1)
        add_row.addWidget(self.add_missed_button)
        self.session_note_label = QLabel()
        self.session_note = QPlainTextEdit()
        self.session_note.setFixedHeight(60)
        self.rep_note_label = QLabel()
        self.rep_note = QPlainTextEdit()
        self.rep_note.setFixedHeight(44)
        self.save_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #7a7;")
        for w in (self.faults_label, self.fault_list, self.false_alarm_button):
            lay.addWidget(w)
        lay.addLayout(add_row)
        for w in (self.session_note_label, self.session_note, self.rep_note_label, self.rep_note, self.save_button,
                  self.status):
            lay.addWidget(w)
        self.lang = "en"

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.setTitle(tr("Clinician", lang))
        self.faults_label.setText(tr("Faults", lang))
        self.false_alarm_button.setText(tr("Mark fault as false alarm", lang))
        self.add_missed_button.setText(tr("Add missed fault at playhead", lang))
        self.session_note_label.setText(tr("Session note", lang))
        self.rep_note_label.setText(tr("Note on the selected rep", lang))
        self.save_button.setText(tr("Save notes", lang))

    def set_fault_kinds(self, kinds: list[tuple[str, str]]) -> None:
        """(fault id, label) of the exercise's faults, for 'add a missed fault'."""
        self.missed_kind.clear()
        for fid, label in kinds:
            self.missed_kind.addItem(label, fid)

    def set_faults(self, rows: list[str], current: int | None = None, tips: list[str] | None = None) -> None:
        """``tips``: the fault's message in the chosen language, shown on hover."""
        self.fault_list.blockSignals(True)
        self.fault_list.clear()
        for i, text in enumerate(rows):
            item = QListWidgetItem(text)
            if tips and i < len(tips):
                item.setToolTip(tips[i])
            self.fault_list.addItem(item)
        if current is not None and 0 <= current < len(rows):
            self.fault_list.setCurrentRow(current)
        self.fault_list.blockSignals(False)

    def select_fault(self, row: int | None) -> None:
        self.fault_list.blockSignals(True)
        self.fault_list.setCurrentRow(-1 if row is None else row)
        self.fault_list.blockSignals(False)

    def set_false_alarm_state(self, is_false_alarm: bool, enabled: bool) -> None:
        self.false_alarm_button.setText(tr("Fault is real (undo false alarm)" if is_false_alarm else "Mark fault as false alarm", self.lang))
        self.false_alarm_button.setEnabled(enabled)
