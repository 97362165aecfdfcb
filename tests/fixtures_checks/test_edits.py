"""Edited-footage truth (tools/fixturegen/edits.py) on hand-made reps: a cut keeps the reps wholly
inside one shot, moves the later ones to clip time, and drops the rep it cuts off."""
from __future__ import annotations


def rep(i, s, e, side=None, faults=()):
    return {"index": i, "side": side, "start_s": s, "end_s": e, "top_angle_deg": None, "faults": list(faults)}


def test_a_cut_moves_later_reps_and_drops_the_cut_off_one():
    from tools.fixturegen.edits import cut_truth
    shots = [{"start_s": 0.0, "skip_s": 0.0}, {"start_s": 10.0, "skip_s": 3.0}]
    reps = [rep(0, 1.0, 5.0, "left"), rep(1, 6.0, 11.5, "right", ["f"]), rep(2, 14.0, 18.0, "left", ["f"])]
    faults = [{"id": "f", "rep_index": 1, "start_s": 8.0, "end_s": 9.0},
              {"id": "f", "rep_index": 2, "start_s": 15.0, "end_s": 16.0}]
    holds = [{"side": None, "start_s": 8.0, "end_s": 15.0}]
    dur, kept, out_holds, out_faults, cut_off = cut_truth(shots, 20.0, reps, holds, faults)
    assert dur == 17.0
    assert [(r["index"], r["start_s"], r["end_s"], r["side"]) for r in kept] == [(0, 1.0, 5.0, "left"), (1, 11.0, 15.0, "left")]
    assert out_faults == [{"id": "f", "rep_index": 1, "start_s": 12.0, "end_s": 13.0}]
    assert out_holds == [{"side": None, "start_s": 8.0, "end_s": 10.0}, {"side": None, "start_s": 10.0, "end_s": 12.0}]
    assert cut_off == [{"side": "right", "shown_s": [[6.0, 10.0]]}]


def test_held_frames_show_the_pose_of_the_hold_start():
    from tools.fixturegen.edits import script_offsets, script_time, shots_of
    clip = {"view": "side", "hold_frames": 5,
            "look": {"camera_height_m": 0.6, "camera_distance_m": 2.6}}
    shots = shots_of(clip)
    times = [script_time(clip, shots, script_offsets(shots), i, 15)[1] for i in range(11)]
    assert times == [0.0] * 5 + [5 / 15] * 5 + [10 / 15]
