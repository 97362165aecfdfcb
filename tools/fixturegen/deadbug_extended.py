"""Dead bug from fully extended (issue 9 variant ``extended``): lying flat on the back, arms
overhead on the floor, legs straight. One knee comes up to 90/90 while the opposite arm comes
up to vertical, then both go back down; sides alternate, the rep belongs to the moving leg.

The classic dead bug (deadbug.py) starts with the legs up and opens the hip on each rep; this
one starts open and closes it, so a counter keyed on the classic start counts nothing, or the
returns. The lowest point touches the floor in every frame."""
from __future__ import annotations

from .bridge import hip_angle
from .character import ORIENT, Character, grounded
from .timeline import Track, keyed_reps, rep_plan, side_at

OTHER = {"L": "R", "R": "L"}
ARMS_OVERHEAD_DEG = 172.0       # arms along the floor past the head (180 would go into it)
KNEE_UP = dict(hip=90.0, knee=90.0)
ARM_UP_DEG = 90.0               # the moving arm points at the ceiling


def base_pose() -> dict:
    q = {f"shoulder_flex.{s}": ARMS_OVERHEAD_DEG for s in "LR"}
    q.update({f"shoulder_abd.{s}": 8.0 for s in "LR"})
    q.update({f"hip_abd.{s}": 3.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -20.0 for s in "LR"})      # feet relaxed, toes up
    q["neck_flex"] = 6.0
    return q


def dead_bug_extended_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.6, 0.6, 1.6, 0.9),
                           tail=1.5):
    """reps_spec: [{'side': 'L'|'R'}]; side = the leg that comes up."""
    ch = Character(shape)
    R = ORIENT["supine"]
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    sides = [spec["side"] for spec in reps_spec]
    reps = keyed_reps(tr, plan, sides)
    cache = {}

    def person(t):
        side = side_at(plan, sides, t)
        a = round(tr.at(t)["a"], 4)
        if (side, a) not in cache:
            q = base_pose()
            q[f"hip_flex.{side}"] = KNEE_UP["hip"] * a
            q[f"knee_flex.{side}"] = KNEE_UP["knee"] * a
            q[f"shoulder_flex.{OTHER[side]}"] = ARMS_OVERHEAD_DEG + (ARM_UP_DEG - ARMS_OVERHEAD_DEG) * a
            cache[(side, a)] = grounded(ch, q, R)
        return cache[(side, a)]

    for r in reps:  # scripted truth: moving-side shoulder-hip-knee angle with the knee up
        q, RR, tt = person(r.pop("_peak"))
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, RR, tt), RR, "L" if r["side"] == "left" else "R"), 1)
    return ch, person, plan[-1][3] + tail, reps, [], []
