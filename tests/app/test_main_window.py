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
    assert not win.start_session(["glute_bridge"], 0)  # the camera: blocked before it is opened
    assert win.stack.currentIndex() == 0 and "physiotherapist" in shown[0]
    assert not settings.safety_confirmed
    monkeypatch.setattr(QtSafetyDialog, "exec", lambda self: QtSafetyDialog.DialogCode.Accepted)
    assert win.ensure_safety() and settings.safety_confirmed


def test_replaying_a_video_does_not_ask_the_first_run_safety_check_but_the_camera_does(qtbot, monkeypatch,
                                                                                       bridge_clips):
    """A replay is not a training session, and `posecheck app --video` may run with nobody to answer."""
    from posecheck.pose.fake_backend import FakePoseBackend

    asked = []

    def answer(self):
        asked.append(True)
        return QtSafetyDialog.DialogCode.Rejected

    monkeypatch.setattr(QtSafetyDialog, "exec", answer)
    monkeypatch.setattr(qt_main_window.QMessageBox, "information", lambda *a: None)
    video, seq = bridge_clips["clean"]
    settings = Settings(language="en", safety_confirmed=False)
    win = QtMainWindow(load_catalogue(), settings, backend_factory=lambda: FakePoseBackend(seq), speed=8.0,
                       cues=CuePlayer("en", enable_audio=False), save_settings=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.session_finished, timeout=20_000) as done:
        assert win.start_session(["glute_bridge"], str(video))
    assert done.args[0] and not asked and not settings.safety_confirmed  # recorded, nothing asked or assumed
    assert not win.start_session(["glute_bridge"], 0) and asked == [True]


@pytest.mark.needs_model
def test_posecheck_app_video_runs_to_the_end_on_a_first_run(tmp_path):
    """The real entry point with no settings yet (first run): it must not wait for the safety dialog."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from posecheck.session.store import list_sessions, open_session

    video = Path(__file__).parent.parent / "fixtures" / "glute_bridge__clean__side__a.mp4"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POSECHECK_DATA_DIR": str(tmp_path / "data"),
           "POSECHECK_CONFIG_DIR": str(tmp_path / "config"), "POSECHECK_QUIT_WHEN_DONE": "1",
           "POSECHECK_REPLAY_SPEED": "4"}
    r = subprocess.run([sys.executable, "-m", "posecheck", "app", "--video", str(video), "--exercise",
                        "glute_bridge"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    (folder,) = list_sessions(tmp_path / "data" / "sessions")
    assert open_session(folder).complete


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
