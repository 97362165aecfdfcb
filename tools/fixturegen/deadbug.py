"""Dead bug (supine, alternating): arms up, hips and knees at 90 deg; the opposite arm and leg
lower toward the floor and return. Fault: lower back lifting = anterior pelvic tilt with lumbar
extension while the leg goes down (trunk above stays on the floor)."""
from __future__ import annotations

import numpy as np

from .bridge import hip_angle
from .character import ORIENT, Character
from .timeline import Track, rep_plan

OTHER = {"L": "R", "R": "L"}
NAME = {"L": "left", "R": "right"}


def base_pose():
    q = {f"shoulder_flex.{s}": 90.0 for s in "LR"}
    q.update({f"hip_flex.{s}": 90.0 for s in "LR"})
    q.update({f"knee_flex.{s}": 90.0 for s in "LR"})
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -15.0 for s in "LR"})
    q["neck_flex"] = 6.0
    return q


def dead_bug_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.8, 0.8, 1.8, 0.8), tail=1.5):
    ch = Character(shape)
    R = ORIENT["supine"]
    floor0 = ch.mesh(base_pose(), R, np.zeros(3))[:, 2].min()
    tr = Track().key(0.0, a=0.0, tilt=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults, sides = [], [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = spec.get("faults", [])
        tilt = 18.0 if "lower_back_lifting" in f else 0.0
        tr.key(s, a=0.0, tilt=0.0).key(ts, a=1.0, tilt=tilt).key(te, a=1.0, tilt=tilt).key(e, a=0.0, tilt=0.0)
        sides.append((s, e, spec["side"]))
        reps.append({"index": i, "side": NAME[spec["side"]], "start_s": round(s, 3),
                     "end_s": round(e, 3), "top_angle_deg": None, "faults": list(f),
                     "_peak": (ts + te) / 2})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.6, 3),
                           "end_s": round(te + 0.6, 3)})

    def person(t):
        v = tr.at(t)
        side = next((sd for s, e, sd in sides if s - 0.01 <= t <= e + 0.4), "L")
        q = base_pose()
        a = v["a"]
        q[f"hip_flex.{side}"] = 90.0 - 70.0 * a
        q[f"knee_flex.{side}"] = 90.0 - 80.0 * a
        q[f"shoulder_flex.{OTHER[side]}"] = 90.0 + 75.0 * a
        if v["tilt"]:
            q["pelvis_tilt"] = v["tilt"]
            q["pelvis_isolated"] = True
            q["lumbar_flex"] = -0.5 * v["tilt"]
        z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
        return q, R, np.array([0.0, 0.0, -z])

    for r in reps:  # scripted truth: moving-side shoulder-hip-knee angle at the far point
        q, RR, tt = person(r.pop("_peak"))
        side = "L" if r["side"] == "left" else "R"
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, RR, tt), RR, side), 1)
    return ch, person, plan[-1][3] + tail, reps, [], faults
