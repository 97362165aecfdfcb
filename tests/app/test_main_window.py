"""The picker, the first-run safety check and the language switch of the main window."""

from __future__ import annotations

import pytest

from posecheck.app import qt_main_window
from posecheck.app.cues import CuePlayer
from posecheck.app.qt_dialogs import QtSafetyDialog, QtSettingsDialog
from posecheck.app.qt_main_window import QtMainWindow
from posecheck.app.settings import Settings
from posecheck.app.widgets.qt_exercise_picker import routine_choice
from posecheck.exercises.loader import load_catalogue
from posecheck.routines.loader import load_routines
from posecheck.session.plan import SessionPlan

pytestmark = pytest.mark.gui


def window(qtbot, settings):
    win = QtMainWindow(load_catalogue(), settings, cues=CuePlayer(settings.language, enable_audio=False),
                       save_settings=False)
    qtbot.addWidget(win)
    return win


def test_the_picker_shows_the_home_routine_and_exercise_details_in_dutch(qtbot):
    win = window(qtbot, Settings(language="nl"))
    cat = win.catalogue
    assert win.picker.current_id() == routine_choice("home")  # the first routine file
    body = win.picker.body.text()
    present = win.routines["home"].exercise_ids
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


# ------------------------------------------------------------------ issue 13: routines as data, and what they advise against
def _list_texts(win) -> list[str]:
    return [win.picker.list.item(i).text() for i in range(win.picker.list.count())]


def test_the_routine_files_are_offered_beside_the_single_exercises(qtbot):
    win = window(qtbot, Settings(language="en"))
    routines = load_routines(win.catalogue)
    texts = _list_texts(win)
    assert texts[:len(routines)] == [f"★ {r.name.en}" for r in routines.values()]
    assert set(routines) >= {"home", "hernia", "pregnancy", "gym", "ball"}
    assert [t.lstrip("⚠ ") for t in texts[len(routines):]] == [ex.name.en for ex in win.catalogue.values()]
    win.picker.select(routine_choice("gym"))
    body = win.picker.body.text()
    gym = routines["gym"]
    names = [win.catalogue[i].name.en for i in gym.exercise_ids]
    assert [body.index(n) for n in names] == sorted(body.index(n) for n in names)  # in the file's order
    rdl = gym.items[0].dose
    assert f"{rdl.sets} sets of {rdl.reps} reps" in body


def test_a_routine_starts_with_the_doses_of_its_file(qtbot, monkeypatch):
    win = window(qtbot, Settings(language="en", safety_confirmed=True))
    started = []
    monkeypatch.setattr(win.presenter, "start", lambda ids, source, **kw: started.append((ids, kw)))
    assert win.start_choice(routine_choice("pregnancy"), "clip.mp4")
    ids, kw = started[0]
    pregnancy = win.routines["pregnancy"]
    assert ids == pregnancy.exercise_ids and kw["doses"] == [i.dose for i in pregnancy.items]
    assert kw["rest_between_s"] == pregnancy.rest_between_exercises_s
    # the presenter then runs each exercise with the routine's dose, not the exercise file's
    win.presenter.plan = SessionPlan(win.catalogue, ids, kw["doses"], kw["rest_between_s"])
    win.presenter.plan.ex_pos = ids.index("wall_sit")
    assert win.presenter.exercise.prescription == pregnancy.items[ids.index("wall_sit")].dose
    assert win.presenter.exercise.prescription != win.catalogue["wall_sit"].prescription


@pytest.mark.parametrize("programme,exercise,words", [
    ("pregnancy", "plank", "strains the front of the belly"),
    ("pregnancy", "superman", "pressure on the belly"),
    ("hernia", "knee_drops", "Twisting the lower back"),
])
def test_an_exercise_the_programme_advises_against_is_explained_and_asked_about(qtbot, monkeypatch, programme,
                                                                             exercise, words):
    settings = Settings(language="en", safety_confirmed=True)
    win = window(qtbot, settings)
    win.picker.select(routine_choice(programme))  # picking a routine makes it the person's programme
    assert settings.programme == programme
    listed = _list_texts(win)
    assert f"⚠ {win.catalogue[exercise].name.en}" in listed
    asked, started = [], []
    monkeypatch.setattr(win.presenter, "start", lambda ids, source, **kw: started.append(ids))

    def answer(reply):
        def exec_(box):
            asked.append((box.windowTitle(), box.text()))
            return reply
        return exec_

    win.picker.select(exercise)
    monkeypatch.setattr(qt_main_window.QtNotAdvisedBox, "exec", answer(qt_main_window.QtNotAdvisedBox.StandardButton.No))
    win.picker.camera_button.click()
    assert started == [] and win.stack.currentIndex() == 0  # "choose another": nothing starts
    title, text = asked[0]
    assert title == "Not advised in your programme" and words in text
    assert win.catalogue[exercise].name.en in text and win.routines[programme].name.en in text
    monkeypatch.setattr(qt_main_window.QtNotAdvisedBox, "exec", answer(qt_main_window.QtNotAdvisedBox.StandardButton.Yes))
    win.picker.camera_button.click()
    assert started == [[exercise]]  # "do it anyway"


def test_an_exercise_the_programme_allows_starts_without_a_question(qtbot, monkeypatch):
    win = window(qtbot, Settings(language="nl", safety_confirmed=True, programme="pregnancy"))
    assert win.picker.programme_label.text() == "Jouw programma: Zwangerschap"
    monkeypatch.setattr(qt_main_window.QtNotAdvisedBox, "exec", lambda box: pytest.fail("asked without reason"))
    started = []
    monkeypatch.setattr(win.presenter, "start", lambda ids, source, **kw: started.append(ids))
    assert win.start_choice("glute_bridge", "x.mp4") and started == [["glute_bridge"]]
    win.picker.select("glute_bridge")
    assert "⚠" not in win.picker.body.text()
