"""Bird dog (quadruped, alternating): opposite arm and leg extend, ~3 s hold, return.
Faults: pelvis rocking (pelvis rolls toward the lifted leg and twists), leg above hip height."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .bridge import hip_angle
from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

OTHER = {"L": "R", "R": "L"}
NAME = {"L": "left", "R": "right"}


def base_pose(p):
    q = {f"shoulder_flex.{s}": 90.0 + p for s in "LR"}
    q.update({f"hip_flex.{s}": 90.0 + p for s in "LR"})
    q.update({f"knee_flex.{s}": 90.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -55.0 for s in "LR"})
    q.update({f"hip_abd.{s}": 2.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 3.0 for s in "LR"})
    q["neck_flex"] = -8.0
    return q


def solve_table(ch: Character):
    def place(x):
        p, tz = x
        R = ORIENT["prone"] @ rot("x", p)
        return R, ch.joints(base_pose(p), R, np.array([0, 0, tz]))

    def resid(x):
        _, j = place(x)
        return [(j["hand.L"][2] - 0.05) * 50, (j["lowerleg.L"][2] - 0.07) * 50]
    x = least_squares(resid, [0.0, 0.55], xtol=1e-7).x
    R, j = place(x)
    return x[0], R, np.array([-0.5 * (j["hand.L"][0] + j["lowerleg.L"][0]), 0, x[1]])


def bird_dog_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.5, 3.0, 1.5, 1.0), tail=1.5):
    """reps_spec: [{'side': 'L'|'R', 'faults': [...]}]; side = the moving leg."""
    ch = Character(shape)
    p, R, t0 = solve_table(ch)
    tr = Track().key(0.0, lift=0.0, extra=0.0, roll=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, holds, faults, sides = [], [], [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = spec.get("faults", [])
        extra = 22.0 if "leg_above_hip" in f else 0.0
        roll = 16.0 if "pelvis_rocking" in f else 0.0
        tr.key(s, lift=0.0, extra=0.0, roll=0.0).key(ts, lift=1.0, extra=extra, roll=roll)
        tr.key(te, lift=1.0, extra=extra, roll=roll).key(e, lift=0.0, extra=0.0, roll=0.0)
        sides.append((s, e, spec["side"]))
        reps.append({"index": i, "side": NAME[spec["side"]], "start_s": round(s, 3),
                     "end_s": round(e, 3), "top_angle_deg": None, "faults": list(f),
                     "_peak": (ts + te) / 2})
        holds.append({"side": NAME[spec["side"]], "start_s": round(ts, 3), "end_s": round(te, 3)})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.5, 3),
                           "end_s": round(te + 0.5, 3)})

    def person(t):
        v = tr.at(t)
        side = next((sd for s, e, sd in sides if s - 0.01 <= t <= e + 0.5), "L")
        arm = OTHER[side]
        q = base_pose(p)
        a = v["lift"]
        q[f"hip_flex.{side}"] = (90.0 + p) + a * (p - (90.0 + p)) - v["extra"]
        q[f"knee_flex.{side}"] = 90.0 * (1 - a) + 5.0 * a
        q[f"ankle_flex.{side}"] = -55.0 + 30.0 * a
        q[f"shoulder_flex.{arm}"] = (90.0 + p) + a * 90.0
        q["lumbar_flex"] = -0.4 * v["extra"]
        if v["roll"]:
            sg = 1.0 if side == "L" else -1.0
            q["pelvis_roll"] = -sg * v["roll"]
            q["pelvis_rot"] = sg * v["roll"] * 0.5
            q["pelvis_isolated"] = True
            q[f"leg_world.{OTHER[side]}"] = True
        return q, R, t0

    for r in reps:  # scripted truth: moving-side shoulder-hip-knee angle at the top
        q, RR, tt = person(r.pop("_peak"))
        side = "L" if r["side"] == "left" else "R"
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, RR, tt), RR, side), 1)
    duration = plan[-1][3] + tail
    return ch, person, duration, reps, holds, faults
