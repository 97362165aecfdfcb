"""The picker, the first-run safety check and the language switch of the main window."""

from __future__ import annotations

import pytest

from posecheck.app import qt_main_window
from posecheck.app.cues import CuePlayer
from posecheck.app.qt_dialogs import QtSafetyDialog, QtSettingsDialog
from posecheck.app.qt_main_window import QtMainWindow
from posecheck.app.settings import Settings
from posecheck.app.texts import HOME_ROUTINE
from posecheck.app.widgets.qt_exercise_picker import ROUTINE_ID
from posecheck.exercises.loader import load_catalogue

pytestmark = pytest.mark.gui


def window(qtbot, settings):
    win = QtMainWindow(load_catalogue(), settings, cues=CuePlayer(settings.language, enable_audio=False),
                       save_settings=False)
    qtbot.addWidget(win)
    return win


def test_the_picker_shows_the_home_routine_and_exercise_details_in_dutch(qtbot):
    win = window(qtbot, Settings(language="nl"))
    cat = win.catalogue
    assert win.picker.current_id() == ROUTINE_ID
    body = win.picker.body.text()
    present = [i for i in HOME_ROUTINE if i in cat]
    assert present and all(cat[i].name.nl in body for i in present)
    assert body.index(cat[present[0]].name.nl) < body.index(cat[present[-1]].name.nl)
    win.picker.select("glute_bridge")
    assert win.picker.title.text() == "Bruggetje"
    assert cat["glute_bridge"].camera.nl in win.picker.body.text()
    p = cat["glute_bridge"].prescription
    assert f"{p.sets} series van {p.reps} herhalingen" in win.picker.body.text()
    assert win.picker.camera_button.text() == "Start met de camera"


def test_a_red_flag_at_first_run_advises_a_physiotherapist_and_blocks_training(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(qt_main_window.QMessageBox, "information", lambda *a: shown.append(a[2]))
    settings = Settings(language="en", safety_confirmed=False)
    win = window(qtbot, settings)
    monkeypatch.setattr(QtSafetyDialog, "exec", lambda self: QtSafetyDialog.DialogCode.Rejected)
    assert not win.start_session(["glute_bridge"], "missing.mp4")
    assert win.stack.currentIndex() == 0 and "physiotherapist" in shown[0]
    assert not settings.safety_confirmed
    monkeypatch.setattr(QtSafetyDialog, "exec", lambda self: QtSafetyDialog.DialogCode.Accepted)
    assert win.ensure_safety() and settings.safety_confirmed


def test_the_safety_dialog_lists_the_red_flags(qtbot):
    dlg = QtSafetyDialog("nl")
    qtbot.addWidget(dlg)
    from PyQt6.QtWidgets import QLabel
    text = " ".join(w.text() for w in dlg.findChildren(QLabel))
    assert "uitstraalt" in text and "6 weken" in text and "fysiotherapeut" in text


def test_changing_the_language_in_settings_retranslates_the_window(qtbot, monkeypatch):
    settings = Settings(language="en")
    win = window(qtbot, settings)

    def accept(self):
        self.language.setCurrentIndex(0)  # Nederlands
        self.muted.setChecked(True)
        return QtSettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(QtSettingsDialog, "exec", accept)
    win.edit_settings()
    assert settings.language == "nl" and settings.muted
    assert win.live.hurts_button.text() == "Stop — het doet pijn"
    assert win.presenter.cues.muted
