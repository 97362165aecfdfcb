"""The review workstation on a session recorded by the app: the table, the markers and the picture
follow the core's Review; seeking by timeline, table row, slider and keys moves one playhead."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtWidgets import QApplication
from test_qt_support import copy_session

from posecheck.app.review.workstation.qt_workstation import QtReviewWorkstation
from posecheck.app.review.workstation.rep_table_model import COLUMNS
from posecheck.app.review.workstation.review_presenter import ReviewPresenter
from posecheck.review.model import load_review
from posecheck.session.store import read_poses

pytestmark = pytest.mark.gui


def open_workstation(qtbot, folder, lang="en"):
    review = load_review(folder)
    view = QtReviewWorkstation()
    qtbot.addWidget(view)
    view.resize(1400, 880)
    presenter = ReviewPresenter(view, review, read_poses(folder), lang)
    view.show()
    qtbot.waitExposed(view)
    return view, presenter, review


@pytest.fixture
def arched(qtbot, tmp_path):
    view, presenter, review = open_workstation(qtbot, copy_session("arched", tmp_path))
    yield view, presenter, review
    presenter.shutdown()


def _cells(view, row):
    m = view.table.model()
    return {COLUMNS[c]: m.data(m.index(row, c)) for c in range(m.columnCount())}


def test_rep_table_rows_are_the_reviews_reps(arched):
    view, presenter, review = arched
    assert view.table.model().rowCount() == len(review.reps) == 3
    for row, rep in enumerate(review.reps):
        c = _cells(view, row)
        assert c["col_rep"] == str(rep.index + 1)
        assert c["col_start"] == f"{rep.start_s:.2f}" and c["col_duration"] == f"{rep.duration_s:.2f}"
        assert c["col_up"] == f"{rep.up_s:.2f}" and c["col_down"] == f"{rep.down_s:.2f}"
        assert c["col_peak"] == f"{rep.peak_angle_deg:.1f}" and c["col_rom"] == f"{rep.rom_deg:.1f}"
        names = {f.id: f.title("en") for f in review.exercise.faults}
        assert c["col_faults"] == ", ".join(names[f] for f in rep.faults)  # the exercise file's names


def test_timeline_markers_are_the_reviews_faults(arched):
    view, presenter, review = arched
    assert review.faults, "the arched clip must raise the over-arch fault"
    got = [(m.fault_id, m.t_s, m.state) for m in view.timeline.markers]
    assert got == [(f.id, f.t_s, "detected") for f in review.faults]
    bands = [(b.start_s, b.end_s) for b in view.timeline.bands]
    assert bands == [(r.start_s, r.end_s) for r in review.reps]


def test_seeking_paints_the_video_frame_of_that_moment_with_the_skeleton(qtbot, arched):
    view, presenter, review = arched
    t_s = review.reps[1].start_s + 0.4
    with qtbot.waitSignal(presenter.frame_painted, timeout=5000,
                          check_params_cb=lambda vf: vf == review.frame_of(presenter.playhead.t_s)):
        presenter.seek(t_s)
    assert presenter.playhead.t_s == pytest.approx(t_s)
    assert view.video._image is not None and view.video._xyz is not None
    i = presenter.playhead.frame_index
    assert np.allclose(view.video._xyz, presenter.poses.xyz[i])
    assert view.plot.playhead_s == pytest.approx(t_s)
    assert view.timeline.playhead_s == pytest.approx(t_s)
    assert view.transport.slider.value() == i
    # The table follows: the rep under the playhead is selected.
    assert view.table.selectionModel().currentIndex().row() == 1


def test_clicking_the_timeline_moves_the_playhead_and_a_marker_snaps_to_its_fault(qtbot, arched):
    view, presenter, review = arched
    tl = view.timeline
    x = int(tl.x_of((review.reps[1].end_s + review.reps[2].start_s) / 2))  # between reps: no marker near
    assert all(abs(tl.x_of(m.t_s) - x) > 10 for m in tl.markers)
    qtbot.mouseClick(tl, Qt.MouseButton.LeftButton, pos=QPoint(x, tl.height() // 2))
    assert presenter.playhead.t_s == pytest.approx(tl.t_of(x), abs=1e-6)
    f = review.faults[0]
    qtbot.mouseClick(tl, Qt.MouseButton.LeftButton, pos=QPoint(int(tl.x_of(f.t_s)) + 3, tl.height() // 2))
    assert presenter.playhead.t_s == pytest.approx(f.t_s)
    assert presenter.selected_marker == 0 and view.clinician.fault_list.currentRow() == 0


def test_selecting_a_table_row_seeks_to_that_rep(qtbot, arched):
    view, presenter, review = arched
    view.table.selectRow(2)
    assert presenter.playhead.t_s == pytest.approx(review.reps[2].start_s)
    presenter.seek(review.reps[0].start_s + 0.1)
    assert view.table.selectionModel().currentIndex().row() == 0
    assert presenter.playhead.t_s == pytest.approx(review.reps[0].start_s + 0.1), "following must not seek back"


def test_keyboard_steps_frames_and_jumps_between_reps_and_faults(qtbot, arched):
    view, presenter, review = arched
    ph = presenter.playhead
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert ph.t_s == pytest.approx(ph.end_s)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert ph.t_s == pytest.approx(ph.start_s)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Period)
    assert ph.frame_index == 2
    qtbot.keyClick(view, Qt.Key.Key_Comma)
    assert ph.frame_index == 1
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert ph.t_s == pytest.approx(review.reps[0].start_s)
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert ph.t_s == pytest.approx(review.reps[1].start_s)
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert ph.t_s == pytest.approx(review.reps[0].start_s)
    qtbot.keyClick(view, Qt.Key.Key_F)
    first_after = next(f for f in review.faults if f.t_s > review.reps[0].start_s)
    assert ph.t_s == pytest.approx(first_after.t_s)


def test_space_plays_at_the_chosen_speed_and_pauses(qtbot, arched):
    view, presenter, review = arched
    ph = presenter.playhead
    view.transport.speed.setCurrentIndex(view.transport.speed.findData(2.0))
    assert ph.speed == 2.0
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert ph.playing
    qtbot.wait(500)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not ph.playing
    # 0.5 s of wall time at 2x: about a second of the recording (generous: the machine is shared).
    assert 0.4 < ph.t_s - ph.start_s < 2.5
    assert presenter.reader is not None and presenter.reader.decoded >= 2


def test_false_alarm_and_missed_fault_are_stored_beside_the_results(qtbot, arched):
    view, presenter, review = arched
    folder = review.folder
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    presenter.select_fault(0)
    qtbot.mouseClick(view.clinician.false_alarm_button, Qt.MouseButton.LeftButton)
    assert view.timeline.markers[0].state == "false_alarm"
    rep = review.reps[review.faults[0].rep_index]
    row = view.table.model().row_of_rep(rep.index)
    assert "false alarm" in _cells(view, row)["col_faults"]
    presenter.seek(review.reps[1].start_s + 0.5)
    view.clinician.missed_kind.setCurrentIndex(0)
    qtbot.mouseClick(view.clinician.add_missed_button, Qt.MouseButton.LeftButton)
    assert [m.state for m in view.timeline.markers].count("added") == 1
    view.clinician.session_note.setPlainText("Goed tempo; let op de onderrug.")
    view.table.selectRow(0)
    view.clinician.rep_note.setPlainText("arched at the top")
    qtbot.mouseClick(view.clinician.save_button, Qt.MouseButton.LeftButton)

    import json

    saved = json.loads((folder / "review.json").read_text(encoding="utf-8"))
    assert saved["session_note"]["text"] == "Goed tempo; let op de onderrug."
    assert saved["rep_notes"]["0"]["text"] == "arched at the top"
    assert [v["verdict"] for v in saved["verdicts"].values()] == ["false_alarm"]
    assert saved["added_faults"][0]["id"] == review.exercise.faults[0].id
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    assert {k: after[k] for k in before} == before, "the recorded results must not change"
    # Opening again shows the clinician's input.
    view2 = QtReviewWorkstation()
    qtbot.addWidget(view2)
    p2 = ReviewPresenter(view2, load_review(folder), read_poses(folder), "en")
    assert [m.state for m in view2.timeline.markers].count("false_alarm") == 1
    assert view2.clinician.session_note.toPlainText() == "Goed tempo; let op de onderrug."
    p2.shutdown()


def test_missing_video_still_opens_with_landmarks_plot_and_a_clear_notice(qtbot, tmp_path):
    folder = copy_session("arched", tmp_path)
    (folder / "video.avi").unlink()
    view, presenter, review = open_workstation(qtbot, folder)
    assert not view.notice.isHidden() and "video of this session is missing" in view.notice.text()
    assert view.table.model().rowCount() == len(review.reps)
    assert any(len(c.getData()[0]) for c in view.plot.curves.values())
    presenter.seek(review.reps[0].start_s + 0.5)
    assert view.video._xyz is not None, "the skeleton is drawn without the picture"
    presenter.shutdown()


def test_corrupt_video_says_so(qtbot, tmp_path):
    folder = copy_session("arched", tmp_path)
    (folder / "video.avi").write_bytes(b"RIFF\x00\x00\x00\x00AVI garbage" * 50)
    view, presenter, review = open_workstation(qtbot, folder, lang="nl")
    qtbot.waitUntil(lambda: "niet te lezen" in view.notice.text(), timeout=5000)
    assert view.table.model().rowCount() == len(review.reps)
    presenter.seek(review.reps[0].start_s + 0.5)
    assert view.video._xyz is not None
    presenter.shutdown()


def test_dutch_labels(qtbot, tmp_path):
    view, presenter, review = open_workstation(qtbot, copy_session("arched", tmp_path), lang="nl")
    m = view.table.model()
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    assert "Begin (s)" in headers and "Uitslag (°)" in headers
    assert view.transport.play_button.text().endswith("Afspelen")
    assert view.clinician.title() == "Behandelaar"
    assert view.exports.privacy.text() == "Beelden weglaten (privacy)"
    presenter.shutdown()


def test_typed_notes_are_kept_when_moving_to_another_rep_and_when_closing(qtbot, tmp_path):
    from posecheck.review.annotations import load_annotations

    view, presenter, review = open_workstation(qtbot, copy_session("arched", tmp_path))
    view.table.selectRow(0)
    view.clinician.rep_note.setPlainText("first rep: slow")
    view.table.selectRow(1)  # no Save pressed
    assert view.clinician.rep_note.toPlainText() == ""
    view.clinician.rep_note.setPlainText("second rep: arched")
    view.clinician.session_note.setPlainText("overall fine")
    presenter.select_fault(0)
    presenter.toggle_false_alarm()  # a refresh must not wipe the typed session note
    assert view.clinician.session_note.toPlainText() == "overall fine"
    presenter.shutdown()
    ann = load_annotations(review.annotations_path)
    assert {i: n.text for i, n in ann.rep_notes.items()} == {0: "first rep: slow", 1: "second rep: arched"}
    assert ann.session_note.text == "overall fine"


def test_a_hold_exercise_lists_its_holds_in_the_table(qtbot, tmp_path):
    view, presenter, review = open_workstation(qtbot, copy_session("plank", tmp_path))
    assert not review.reps and review.holds
    m = view.table.model()
    assert m.rowCount() == len(review.holds)
    assert [_cells(view, i)["col_rep"] for i in range(m.rowCount())] == [f"H{i + 1}" for i in range(len(review.holds))]
    assert [_cells(view, i)["col_duration"] for i in range(m.rowCount())] == [f"{h.duration_s:.2f}" for h in review.holds]
    assert [(b.start_s, b.end_s) for b in view.timeline.bands] == [(h.start_s, h.end_s) for h in review.holds]
    view.table.selectRow(m.rowCount() - 1)
    assert presenter.playhead.t_s == pytest.approx(review.holds[-1].start_s)
    assert not view.clinician.rep_note.isEnabled(), "notes are kept per rep; a hold has none"
    presenter.shutdown()


def test_a_session_of_two_sets_numbers_reps_across_sets_and_shows_the_set_column(qtbot, bridge_session):
    """The core's two-set session (tests/review/conftest.py): written without a video file."""
    folder, truth = bridge_session
    view, presenter, review = open_workstation(qtbot, folder)
    sets = [r.set_index for r in review.reps]
    assert sets == [1] * len(truth["reps"][0]) + [2] * len(truth["reps"][1])
    assert not view.table.isColumnHidden(COLUMNS.index("col_set"))
    assert [_cells(view, i)["col_set"] for i in range(len(sets))] == [str(s) for s in sets]
    assert [_cells(view, i)["col_rep"] for i in range(len(sets))] == [str(i + 1) for i in range(len(sets))]
    assert [(m.fault_id, m.t_s) for m in view.timeline.markers] == [(f.id, f.t_s) for f in review.faults]
    assert "video of this session is missing" in view.notice.text()
    presenter.shutdown()


def test_an_unreadable_notes_file_is_reported_and_never_overwritten(qtbot, tmp_path):
    folder = copy_session("arched", tmp_path)
    (folder / "review.json").write_text("{ half a file", encoding="utf-8")
    view, presenter, review = open_workstation(qtbot, folder)
    assert "cannot be read" in view.notice.text() and "review.json" in view.notice.text()
    presenter.select_fault(0)
    presenter.toggle_false_alarm()
    assert view.clinician.status.text().startswith("Not saved")
    assert (folder / "review.json").read_text(encoding="utf-8") == "{ half a file"
    presenter.shutdown()


def test_scrubbing_the_slider_and_clicking_the_plot_move_the_playhead(qtbot, arched):
    view, presenter, review = arched
    ph = presenter.playhead
    view.transport.slider.setValue(120)
    assert ph.frame_index == 120 and ph.t_s == pytest.approx(ph.frame_times_s[120])
    t_s = review.reps[2].start_s + 0.3
    vb = view.plot.plotItem.vb
    QApplication.processEvents()  # the plot's layout (and so its view-to-scene mapping) settles first
    y_mid = sum(vb.viewRange()[1]) / 2  # a point inside the plotted area, whatever the feature's range
    scene_pt = vb.mapViewToScene(QPointF(t_s, y_mid))
    view_pt = view.plot.mapFromScene(scene_pt)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=view_pt)
    assert ph.t_s == pytest.approx(t_s, abs=0.1)
