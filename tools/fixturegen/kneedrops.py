"""Knee drops / lumbar rotation (supine, knees bent, camera at the feet looking along the body).
Both knees fall to one side and come back, alternating sides; the shoulders stay on the floor.

The fall is shared between the pelvis (it rolls about the body's long axis, the trunk above
it held still) and the hips (both thighs turn further about the long axis), as in the real
movement where the pelvis rolls onto one buttock while the legs go further."""
from __future__ import annotations

import numpy as np

from .bridge import hip_angle
from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

NAME = {"L": "left", "R": "right"}
FALL_DEG = 60.0          # thighs' turn about the long axis at the far point
PELVIS_SHARE = 0.4       # share of the fall taken by the pelvis roll
SIGN = {"L": 1.0, "R": -1.0}   # a positive turn about body z drops the knees to the body's left


def base_pose() -> dict:
    q = {f"hip_flex.{s}": 55.0 for s in "LR"}
    q.update({f"knee_flex.{s}": 105.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -40.0 for s in "LR"})    # feet flat on the floor
    q.update({f"hip_abd.{s}": -2.0 for s in "LR"})        # knees together
    q.update({f"shoulder_abd.{s}": 50.0 for s in "LR"})   # arms out on the floor
    q["neck_flex"] = 6.0
    return q


def pose_at(fall_deg: float) -> dict:
    q = base_pose()
    q["pelvis_rot"] = fall_deg * PELVIS_SHARE
    q["pelvis_isolated"] = True               # the trunk (and shoulders) stay flat
    q["extra_rot"] = {f"upperleg.{s}": rot("z", fall_deg * (1 - PELVIS_SHARE)) for s in "LR"}
    return q


def knee_drops_clip(shape: str, sides: str, lead_in=1.5, tempo=(1.8, 0.5, 1.8, 0.6), tail=1.5):
    """sides: e.g. 'LRLR', the side the knees fall to on each rep."""
    ch = Character(shape)
    R = ORIENT["supine"]
    # the trunk stays where it lies at rest; a rolling pelvis may dip into the floor slightly
    lift = -ch.mesh(base_pose(), R, np.zeros(3))[:, 2].min()
    t0 = np.array([0.0, 0.0, lift])
    tr = Track().key(0.0, fall=0.0)
    plan = rep_plan(len(sides), lead_in, *tempo)
    reps = []
    for i, ((s, ts, te, e), side) in enumerate(zip(plan, sides)):
        fall = SIGN[side] * FALL_DEG
        tr.key(s, fall=0.0).key(ts, fall=fall).key(te, fall=fall).key(e, fall=0.0)
        # the engine counts knee drops without sides, so the truth carries none either
        reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": round(hip_angle(ch.joints(pose_at(fall), R, t0), R, "R"), 1),
                     "faults": []})

    def person(t):
        return pose_at(tr.at(t)["fall"]), R, t0

    return ch, person, plan[-1][3] + tail, reps, [], []
