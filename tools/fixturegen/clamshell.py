"""Clamshell (side-lying, per side; front view: the chest faces the camera). Hips flexed 45 deg,
knees 90 deg, feet together; the top knee opens by turning the top leg about the line from
its hip joint to its ankle, so the feet stay together as in the real exercise.

Fault pelvis_rolling_back: the pelvis turns backward about the body's long axis while the knee
opens (the top hip moves away from the camera); the trunk follows it by TRUNK_FOLLOW."""
from __future__ import annotations

import numpy as np

from .bridge import hip_angle
from .character import ORIENT, Character
from .pose import axis_angle
from .timeline import Track, rep_plan

NAME = {"L": "left", "R": "right"}
OPEN_DEG = 42.0          # top leg turned about the hip-ankle line at the top of a rep
ROLL_DEG = 24.0          # pelvis turn backward on a faulty rep
TRUNK_FOLLOW = 0.4       # share of the pelvis turn the trunk takes along


def base_pose(down: str) -> dict:
    up = "R" if down == "L" else "L"
    q = {f"hip_flex.{s}": 45.0 for s in "LR"}
    q.update({f"knee_flex.{s}": 90.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -10.0 for s in "LR"})
    q.update({f"hip_abd.{s}": -3.0 for s in "LR"})     # knees and feet together
    # the lower arm stretched overhead along the floor (the head rests on it); top hand on the hip
    q.update({f"shoulder_abd.{down}": 180.0, f"elbow_flex.{down}": 10.0,
              f"shoulder_abd.{up}": 3.0, f"elbow_flex.{up}": 15.0})
    q["neck_flex"] = 5.0
    return q


def _sign_away(ch: Character, q: dict, up: str, axis: np.ndarray) -> float:
    """Sign of the turn that moves the top knee away from the lower knee (toward the ceiling)."""
    out = []
    for sg in (1.0, -1.0):
        p = dict(q, extra_rot={f"upperleg.{up}": axis_angle(axis, sg * 20.0)})
        j = ch.joints(p, np.eye(3), np.zeros(3))
        out.append(abs(j[f"lowerleg.{up}"][0] - j[f"lowerleg.{'R' if up == 'L' else 'L'}"][0]))
    return 1.0 if out[0] > out[1] else -1.0


def clamshell_clip(shape: str, down: str, reps_spec: list[dict], lead_in=1.5,
                   tempo=(1.5, 0.5, 1.5, 0.8), tail=1.5, open_deg: float = OPEN_DEG):
    """down: the side lying on the floor ('L' | 'R'); the other (top) leg works.
    reps_spec: [{'faults': [...]}]. open_deg: the top leg's turn at the top (issue 9: a small
    opening)."""
    ch = Character(shape)
    up = "R" if down == "L" else "L"
    R = ORIENT["side_left" if down == "L" else "side_right"]
    q0 = base_pose(down)
    j0 = ch.joints(q0, np.eye(3), np.zeros(3))           # body frame = pelvis frame at rest
    axis = j0[f"foot.{up}"] - j0[f"upperleg.{up}"]      # hip joint -> ankle
    sg_open = _sign_away(ch, q0, up, axis)
    # the top hip moving backward (+y, body frame) is a turn about z of this sign
    sg_roll = 1.0 if up == "L" else -1.0
    arm = {ch.body.bone(f"{b}.{down}") for b in ("upperarm", "lowerarm", "hand")}
    on_floor = ~np.isin(ch.body.w_idx[:, 0], list(arm))
    tr = Track().key(0.0, a=0.0, roll=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = list(spec.get("faults", []))
        roll = ROLL_DEG if "pelvis_rolling_back" in f else 0.0
        tr.key(s, a=0.0, roll=0.0).key(ts, a=1.0, roll=roll).key(te, a=1.0, roll=roll).key(e, a=0.0, roll=0.0)
        reps.append({"index": i, "side": NAME[up], "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": None, "faults": f, "_peak": (ts + te) / 2})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.5, 3),
                           "end_s": round(te + 0.5, 3)})

    def person(t):
        v = tr.at(t)
        q = dict(base_pose(down))
        q["extra_rot"] = {f"upperleg.{up}": axis_angle(axis, sg_open * open_deg * v["a"])}
        if v["roll"]:
            q["pelvis_rot"] = sg_roll * v["roll"]
            q["spine_twist"] = -sg_roll * v["roll"] * (1.0 - TRUNK_FOLLOW)
        # the trunk and legs lie on the floor; the lower arm under the head may dip into it
        z = ch.mesh(q, R, np.zeros(3))[on_floor, 2].min()
        return q, R, np.array([0.0, 0.0, -z])

    for r in reps:  # scripted truth: working-side shoulder-hip-knee angle at the top
        q, RR, tt = person(r.pop("_peak"))
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, RR, tt), RR, up), 1)
    return ch, person, plan[-1][3] + tail, reps, [], faults


def knee_gap_deg(ch: Character, q: dict) -> float:
    """Scripted 3D angle between the two thighs (hip joint -> knee)."""
    j = ch.joints(q, np.eye(3), np.zeros(3))
    u = j["lowerleg.L"] - j["upperleg.L"]
    v = j["lowerleg.R"] - j["upperleg.R"]
    return float(np.degrees(np.arccos(u @ v / np.linalg.norm(u) / np.linalg.norm(v))))
