"""Progress over sessions from the library index, with the clinician's verdicts applied."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from recorded_sessions import record_session
from posecheck.review.annotations import Annotations, save_annotations
from posecheck.review.model import load_review
from posecheck.review.progress import filter_sessions, progress
from posecheck.session.index import INDEX_FILE, SessionIndex
from synthetic import bird_dog_sequence, bridge_sequence


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = tmp_path_factory.mktemp("lib")
    truth = {}
    truth["b1"] = record_session(lib / "20260301-090000-glute_bridge", [bridge_sequence(2, top_hip_deg=[208.0, 180.0])],
                                 meta={"started_at": "2026-03-01T09:00:00+0100"})
    truth["d1"] = record_session(lib / "20260303-090000-bird_dog",
                                 [bird_dog_sequence(["left", "right"], top_deg=-5.0)], exercise_id="bird_dog",
                                 meta={"started_at": "2026-03-03T09:00:00+0100"})
    truth["b2"] = record_session(lib / "20260308-090000-glute_bridge",
                                 [bridge_sequence(3, lift_top_deg=25.0), bridge_sequence(1)],
                                 meta={"started_at": "2026-03-08T09:00:00+0100"}, stopped_for_pain=True)
    return lib, truth


def test_one_point_per_session_with_reps_rom_and_fault_rate(library):
    lib, truth = library
    points = progress(lib)  # the index is built from the folders on first use
    assert [(p.folder[:8], p.exercise_id) for p in points] == [("20260301", "glute_bridge"), ("20260303", "bird_dog"),
                                                               ("20260308", "glute_bridge")]
    b1, d1, b2 = points
    assert (b1.reps_total, b1.faults_detected, b1.faults, b1.fault_rate) == (2, 1, 1, 0.5)
    roms = [r.rom for r in truth["b1"]["reps"][0]]
    assert b1.rom_mean_deg == pytest.approx(sum(roms) / 2, abs=0.01)
    b2_roms = [r.rom for s in truth["b2"]["reps"] for r in s]
    assert b2.reps_total == 4 and b2.sets == 2 and b2.rom_mean_deg == pytest.approx(sum(b2_roms) / 4, abs=0.01)
    assert b2.rom_mean_deg < b1.rom_mean_deg  # the lower bridges of the second session show
    assert b2.fault_rate == 0.0 and b2.stopped_for_pain
    assert (d1.reps_left, d1.reps_right) == (1, 1) and d1.rom_left_deg == pytest.approx(85.0, abs=1.0)
    assert b1.date == dt.date(2026, 3, 1)


def test_filters_by_exercise_and_date_range_inclusive(library):
    lib, _ = library
    assert [p.folder[:8] for p in progress(lib, exercise_id="glute_bridge")] == ["20260301", "20260308"]
    assert [p.folder[:8] for p in progress(lib, since=dt.date(2026, 3, 3), until="2026-03-08")] == ["20260303", "20260308"]
    assert progress(lib, exercise_id="plank") == []
    rows = SessionIndex(lib).sessions()
    assert [s.folder[:8] for s in filter_sessions(rows, until=dt.date(2026, 3, 2))] == ["20260301"]


def test_a_false_alarm_does_not_count_against_the_patient(library, tmp_path):
    lib, _ = library
    folder = lib / "20260301-090000-glute_bridge"
    review = load_review(folder)
    ann = Annotations()
    ann.mark_false_alarm(review.faults[0])
    ann.add_missed_fault("incomplete_hip_extension", review.reps[1].end_s, rep_index=1)
    ann.add_missed_fault("incomplete_hip_extension", review.reps[0].end_s, rep_index=0)
    save_annotations(ann, review.annotations_path)
    try:
        p = progress(lib, exercise_id="glute_bridge")[0]
        assert (p.faults_detected, p.faults, p.fault_rate, p.reviewed) == (1, 2, 1.0, True)
    finally:
        review.annotations_path.unlink()


def test_an_index_of_the_old_schema_is_rebuilt_with_the_new_columns(library, tmp_path):
    lib, _ = library
    import shutil

    copy = tmp_path / "lib"
    shutil.copytree(lib, copy, ignore=shutil.ignore_patterns(INDEX_FILE))
    db = sqlite3.connect(copy / INDEX_FILE)  # what posecheck with index schema 1 left behind
    db.executescript("CREATE TABLE sessions (folder TEXT PRIMARY KEY, started_at TEXT, exercise_id TEXT);"
                     "CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT);"
                     "INSERT INTO info VALUES ('schema_version', '1');"
                     "INSERT INTO sessions VALUES ('gone', '2020-01-01T00:00:00', 'plank');")
    db.commit()
    db.close()
    points = progress(copy, refresh=False)
    assert len(points) == 3 and all(p.rom_mean_deg is not None for p in points)
