"""The patient's side of sending a session: `posecheck export` and the main window's File menu action
pack a session into the .zip that the physiotherapist's review window imports."""

from __future__ import annotations

import os
import zipfile

import pytest
import test_qt_support  # noqa: F401 (offscreen Qt with cv2's plugin path cleared, as for every review Qt test)

from posecheck.cli import main
from posecheck.review.archive import import_session
from posecheck.review.model import load_review
from recorded_sessions import write_session_video


def test_posecheck_export_writes_the_zip_the_physiotherapist_imports(bridge_session, tmp_path, capsys):
    folder, _ = bridge_session
    write_session_video(folder / "video.avi")
    assert main(["export", str(folder), str(tmp_path / "for_physio.zip")]) == 0
    assert "send this file to your physiotherapist" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "for_physio.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{folder.name}/{n}" for n in
                                               ("meta.json", "events.jsonl", "poses.npz", "video.avi"))
    dest = import_session(tmp_path / "for_physio.zip", tmp_path / "clinic")
    assert len(load_review(dest).reps) == 5


def test_export_last_takes_the_newest_session_and_can_leave_the_video_out(bridge_session, tmp_path, monkeypatch):
    folder, _ = bridge_session
    (folder / "video.avi").write_bytes(os.urandom(2000))
    monkeypatch.setenv("POSECHECK_DATA_DIR", str(folder.parent.parent))  # <data>/sessions is the library
    monkeypatch.setenv("POSECHECK_CONFIG_DIR", str(tmp_path / "config"))
    (folder.parent.parent / "sessions").mkdir(exist_ok=True)
    target = folder.parent.parent / "sessions" / folder.name
    folder.rename(target)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert main(["export", "last", str(out_dir), "--no-video"]) == 0
    with zipfile.ZipFile(out_dir / f"{target.name}.zip") as zf:
        assert f"{target.name}/video.avi" not in zf.namelist() and f"{target.name}/meta.json" in zf.namelist()


def test_export_says_what_to_do_when_there_is_nothing_to_send(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSECHECK_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("POSECHECK_CONFIG_DIR", str(tmp_path / "config"))
    assert main(["export", "last"]) != 0
    assert "no recorded session" in capsys.readouterr().err
    assert main(["export", str(tmp_path)]) != 0  # not a session folder
    assert "not a posecheck session" in capsys.readouterr().err.lower()


@pytest.mark.gui
def test_the_file_menu_exports_a_session_in_dutch_off_the_ui_thread(qtbot, bridge_session, tmp_path, monkeypatch):
    from posecheck.app import qt_main_window
    from posecheck.app.cues import CuePlayer
    from posecheck.app.qt_main_window import QtMainWindow
    from posecheck.app.settings import Settings
    from posecheck.exercises.loader import load_catalogue

    folder, _ = bridge_session
    settings = Settings(language="nl", safety_confirmed=True, storage_dir=str(folder.parent))
    win = QtMainWindow(load_catalogue(), settings, cues=CuePlayer("nl", enable_audio=False), save_settings=False)
    qtbot.addWidget(win)
    assert win.act_export.text() == "Sessie exporteren voor je fysiotherapeut…"
    asked = {}
    monkeypatch.setattr(qt_main_window.QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: asked.setdefault("start", start) and str(folder))
    monkeypatch.setattr(qt_main_window.QFileDialog, "getSaveFileName",
                        lambda parent, title, default, filt: (str(tmp_path / "naar_fysio"), ""))
    shown = []
    monkeypatch.setattr(qt_main_window.QMessageBox, "information", lambda parent, title, text: shown.append(text))
    worker = win.export_for_physio()
    assert worker.isRunning() or worker.isFinished()  # the zip is written on the worker's thread
    ended = []
    worker.finished.connect(lambda: ended.append(True))  # queued to this thread: cannot be missed
    assert asked["start"] == str(folder)  # the newest session is preselected
    qtbot.waitUntil(lambda: bool(shown) and bool(ended), timeout=10000)
    assert (tmp_path / "naar_fysio.zip").is_file()
    assert shown[0].startswith(f"Opgeslagen als {tmp_path / 'naar_fysio.zip'}") and "fysiotherapeut" in shown[0]
