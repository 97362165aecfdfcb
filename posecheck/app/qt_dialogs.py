"""The settings dialog, the first-run safety check (red flags → see a physiotherapist first) and the question
asked before an exercise the person's programme advises against."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QCheckBox,
    QMessageBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.settings import MAX_POSE_WORKERS_SETTING, Settings
from posecheck.i18n import languages, tr
from posecheck.app.texts import red_flags
from posecheck.routines.schema import Avoid

__all__ = ["QtNotAdvisedBox", "QtSafetyDialog", "QtSettingsDialog"]


class QtSettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        lang = settings.language
        self.setWindowTitle(tr("Settings", lang))
        form = QFormLayout(self)
        self.language = QComboBox()
        for code in languages():  # each catalogue names its own language ("Nederlands")
            self.language.addItem(tr("English", code, context="language name"), code)
        self.language.setCurrentIndex(max(self.language.findData(lang), 0))
        self.camera = QSpinBox()
        self.camera.setRange(0, 9)
        self.camera.setValue(settings.camera_index)
        self.model = QComboBox()
        for v in ("lite", "full", "heavy"):
            self.model.addItem(v, v)
        self.model.setCurrentIndex(("lite", "full", "heavy").index(settings.model_variant))
        self.pose_workers = QSpinBox()
        self.pose_workers.setRange(0, MAX_POSE_WORKERS_SETTING)
        self.pose_workers.setSpecialValueText(tr("automatic (one per core)", lang))  # shown for 0
        self.pose_workers.setValue(settings.pose_workers)
        self.mirror = QCheckBox()
        self.mirror.setChecked(settings.mirror)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(int(settings.cue_volume * 100))
        self.muted = QCheckBox()
        self.muted.setChecked(settings.muted)
        self.storage = QLineEdit(str(settings.storage_path))
        self.storage.setMinimumWidth(320)
        browse = QPushButton(tr("Browse…", lang))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.storage)
        row.addWidget(browse)
        holder = QWidget()
        holder.setLayout(row)
        form.addRow(tr("Language", lang), self.language)
        form.addRow(tr("Camera", lang), self.camera)
        form.addRow(tr("Pose model", lang), self.model)
        form.addRow(tr("Pose model instances (cores used)", lang), self.pose_workers)
        form.addRow(tr("Mirror the picture", lang), self.mirror)
        form.addRow(tr("Cue volume", lang), self.volume)
        form.addRow(tr("Mute cues", lang), self.muted)
        form.addRow(tr("Session folder", lang), holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._settings = settings

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Session folder", self._settings.language), self.storage.text())
        if folder:
            self.storage.setText(folder)

    def apply_to(self, s: Settings) -> None:
        s.language = self.language.currentData()
        s.camera_index = self.camera.value()
        s.model_variant = self.model.currentData()
        s.pose_workers = self.pose_workers.value()
        s.mirror = self.mirror.isChecked()
        s.cue_volume = self.volume.value() / 100.0
        s.muted = self.muted.isChecked()
        s.storage_dir = self.storage.text().strip()


class QtSafetyDialog(QDialog):
    """Asks about the red flags. ``accepted`` = none apply; ``rejected`` = see a professional first."""

    def __init__(self, lang: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Before you start", lang))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        intro = QLabel(f"<b>{tr('Do any of these apply to you right now?', lang)}</b>")
        lay.addWidget(intro)
        items = "".join(f"<li>{t}</li>" for t in red_flags(lang))
        flags = QLabel(f"<ul>{items}</ul>")
        flags.setWordWrap(True)
        lay.addWidget(flags)
        advice = QLabel(tr("If any of these apply, do not start with these exercises: see your GP or a physiotherapist first. Exercises must never cause pain; stop if the pain increases.", lang))
        advice.setWordWrap(True)
        lay.addWidget(advice)
        self.none_button = QPushButton(tr("None of these apply to me", lang))
        self.some_button = QPushButton(tr("One or more apply to me", lang))
        self.none_button.clicked.connect(self.accept)
        self.some_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.some_button)
        row.addWidget(self.none_button)
        lay.addLayout(row)


class QtNotAdvisedBox(QMessageBox):
    """Says why an exercise is not advised in the person's programme and asks before going on.
    ``exec()`` returns ``QMessageBox.StandardButton.Yes`` to do it anyway."""

    def __init__(self, lang: str, exercise_name: str, programme_name: str, avoid: Avoid, parent=None):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Not advised in your programme", lang))
        self.setText(tr("{exercise} is not advised in the programme “{programme}” ({what}).\n\n{reason}\n\nDo you want to do it anyway?", lang, exercise=exercise_name, programme=programme_name,
                        what=avoid.what.get(lang).lower(), reason=avoid.reason.get(lang)))
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText(tr("Do it anyway", lang))
        self.button(QMessageBox.StandardButton.No).setText(tr("Choose another exercise", lang))
        self.setDefaultButton(QMessageBox.StandardButton.No)  # the safe choice is the default
