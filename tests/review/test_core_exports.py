"""Exports: per-rep CSV, per-frame CSV, the JSON report and the PDF's content, checked for content."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from posecheck.review.annotations import Annotations
from posecheck.review.exports import (
    REP_COLUMNS,
    export_frames_csv,
    export_json,
    export_reps_csv,
    pdf_report_content,
)
from posecheck.review.model import load_review


@pytest.fixture
def reviewed(bridge_session):
    folder, truth = bridge_session
    (folder / "video.avi").write_bytes(b"not really a video")  # the review only needs to know there is one
    review = load_review(folder)
    ann = Annotations()
    ann.set_session_note("Arches when tired", author="physio A")
    ann.set_rep_note(0, "nice and slow", author="physio A")
    ann.mark_false_alarm(review.faults[0], note="camera moved", author="physio A")
    ann.add_missed_fault("incomplete_hip_extension", review.reps[4].end_s - 0.5, rep_index=4, author="physio A")
    return review, ann, truth


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_rep_csv_has_one_row_per_rep_with_detections_and_verdicts_side_by_side(reviewed, tmp_path):
    review, ann, _ = reviewed
    rows = _rows(export_reps_csv(review, tmp_path / "reps.csv", ann))
    assert list(rows[0]) == REP_COLUMNS and len(rows) == 5
    assert [r["set"] for r in rows] == ["1", "1", "1", "2", "2"] and [r["rep"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert float(rows[0]["peak_angle_deg"]) == pytest.approx(review.reps[0].peak_angle_deg)
    assert float(rows[2]["up_s"]) == pytest.approx(review.reps[2].up_s)
    assert rows[1]["faults_detected"] == "over_arched_back" and rows[1]["faults_after_review"] == ""
    assert rows[1]["false_alarms"] == "over_arched_back"
    assert rows[3]["faults_after_review"] == "over_arched_back"  # not reviewed: still counts
    assert rows[4]["faults_after_review"] == "incomplete_hip_extension" and rows[0]["note"] == "nice and slow"


def test_frame_csv_has_every_landmark_frame_with_raw_and_smoothed_angles(reviewed, tmp_path):
    review, _, _ = reviewed
    rows = _rows(export_frames_csv(review, tmp_path / "frames.csv"))
    assert len(rows) == len(review.series)
    assert {"t_s", "video_frame", "hip_lift_deg_raw", "hip_lift_deg_smooth", "hip_angle_deg_raw"} <= set(rows[0])
    k = 200
    assert float(rows[k]["t_s"]) == pytest.approx(review.series.t_s[k], abs=5e-4)
    assert float(rows[k]["hip_lift_deg_raw"]) == pytest.approx(review.series.raw_deg["hip_lift_deg"][k], abs=0.006)
    assert int(rows[k]["video_frame"]) == review.frame_of(review.series.t_s[k])
    r0 = review.reps[0]
    inside = [r for r in rows if r0.start_s <= float(r["t_s"]) <= r0.end_s]
    assert inside and all(r["rep_index"] == "0" for r in inside)
    assert rows[0]["rep_index"] == ""  # before the first rep


def test_frame_csv_leaves_frames_without_a_person_empty(tmp_path):
    from recorded_sessions import record_session
    from synthetic import bridge_sequence

    seq = bridge_sequence(1)
    seq.xyz[5:9] = np.nan
    seq.visibility[5:9] = 0
    record_session(tmp_path / "s", [seq])
    rows = _rows(export_frames_csv(load_review(tmp_path / "s"), tmp_path / "f.csv"))
    assert [r["has_pose"] for r in rows[4:10]] == ["1", "0", "0", "0", "0", "1"]
    assert rows[6]["hip_lift_deg_raw"] == "" and rows[6]["hip_lift_deg_smooth"] == ""


def test_json_export_holds_the_full_report_with_verdicts_beside_the_originals(reviewed, tmp_path):
    review, ann, _ = reviewed
    d = json.loads(export_json(review, tmp_path / "r.json", ann).read_text(encoding="utf-8"))
    assert d["schema_version"] == 1 and d["report_schema_version"] == 1 and d["exercise"] == "glute_bridge"
    assert d["model"] == {"variant": "full", "sha256": "ab" * 32}
    assert d["reps"] == {"total": 5, "left": None, "right": None} and len(d["rep_list"]) == 5
    assert d["rep_list"][3]["set_index"] == 2 and d["rep_list"][3]["faults"] == ["over_arched_back"]
    first, second = d["faults"]
    assert first["id"] == "over_arched_back" and first["rep_index"] == 1
    assert first["clinician"]["verdict"] == "false_alarm" and first["clinician"]["note"] == "camera moved"
    assert second["clinician"] is None and second["rep_index"] == 3
    assert d["added_faults"][0]["id"] == "incomplete_hip_extension" and d["faults_after_review"] == 2
    assert d["notes"]["session"]["text"] == "Arches when tired" and d["notes"]["reps"]["0"]["text"] == "nice and slow"
    assert d["symmetry"]["applies"] is False and d["sets"][1]["reps_total"] == 2
    assert d["frames"]["total"] == len(review.series) and d["source"]["session"] == review.folder.name


def test_pdf_content_has_summary_per_set_tables_plots_and_fault_key_frames(reviewed):
    review, ann, _ = reviewed
    c = pdf_report_content(review, ann, lang="en", include_images=True)
    assert c.title == "posecheck session report: Glute bridge"
    assert "Repetitions: 5" in c.summary_lines and "Form faults: 2 (40% of reps)" in c.summary_lines
    assert any("1 false alarm" in s for s in c.summary_lines)
    assert [t.heading for t in c.set_tables] == ["Set 1", "Set 2"] and [len(t.rows) for t in c.set_tables] == [3, 2]
    arch = next(f for f in review.exercise.faults if f.id == "over_arched_back")
    assert arch.label is not None  # the rep table shows the exercise file's name for the fault, not its id
    assert c.set_tables[0].rows[1][8] == f"{arch.label.en} (false alarm)" and c.set_tables[0].false_alarm_rows == [1]
    assert c.plots[0].features == ["hip_rise_deg"] and (7.0, "top 7") in c.plots[0].thresholds
    assert any(p.features == ["hip_angle_deg"] for p in c.plots)
    # Key frames for the faults that still count: the unreviewed detection and the added one.
    assert [k.fault_key.split("@")[0] for k in c.key_frames] == ["over_arched_back", "added:incomplete_hip_extension"]
    assert all(k.video_frame == review.frame_of(k.t_s) for k in c.key_frames)
    assert c.notes_lines == ["Clinician's note: Arches when tired"]


def test_pdf_content_without_images_for_privacy_and_in_dutch(reviewed):
    review, ann, _ = reviewed
    c = pdf_report_content(review, ann, lang="nl", include_images=False)
    assert c.key_frames == [] and not c.include_images and "privacy" in c.privacy_line
    assert c.title == "posecheck sessieverslag: Bruggetje" and c.set_tables[0].heading == "Serie 1"
    assert any(line.startswith("Herhalingen: 5") for line in c.summary_lines)
    assert len(c.fault_lines) == 3 and "vals alarm" in c.fault_lines[0]
    # Fault names and plot lines in Dutch too: no exercise-file ids on a Dutch page.
    arch = next(f for f in review.exercise.faults if f.id == "over_arched_back")
    assert c.set_tables[0].rows[1][8] == f"{arch.label.nl} (vals alarm)"
    assert (7.0, "boven 7") in c.plots[0].thresholds
    assert c.fault_lines[0].split(": ", 1)[1].startswith(f"{arch.label.nl}. {arch.message.nl}")  # name, then the cue
    hip_plot = next(p for p in c.plots if p.features == ["hip_angle_deg"])
    assert (196.0, f"{arch.label.nl}: > 196") in hip_plot.thresholds
    assert not any("_" in label for p in c.plots for _, label in p.thresholds)


def test_a_hold_exercise_reports_its_holds_per_set(tmp_path):
    from posecheck.session.store import SessionWriter
    from synthetic import bridge_sequence

    w = SessionWriter(tmp_path / "p", {"exercise_id": "side_plank", "started_at": "2026-03-02T10:00:00+0100"})
    seq = bridge_sequence(0, lead_s=30.0)
    for i in range(len(seq)):
        w.add_pose(seq.frame(i), in_video=True)
    for set_index, (start, end, side) in enumerate([(1000, 12500, "left"), (16000, 24000, "right")], start=1):
        tag = {"exercise_id": "side_plank", "set_index": set_index}
        w.add_event({"type": "SetStarted", "t_ms": start - 500, **tag})
        w.add_event({"type": "HoldEnded", "t_ms": end, **tag, "hold": {"side": side, "start_ms": start, "end_ms": end}})
        w.add_event({"type": "SetEnded", "t_ms": end + 100, **tag, "reason": "done", "hold_s": (end - start) / 1000})
    w.close()
    review = load_review(tmp_path / "p")
    assert [(h.set_index, h.side, h.duration_s) for h in review.holds] == [(1, "left", 11.5), (2, "right", 8.0)]
    assert review.reps == [] and review.hold_total_s == 19.5
    c = pdf_report_content(review, None, "en")
    assert c.hold_lines == ["Hold 1 (set 1) left at 0:01.0: 11.5 s", "Hold 2 (set 2) right at 0:16.0: 8.0 s"]
    assert any(s.startswith("Held: 19.5 s in 2 hold(s), longest 11.5 s") for s in c.summary_lines)
    d = json.loads(export_json(review, tmp_path / "p.json").read_text())
    assert d["hold_total_s"] == 19.5 and d["holds"][1]["side"] == "right" and d["reps"]["total"] == 0


def test_the_report_rounds_the_duration_to_whole_seconds_before_minutes(reviewed):
    import dataclasses

    review = dataclasses.replace(reviewed[0], _t_ms=np.array([0, 359_600]))
    lines = pdf_report_content(review, None, lang="nl", include_images=False).summary_lines
    assert "Duur: 6 min 0 s" in lines, lines


def test_a_dutch_report_gives_the_cannot_judge_reasons_in_dutch(reviewed):
    import dataclasses

    review = dataclasses.replace(reviewed[0], cannot_judge={
        "en": ["the legs or feet were outside the picture in 60% of frames"],
        "nl": ["de benen of voeten waren buiten beeld in 60% van de beelden"]})
    nl = pdf_report_content(review, None, lang="nl", include_images=False).summary_lines
    en = pdf_report_content(review, None, lang="en", include_images=False).summary_lines
    assert any("buiten beeld" in line for line in nl) and not any("outside the picture" in line for line in nl)
    assert any("outside the picture" in line for line in en)
