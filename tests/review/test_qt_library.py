"""The review window: library table and filters, progress charts, opening a session, importing a
folder or archive (and refusing a bad one with nothing written), analysing a video on open, the
entry points (main window menu, ``posecheck review``)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from test_qt_support import copy_session, recorded_session

from posecheck.app.review.qt_review_window import QtReviewWindow
from posecheck.app.settings import Settings
from posecheck.exercises.loader import load_catalogue
from posecheck.review.model import load_review

pytestmark = pytest.mark.gui


def make_window(qtbot, library: Path, lang="en", backend_factory=None) -> QtReviewWindow:
    win = QtReviewWindow(load_catalogue(), Settings(language=lang, storage_dir=str(library)),
                         backend_factory=backend_factory)
    qtbot.addWidget(win)
    win.show()
    win.refresh_library()
    # The progress charts load on a worker; it opens the index (which touches sessions.sqlite), so a test
    # snapshotting the library must start after it.
    qtbot.waitUntil(lambda: not win.library.progress_loading, timeout=10000)
    return win


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def library(tmp_path) -> Path:
    """Two recorded sessions; the clean one moved back to an earlier day (its meta.json says so)."""
    lib = tmp_path / "library"
    copy_session("arched", lib)
    clean = copy_session("clean", lib)
    meta = json.loads((clean / "meta.json").read_text(encoding="utf-8"))
    meta["started_at"] = "2026-01-15T09:30:00+0100"
    (clean / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return lib


def test_library_lists_every_session_and_filters_by_date_and_exercise(qtbot, library):
    win = make_window(qtbot, library)
    page = win.library
    assert page.model.rowCount() == 2
    page.set_filters(dt.date(2026, 1, 1), dt.date(2026, 1, 31), None)
    assert [r.started_at[:10] for r in page.model.rows] == ["2026-01-15"]
    page.set_filters(dt.date(2026, 2, 1), dt.date.today(), None)
    assert page.model.rowCount() == 1 and page.model.rows[0].started_at[:10] != "2026-01-15"
    page.set_filters(dt.date(2026, 1, 1), dt.date.today(), "glute_bridge")
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "2 of 2 sessions"


def test_progress_charts_show_one_point_per_session_in_date_order(qtbot, library):
    win = make_window(qtbot, library)
    page = win.library
    page.set_filters(dt.date(2026, 1, 1), dt.date.today(), "glute_bridge")
    assert page.progress_loading and page.progress_status.text() == "Loading progress…"
    qtbot.waitUntil(lambda: not page.progress_loading, timeout=10000)
    assert page.progress_status.isHidden()
    data = page.charts.data
    rows = sorted(page.model.rows, key=lambda r: r.started_at)
    assert data.reps_total == [r.reps_total for r in rows]
    assert len(data.rom_deg) == 2 and all(v is not None and v > 0 for v in data.rom_deg)
    assert data.fault_rate == [round(sum(r.faults.values()) / r.reps_total, 3) for r in rows]
    left, right, total = page.charts.curves["chart_reps"]
    assert np.allclose(total.getData()[1], [r.reps_total for r in rows])
    assert left.getData()[0] is None or len(left.getData()[0]) == 0, "a bridge has no sides to chart"
    assert np.allclose(page.charts.curves["chart_rom"][0].getData()[1], data.rom_deg)
    assert "Glute bridge" in page.progress_title.text()


def test_a_review_window_closed_and_shown_again_still_draws_its_progress_charts(qtbot, library):
    # The main window keeps its review window and shows it again after a close: closing must not tear
    # the charts down (it once did, and the library then showed no charts at all).
    win = make_window(qtbot, library)
    win.close()
    win.show_library()
    win.show()
    page = win.library
    page.set_filters(dt.date(2026, 1, 1), dt.date.today(), "glute_bridge")
    qtbot.waitUntil(lambda: not page.progress_loading, timeout=10000)
    assert page.charts.isVisible()
    total = page.charts.curves["chart_reps"][2]
    assert len(total.getData()[1]) == 2
    img = page.charts.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 5, "the charts area is blank"


def test_the_progress_query_runs_off_the_ui_thread_and_a_stale_answer_is_dropped(qtbot, library, monkeypatch):
    import threading

    import posecheck.app.review.library.progress_adapter as adapter

    real_progress = adapter.progress
    threads, asked = [], []
    release_first = threading.Event()

    def recording_progress(lib, exercise_id, since, until, refresh=True):
        threads.append(threading.current_thread())
        asked.append(since)
        if since == dt.date(2026, 1, 1):  # the filter that will be stale: held until a newer one is made
            assert release_first.wait(10)
        return real_progress(lib, exercise_id, since, until, refresh=refresh)

    monkeypatch.setattr(adapter, "progress", recording_progress)
    win = make_window(qtbot, library)
    page = win.library
    qtbot.waitUntil(lambda: not page.progress_loading, timeout=10000)
    shown = []
    page.progress_shown.connect(lambda: shown.append(list(page.charts.data.labels)))
    page.set_filters(dt.date(2026, 1, 1), dt.date.today(), "glute_bridge")  # both sessions: held
    qtbot.waitUntil(lambda: dt.date(2026, 1, 1) in asked, timeout=10000)
    page.set_filters(dt.date(2026, 2, 1), dt.date.today(), "glute_bridge")  # only the later session
    assert page.progress_loading, "a newer filter is being loaded"
    release_first.set()
    qtbot.waitUntil(lambda: not page.progress_loading, timeout=10000)
    assert all(t is not threading.main_thread() for t in threads) and threads, "the query ran on the UI thread"
    assert len(shown) == 1 and len(shown[0]) == 1, f"the stale two-session answer was painted: {shown}"
    assert page.progress_loader.dropped == 1
    assert len(page.charts.data.labels) == 1 == page.model.rowCount()


def test_a_progress_answer_arriving_after_the_window_closed_is_not_painted(qtbot, library, monkeypatch):
    import threading

    import posecheck.app.review.library.progress_adapter as adapter

    real_progress = adapter.progress
    started, release = threading.Event(), threading.Event()

    def slow_progress(*args, **kw):
        started.set()
        release.wait(10)
        return real_progress(*args, **kw)

    win = make_window(qtbot, library)
    page = win.library
    qtbot.waitUntil(lambda: not page.progress_loading, timeout=10000)
    before = list(page.charts.data.labels)
    monkeypatch.setattr(adapter, "progress", slow_progress)
    page.set_filters(dt.date(2026, 2, 1), dt.date.today(), "glute_bridge")
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()  # the answer comes while the window is closing
    win.close()  # waits for the query thread
    qtbot.wait(100)  # let the queued answer arrive
    assert page.charts.data.labels == before
    assert page.progress_loader.dropped == 1


def test_opening_a_session_from_the_library_shows_its_workstation(qtbot, library):
    win = make_window(qtbot, library)
    arched = next(r for r in win.library.model.rows if sum(r.faults.values()))
    with qtbot.waitSignal(win.review_opened, timeout=10000) as blocker:
        win.library.open_requested.emit(arched.folder)
    presenter = blocker.args[0]
    review = load_review(library / arched.folder)
    assert [r.start_s for r in presenter.table_model.reps] == [r.start_s for r in review.reps]
    assert [(m.fault_id, m.t_s) for m in win.workstation.timeline.markers] == [(f.id, f.t_s) for f in review.faults]
    assert win.stack.currentWidget() is win.workstation
    win.workstation.back_button.click()
    assert win.stack.currentWidget() is win.library and win.presenter is None


def test_library_in_dutch(qtbot, library):
    win = make_window(qtbot, library, lang="nl")
    page = win.library
    assert page.title.text() == "Sessiebibliotheek"
    assert page.import_archive_button.text().startswith("Archief importeren")
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert headers[:2] == ["Datum", "Oefening"]
    assert page.model.data(page.model.index(0, 1)) == "Bruggetje"


def test_importing_an_archive_adds_the_session(qtbot, tmp_path):
    lib = tmp_path / "library"
    lib.mkdir()
    src = recorded_session("clean")
    archive = tmp_path / "from_patient.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in src.rglob("*"):
            if p.is_file():
                z.write(p, f"{src.name}/{p.relative_to(src)}")
    win = make_window(qtbot, lib)
    assert win.library.model.rowCount() == 0
    with qtbot.waitSignal(win.import_finished, timeout=20000) as blocker:
        win.import_source(archive)
    assert blocker.args == [True, src.name]
    assert [r.folder for r in win.library.model.rows] == [src.name]


def test_a_hostile_archive_is_refused_with_a_message_and_nothing_is_written(qtbot, tmp_path):
    lib = tmp_path / "library"
    copy_session("clean", lib)
    win = make_window(qtbot, lib, lang="nl")
    before = _snapshot(lib)
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("session/meta.json", json.dumps({"schema_version": 1, "exercise_id": "glute_bridge"}))
        z.writestr("../../outside.txt", "escape")
    with qtbot.waitSignal(win.import_finished, timeout=20000) as blocker:
        win.import_source(archive)
    ok, text = blocker.args
    assert not ok
    assert "niet geïmporteerd" in text and "Er is niets weggeschreven" in text
    assert "bevat een bestand dat naar buiten zijn map wijst" in text, "the reason itself is in Dutch too"
    assert win.message_box is not None and win.message_box.isVisible()
    assert win.message_box.windowTitle() == "Importeren geweigerd"
    assert win.message_box.text() == text
    assert _snapshot(lib) == before, "a refused import must not write anything into the library"
    assert not (tmp_path / "outside.txt").exists()
    win.message_box.close()


def _zip_with_a_symlink(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("session/meta.json", json.dumps({"schema_version": 1, "exercise_id": "glute_bridge"}))
        link = zipfile.ZipInfo("session/poses.npz")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    return path


@pytest.mark.parametrize("lang, reason, other_language", [
    ("nl", "sent.zip bevat een symbolische koppeling ('session/poses.npz'); het is niet geïmporteerd. "
           "Vraag de patiënt om de sessie opnieuw te exporteren uit posecheck", "symbolic link"),
    ("en", "sent.zip contains a symbolic link ('session/poses.npz'); it was not imported. "
           "Ask the patient to export the session again from posecheck", "koppeling"),
])
def test_the_refusal_reason_is_shown_in_the_window_language(qtbot, tmp_path, lang, reason, other_language):
    lib = tmp_path / "library"
    lib.mkdir()
    win = make_window(qtbot, lib, lang=lang)
    before = _snapshot(lib)
    with qtbot.waitSignal(win.import_finished, timeout=20000) as blocker:
        win.import_source(_zip_with_a_symlink(tmp_path / "sent.zip"))
    ok, text = blocker.args
    assert not ok
    assert reason in text and other_language not in text
    assert win.message_box.text() == text
    assert _snapshot(lib) == before
    win.message_box.close()


def test_a_folder_without_landmarks_is_refused(qtbot, tmp_path):
    lib = tmp_path / "library"
    lib.mkdir()
    broken = tmp_path / "sent" / "20260101-100000-glute_bridge"
    shutil.copytree(recorded_session("clean"), broken)
    (broken / "poses.npz").unlink()
    win = make_window(qtbot, lib)
    with qtbot.waitSignal(win.import_finished, timeout=20000) as blocker:
        win.import_source(broken)
    assert blocker.args[0] is False and "not imported" in blocker.args[1]
    assert [p.name for p in lib.iterdir() if p.is_dir()] == []


def test_open_video_analyses_it_with_a_progress_bar_then_shows_the_workstation(qtbot, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "app"))
    from scene import bridge_sequence, write_video

    from posecheck.pose.fake_backend import FakePoseBackend

    seq = bridge_sequence(3, arch_deg=25.0)
    video = write_video(seq, tmp_path / "patient clip.mp4")
    win = make_window(qtbot, tmp_path / "library", backend_factory=lambda: FakePoseBackend(seq))
    seen = []
    with qtbot.waitSignal(win.review_opened, timeout=30000) as blocker:
        worker = win.open_video(video, "glute_bridge")
        worker.progress.connect(lambda done, total: seen.append((done, total)))
    presenter = blocker.args[0]
    assert seen and seen[-1] == (len(seq), len(seq))
    review = presenter.review
    assert review.folder is None and len(review.reps) == 3 and review.faults
    assert [(m.fault_id, m.t_s) for m in win.workstation.timeline.markers] == [(f.id, f.t_s) for f in review.faults]
    with qtbot.waitSignal(presenter.frame_painted, timeout=5000):
        presenter.seek(review.reps[1].start_s)
    # Notes on a video go beside it, never into it.
    presenter.clinician.set_session_note("seen")
    assert (tmp_path / "patient clip.mp4.posecheck-review.json").is_file()


def test_a_corrupt_video_is_refused_with_what_to_do(qtbot, tmp_path):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video" * 20)
    win = make_window(qtbot, tmp_path / "library", backend_factory=lambda: None)
    with qtbot.waitSignal(win.problem_shown, timeout=20000) as blocker:
        win.open_video(bad, "glute_bridge")
    title, text = blocker.args
    assert title == "Cannot analyse the video"
    assert "cannot read any video frame" in text and "export it again" in text
    assert win.workstation is None


def test_main_window_menu_opens_the_review_library(qtbot, tmp_path):
    from posecheck.app.cues import CuePlayer
    from posecheck.app.qt_main_window import QtMainWindow

    settings = Settings(language="nl", safety_confirmed=True, storage_dir=str(tmp_path / "library"))
    main = QtMainWindow(load_catalogue(), settings, cues=CuePlayer("nl", enable_audio=False), save_settings=False)
    qtbot.addWidget(main)
    assert main.act_review.text() == "Sessies bekijken…"
    assert main.act_review in main.menuBar().actions()
    main.act_review.trigger()
    assert main.review_window is not None and main.review_window.isVisible()
    assert main.review_window.library.title.text() == "Sessiebibliotheek"
    qtbot.addWidget(main.review_window)


def test_cli_review_refuses_a_path_that_is_not_a_session_or_video(tmp_path, capsys):
    from posecheck.cli import build_parser, main

    (tmp_path / "notes.txt").write_text("x")
    assert main(["review", str(tmp_path / "missing")]) == 4
    assert "does not exist" in capsys.readouterr().err
    assert main(["review", str(tmp_path)]) != 0
    assert "not a posecheck session" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "notes.txt")]) == 4
    args = build_parser().parse_args(["review", "x.mp4", "--exercise", "plank"])
    assert (args.path, args.exercise) == ("x.mp4", "plank")
    assert build_parser().parse_args([]).command is None  # no arguments: still the main window


def test_cancelling_the_analysis_opens_nothing_and_says_nothing(qtbot, tmp_path):
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).parents[1] / "app"))
    from scene import bridge_sequence, write_video

    from posecheck.pose.fake_backend import FakePoseBackend

    seq = bridge_sequence(3)
    video = write_video(seq, tmp_path / "clip.mp4")

    class SlowBackend(FakePoseBackend):
        def detect(self, image_rgb, t_ms, index):
            time.sleep(0.01)  # slow enough to cancel half-way
            return super().detect(image_rgb, t_ms, index)

    win = make_window(qtbot, tmp_path / "library", backend_factory=lambda: SlowBackend(seq))
    problems = []
    win.problem_shown.connect(lambda *a: problems.append(a))
    worker = win.open_video(video, "glute_bridge")
    qtbot.waitUntil(lambda: win.progress.value() > 0, timeout=10000)
    win.progress.canceled.emit()  # what its Cancel button (or Esc) sends
    assert worker.wait(10000)
    qtbot.wait(50)
    assert win.workstation is None and problems == []
