"""Clinician notes and fault verdicts: stored beside the results, never in them."""

from __future__ import annotations

import hashlib
import json

import pytest

from posecheck.errors import AnnotationsError
from posecheck.review.annotations import (
    Annotations,
    Verdict,
    effective_faults,
    effective_rep_faults,
    load_annotations,
    save_annotations,
    unknown_references,
)
from posecheck.review.model import load_review


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_notes_and_verdicts_round_trip_and_leave_the_session_files_untouched(bridge_session):
    folder, _ = bridge_session
    review = load_review(folder)
    before = _digests(folder)
    ann = load_annotations(review.annotations_path)
    assert ann.is_empty and review.annotations_path == folder / "review.json"
    ann.set_session_note("Good control; arching when tired.", author="physio A")
    ann.set_rep_note(3, "hips past the line — confirm on video", author="physio A")
    key = ann.mark_false_alarm(review.faults[0], note="camera bumped", author="physio A")
    added = ann.add_missed_fault("over_arched_back", review.reps[4].start_s + 1.0, rep_index=4, note="missed", author="physio A")
    save_annotations(ann, review.annotations_path)

    after = _digests(folder)
    assert set(after) == set(before) | {"review.json"}
    assert {k: after[k] for k in before} == before  # meta.json, events.jsonl, poses.npz: byte for byte
    assert not list(folder.glob("*.tmp"))

    back = load_annotations(review.annotations_path)
    assert back.session_note.text == "Good control; arching when tired." and back.session_note.author == "physio A"
    assert back.rep_notes[3].text.startswith("hips past") and key == "over_arched_back@%d" % round(review.faults[0].t_s * 1000)
    assert back.verdicts[key].verdict == "false_alarm" and back.verdicts[key].note == "camera bumped"
    assert [a.key for a in back.added_faults] == [added] and back.added_faults[0].rep_index == 4
    assert back.to_dict() == ann.to_dict()


def test_effective_faults_apply_verdicts_without_losing_the_detections(bridge_session):
    review = load_review(bridge_session[0])
    ann = Annotations()
    ann.mark_false_alarm(review.faults[0])
    ann.add_missed_fault("incomplete_hip_extension", review.reps[2].end_s, rep_index=2)
    eff = effective_faults(review, ann)
    assert [(e.id, e.status, e.rep_index) for e in eff] == [
        ("over_arched_back", "false_alarm", 1), ("incomplete_hip_extension", "added", 2),
        ("over_arched_back", "detected", 3)]
    assert eff[0].original is review.faults[0] and eff[1].original is None
    assert "hips a little higher" in eff[1].message["en"]  # the exercise's own message for that id
    per_rep = effective_rep_faults(review, ann)
    assert per_rep[1] == [] and per_rep[2] == ["incomplete_hip_extension"] and per_rep[3] == ["over_arched_back"]
    assert review.faults[0].id == "over_arched_back" and review.reps[1].faults == ["over_arched_back"]  # originals


def test_a_verdict_on_a_fault_that_no_longer_exists_is_reported_not_dropped(bridge_session):
    review = load_review(bridge_session[0])
    ann = Annotations()
    ann.verdicts["over_arched_back@1"] = Verdict("over_arched_back", 0.001, "false_alarm")
    ann.set_rep_note(99, "?")
    assert unknown_references(review, ann) == ["verdict on over_arched_back@1: no such detected fault",
                                               "note on rep 100: no such rep"]


@pytest.mark.parametrize("content, match", [
    ("{not json", "not valid JSON"),
    (json.dumps({"schema": "posecheck-review", "schema_version": 2}), "review schema 2; this version reads 1.*Update"),
    (json.dumps({"schema": "other", "schema_version": 1}), "schema: must be 'posecheck-review'"),
    (json.dumps({"schema": "posecheck-review", "schema_version": 1,
                 "verdicts": {"a@1": {"fault_id": "a", "t_s": 0.001, "verdict": "maybe"}}}), r"verdicts\.a@1\.verdict"),
    (json.dumps({"schema": "posecheck-review", "schema_version": 1, "rep_notes": {"first": {"text": "x"}}}),
     r"rep_notes\.first: the key must be a rep index"),
    (json.dumps({"schema": "posecheck-review", "schema_version": 1, "added_faults": [{"id": "x", "t_s": "soon"}]}),
     r"added_faults\[0\]\.t_s: must be a number"),
])
def test_a_bad_review_file_is_refused_naming_the_key(tmp_path, content, match):
    p = tmp_path / "review.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(AnnotationsError, match=match):
        load_annotations(p)


def test_notes_are_never_written_over_a_results_file(bridge_session):
    folder, _ = bridge_session
    before = (folder / "events.jsonl").read_bytes()
    with pytest.raises(AnnotationsError, match="refusing to write clinician notes to events.jsonl"):
        save_annotations(Annotations(), folder / "events.jsonl")
    assert (folder / "events.jsonl").read_bytes() == before


def test_notes_beside_a_video_use_the_video_name(tmp_path):
    p = tmp_path / "clip.mp4.posecheck-review.json"
    ann = Annotations()
    ann.set_session_note("ok")
    save_annotations(ann, p)
    assert load_annotations(p).session_note.text == "ok"
