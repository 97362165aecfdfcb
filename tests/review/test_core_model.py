"""The review model of a recorded session and of a video analysed on open (numpy core, no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from recorded_sessions import record_session
from posecheck.analysis import analyze_sequence
from posecheck.exercises.loader import get_exercise
from posecheck.kinematics.gating import CameraSideTracker
from posecheck.review.model import ReviewError, load_review, review_from_analysis
from posecheck.review.series import camera_is_left
from synthetic import bird_dog_sequence, bridge_joints, bridge_sequence, frame_arrays, sequence_from_arrays


def test_rep_rows_are_the_engine_reps_of_every_set_numbered_across_the_session(bridge_session):
    folder, truth = bridge_session
    review = load_review(folder)
    expected = [(set_no, rec) for set_no, recs in enumerate(truth["reps"], 1) for rec in recs]
    assert len(review.reps) == len(expected) == 5
    for i, (row, (set_no, rec)) in enumerate(zip(review.reps, expected)):
        assert row.index == i and row.set_index == set_no
        assert row.start_s == pytest.approx(rec.start_ms / 1000, abs=1e-3)  # the engine saw session time
        assert row.end_s == pytest.approx(rec.end_ms / 1000, abs=1e-3)
        assert row.up_s == pytest.approx(rec.up_s, abs=0.01) and row.down_s == pytest.approx(rec.down_s, abs=0.01)
        assert row.peak_angle_deg == pytest.approx(rec.peak_value, abs=0.05)
        assert row.rom_deg == pytest.approx(rec.rom, abs=0.05)
        assert row.faults == list(rec.faults) and row.recomputed == []
    # The arched reps: the middle one of set 1 and the first of set 2 (engine index 0 there, global 3).
    assert [r.index for r in review.reps if "over_arched_back" in r.faults] == [1, 3]
    assert [(f.id, f.rep_index, f.set_index) for f in review.faults] == [("over_arched_back", 1, 1),
                                                                       ("over_arched_back", 3, 2)]
    assert [f.t_s for f in review.faults] == [pytest.approx((f["t_ms"]) / 1000, abs=1e-3) for f in truth["faults"]]
    assert "glutes" in review.faults[0].message["en"] and "billen" in review.faults[0].message["nl"]
    assert [(s.set_index, s.reps_total, s.reason) for s in review.sets] == [(1, 3, "done"), (2, 2, "done")]
    assert review.model == {"variant": "full", "sha256": "ab" * 32} and review.video_path is None


def test_frame_of_follows_the_recorded_video_mapping_when_frames_were_dropped(bridge_session):
    folder, _ = bridge_session
    review = load_review(folder)
    t_ms = review._t_ms
    # record_session leaves every 7th landmark frame out of the video: frame k (k % 7 != 6) is video
    # frame k - k // 7; a dropped one shows the picture before it.
    for k in (0, 5, 6, 7, 13, 14, 100, len(t_ms) - 1):
        expected = k - k // 7 if k % 7 != 6 else (k - 1) - (k - 1) // 7
        assert review.frame_of(t_ms[k] / 1000.0) == expected
    # Counting by fps instead would be several frames off by the end of the session.
    last = len(t_ms) - 1
    assert abs(round(t_ms[last] / 1000.0 * review.fps) - review.frame_of(t_ms[last] / 1000.0)) > 10


def test_rep_at_finds_the_rep_under_the_playhead(bridge_session):
    review = load_review(bridge_session[0])
    r3 = review.reps[3]
    assert review.rep_at((r3.start_s + r3.end_s) / 2) is r3
    assert review.rep_at(r3.start_s) is r3 and review.rep_at(r3.end_s) is r3
    assert review.rep_at((review.reps[0].end_s + review.reps[1].start_s) / 2) is None
    assert review.rep_at(-1.0) is None


def test_details_missing_from_old_events_are_measured_from_the_landmarks(tmp_path):
    folder = tmp_path / "old"
    truth = record_session(folder, [bridge_sequence(2)], strip_rep_fields=("peak_value", "rom", "top_start_ms", "top_end_ms"))
    review = load_review(folder)
    assert len(review.reps) == 2
    for row, rec in zip(review.reps, truth["reps"][0]):
        assert set(row.recomputed) == {"peak_angle_deg", "rom_deg", "up_s", "top_s", "down_s"}
        # The engine measured the One Euro filtered driver; the review the zero-phase smoothed one.
        assert row.peak_angle_deg == pytest.approx(rec.peak_value, abs=1.0)
        assert row.rom_deg == pytest.approx(rec.rom, abs=1.5)
        assert row.up_s == pytest.approx(rec.up_s, abs=0.25) and row.down_s == pytest.approx(rec.down_s, abs=0.25)


def test_angle_series_holds_every_feature_and_the_counting_thresholds(bridge_session):
    review = load_review(bridge_session[0])
    s = review.series
    features = {f.name for f in get_exercise("glute_bridge").features}  # every feature of the exercise file
    assert {"hip_lift_deg", "hip_rise_deg", "hip_speed_deg_s", "hips_open_deg", "hip_angle_deg"} <= features
    assert len(s) == len(review._t_ms) and set(s.angle_deg) == features
    assert s.driver == "hip_rise_deg" and s.driver_features == ["hip_rise_deg"]
    top = review.reps[0]
    i = np.searchsorted(s.t_s, (top.start_s + top.end_s) / 2)
    assert s.angle_deg["hip_lift_deg"][i] == pytest.approx(30.0, abs=1.5)  # the synthetic bridge's top
    assert s.angle_deg["hip_rise_deg"][i] == pytest.approx(27.0, abs=1.5)  # ... risen from 3 deg lying
    assert s.angle_deg["hip_speed_deg_s"][i] == pytest.approx(0.0, abs=2.0)  # held still at the top
    lines = {(t.feature, t.kind, t.value) for t in s.thresholds}
    assert {("hip_rise_deg", "rep_top_enter", 7.0), ("hip_angle_deg", "fault", 196.0),
            ("hip_angle_deg", "fault", 160.0), ("hip_angle_deg", "hold", 196.0)} <= lines


def test_symmetry_compares_left_and_right_reps_of_a_per_side_exercise(tmp_path):
    folder = tmp_path / "bd"
    record_session(folder, [bird_dog_sequence(["left", "left"], top_deg=-5.0),
                            bird_dog_sequence(["right", "right"], top_deg=-25.0)], exercise_id="bird_dog")
    review = load_review(folder)
    sym = review.symmetry
    assert sym.applies and (sym.left.reps, sym.right.reps) == (2, 2)
    assert sym.left.mean_rom_deg == pytest.approx(85.0, abs=1.0) and sym.right.mean_rom_deg == pytest.approx(65.0, abs=1.0)
    assert sym.lower_rom_side == "right"
    assert sym.rom_asymmetry_pct == pytest.approx(100 * 20 / 85, abs=1.5)
    text = " ".join(sym.describe("en"))
    assert "right 24% smaller than left" in text
    assert "rechts" in " ".join(sym.describe("nl"))


def test_a_non_per_side_exercise_has_no_symmetry_claim(bridge_session):
    sym = load_review(bridge_session[0]).symmetry
    assert not sym.applies and sym.rom_asymmetry_pct is None and "not a per-side" in sym.describe("en")[0]


def test_a_video_analysed_on_open_gives_the_reports_reps_and_frame_numbers():
    seq = bridge_sequence(3, fps=30.0, top_hip_deg=[180.0, 208.0, 180.0])
    a = analyze_sequence(seq, "glute_bridge")
    review = review_from_analysis(a, "glute_bridge", video_path="/tmp/clip.mp4")
    assert [(r.index, r.start_s, r.end_s, r.peak_angle_deg, r.rom_deg, r.up_s, r.down_s, r.faults) for r in review.reps] == \
        [(r["index"], r["start_s"], r["end_s"], r["peak_angle_deg"], r["rom_deg"], r["up_s"], r["down_s"], r["faults"])
         for r in a.report["rep_list"]]
    assert [(f.id, f.t_s, f.rep_index) for f in review.faults] == [(f["id"], f["t_s"], f["rep_index"])
                                                                  for f in a.report["faults"]]
    assert review.faults and review.faults[0].rep_index == 1
    assert review.frame_of(seq.t_ms[45] / 1000.0) == 45  # every decoded frame has its landmarks
    assert str(review.annotations_path).endswith("clip.mp4.posecheck-review.json")


def test_vectorised_camera_side_decides_like_the_frame_by_frame_tracker():
    rng = np.random.default_rng(3)
    arrays = []
    for i in range(600):
        near_left = (i // 97) % 2 == 0  # the person turns round every ~6 s
        xyz, vis, world = frame_arrays(*bridge_joints(10.0, 150.0), near_left=near_left)
        xyz = xyz + rng.normal(0, 0.02, xyz.shape).astype(np.float32)  # noise near the margin
        arrays.append((xyz, vis, world))
    seq = sequence_from_arrays(arrays, fps=15.0)
    seq.xyz[50:60] = np.nan  # nobody in view for a moment
    seq.visibility[50:60] = 0
    seq.t_ms[300:] += 2000  # a reconnect: a jump in time
    tracker = CameraSideTracker()
    expected = [tracker.update(None if np.isnan(seq.xyz[i, 0, 0]) else seq.xyz[i], seq.visibility[i], int(seq.t_ms[i]))
                for i in range(len(seq))]
    got = camera_is_left(seq)
    assert got.tolist() == expected
    assert 0 < sum(expected) < len(expected)  # both sides occur, so the test can fail


def test_a_folder_without_meta_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(ReviewError, match="not a posecheck session.*library"):
        load_review(tmp_path)


def test_a_fault_of_an_attempt_that_never_became_a_rep_is_not_pinned_on_the_next_rep(tmp_path):
    # Live, the fault was written tagged with the attempt's rep index (0); the attempt was abandoned and
    # the next completed rep took index 0 without that fault. On disk both say 0.
    from posecheck.session.store import SessionWriter

    w = SessionWriter(tmp_path / "s", {"exercise_id": "glute_bridge"})
    tag = {"exercise_id": "glute_bridge", "set_index": 1}
    w.add_event({"type": "SetStarted", "t_ms": 0, **tag})
    w.add_event({"type": "FaultRaised", "t_ms": 1200, "fault_id": "over_arched_back", "rep_index": 0,
                 "severity": "warning", "value": 199.0, **tag})
    w.add_event({"type": "FaultRaised", "t_ms": 5200, "fault_id": "over_arched_back", "rep_index": 1,
                 "severity": "warning", "value": 201.0, **tag})
    for i, (start, faults) in enumerate([(3000, []), (5000, ["over_arched_back"])]):
        w.add_event({"type": "RepCompleted", "t_ms": start + 1800, **tag, "rep": {
            "index": i, "side": None, "start_ms": start, "top_start_ms": start + 500, "top_end_ms": start + 1000,
            "end_ms": start + 1800, "peak_value": 29.0, "rom": 25.0, "faults": faults}})
    w.close()
    review = load_review(tmp_path / "s")
    assert [(f.t_s, f.rep_index) for f in review.faults] == [(1.2, None), (5.2, 1)]


def test_the_definition_stored_with_the_session_is_used_and_a_hostile_one_is_not(bridge_session, tmp_path):
    import json

    folder, _ = bridge_session
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text())
    toml = meta["exercise_definition_toml"]
    assert "top_enter = 7 " in toml
    meta["exercise_definition_toml"] = toml.replace("top_enter = 7 ", "top_enter = 9 ")  # judged with an edited file
    meta_path.write_text(json.dumps(meta))
    lines = {(t.kind, t.value) for t in load_review(folder).series.thresholds if t.feature == "hip_rise_deg"}
    assert ("rep_top_enter", 9.0) in lines and ("rep_top_enter", 7.0) not in lines

    meta["exercise_definition_toml"] = toml.replace('id = "glute_bridge"', 'id = "../../evil"')
    meta_path.write_text(json.dumps(meta))
    review = load_review(folder)
    assert any("definition stored with the session is unreadable" in w for w in review.warnings)
    assert review.exercise.id == "glute_bridge" and not list(tmp_path.rglob("evil*"))


def test_a_session_cut_short_by_a_crash_opens_from_its_chunks(tmp_path):
    from posecheck.engine.analyzer import Analyzer
    from posecheck.engine.events import event_to_dict
    from posecheck.exercises.loader import get_exercise
    from posecheck.session.store import SessionWriter

    seq = bridge_sequence(3)
    w = SessionWriter(tmp_path / "crash", {"exercise_id": "glute_bridge"}, flush_interval_s=0.0)
    an = Analyzer(get_exercise("glute_bridge"))
    w.add_event({"type": "SetStarted", "t_ms": 0, "set_index": 1})
    for i in range(len(seq) * 2 // 3):  # the app dies two thirds in: no SetEnded, no poses.npz
        f = seq.frame(i)
        w.add_pose(f, in_video=True)
        for e in an.push(f):
            w.add_event({**event_to_dict(e), "set_index": 1})
        if i % 15 == 14:
            w.flush()
    w.flush()
    review = load_review(tmp_path / "crash")
    assert any("did not end normally" in x for x in review.warnings)
    assert len(review.reps) == 2 and len(review.series) == (len(seq) * 2 // 3)
    assert [s.reason for s in review.sets] == [None]  # the set never ended
    assert not (tmp_path / "crash" / "poses.npz").exists()  # opening for review wrote nothing


def test_what_the_patient_saw_live_is_what_an_offline_analysis_of_the_landmarks_finds(bridge_session):
    # The review reads the live events; re-analysing each set's stored landmarks must agree with them.
    from posecheck.session.store import read_poses

    folder, _ = bridge_session
    review = load_review(folder)
    seq = read_poses(folder)
    offline = []
    for s in review.sets:
        keep = (seq.t_ms >= s.start_s * 1000) & (seq.t_ms <= s.end_s * 1000)
        part = type(seq)(t_ms=seq.t_ms[keep], xyz=seq.xyz[keep], visibility=seq.visibility[keep],
                         world_xyz=seq.world_xyz[keep], n_poses=seq.n_poses[keep], image_size=seq.image_size)
        offline += [(s.set_index, r) for r in analyze_sequence(part, "glute_bridge").report["rep_list"]]
    assert [(r.set_index, r.start_s, r.end_s, r.peak_angle_deg, r.rom_deg, r.up_s, r.down_s, r.faults)
            for r in review.reps] == \
        [(i, r["start_s"], r["end_s"], r["peak_angle_deg"], r["rom_deg"], r["up_s"], r["down_s"], r["faults"])
         for i, r in offline]


def test_series_titles_come_from_the_exercise_file_in_the_chosen_language(bridge_session):
    s = load_review(bridge_session[0]).series
    assert s.title("hip_rise_deg", "nl") == "Heupen omhoog" and s.title("hip_rise_deg", "en") == "Hip rise"
    assert s.title("knee_angle_deg_left", "nl") == "Kniehoek links"
    assert s.title("no_such_feature_deg", "en") == "no such feature"


def test_a_session_says_what_was_recognised_and_when_its_count_is_not_sure(tmp_path):
    """Each set's SetChecked event (written live) reaches the review: the variant done, and a count
    that the live cycle count disagrees with, in English and Dutch."""
    from synthetic import bridge_trace, sequence

    lying_still = sequence([bridge_joints(3.0, 135.0)] * (15 * 15))  # 15 s in position, nothing moves
    record_session(tmp_path / "s", [bridge_sequence(2), lying_still])
    review = load_review(tmp_path / "s")
    assert len(review.sets) == 2 and len(review.reps) == 2
    assert review.uncertain_in("en") == [
        "set 2: count uncertain: no repetition seen in 14 s in the start position; the movement may be too small "
        "to see from this camera"]
    assert review.uncertain_in("nl")[0].startswith("set 2: aantal onzeker: in 14 s in de beginhouding")
    assert review.recognised_in("en") == []  # a bridge has no variants, and one person was in view
    tilt = tmp_path / "tilt"
    record_session(tilt, [sequence([bridge_joints(a, b) for a, b in bridge_trace(1)])], exercise_id="pelvic_tilt")
    assert load_review(tilt).recognised_in("nl") in ([], ["variant: Staand"], ["variant: Liggend op je rug"])


def test_a_video_review_carries_the_reports_judgement():
    seq = sequence_from_arrays([frame_arrays(*bridge_joints(3.0, 135.0))] * (12 * 15))
    analysis = analyze_sequence(seq, "glute_bridge")
    review = review_from_analysis(analysis, "glute_bridge")
    assert review.uncertain_in("en") == analysis.report["uncertain"] and review.uncertain_in("en")
    assert review.uncertain_in("nl") == analysis.report["uncertain_nl"]
    assert review.hold_in_position_s == analysis.report["hold_in_position_s"]
