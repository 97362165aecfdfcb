"""Knee drops held as a stretch (the lumbar rotation stretch), camera at the feet looking along the body
as for the knee drops: both knees lowered to one side and held, or one knee brought across the
straight other leg and held, per side. The shoulders stay on the floor."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .kneedrops import FALL_DEG, PELVIS_SHARE, SIGN, base_pose, pose_at
from .rig import rot
from .timeline import Track

NAME = {"L": "left", "R": "right"}
OTHER = {"L": "R", "R": "L"}
ACROSS_DEG = 70.0        # the crossing thigh's turn toward the other side


def one_knee_pose(side: str, a: float) -> dict:
    """``side``: the leg that crosses (bent, brought over the other, straight leg); a: 0..1."""
    q = base_pose()
    other = OTHER[side]
    q.update({f"hip_flex.{other}": 0.0, f"knee_flex.{other}": 0.0, f"ankle_flex.{other}": -20.0,
              f"hip_abd.{other}": 2.0})
    q[f"hip_flex.{side}"], q[f"knee_flex.{side}"] = 80.0, 95.0
    q[f"ankle_flex.{side}"] = -20.0
    turn = -SIGN[side] * ACROSS_DEG * a        # toward the other side
    q["pelvis_rot"] = turn * PELVIS_SHARE
    q["pelvis_isolated"] = True
    q["extra_rot"] = {f"upperleg.{side}": rot("z", turn * (1 - PELVIS_SHARE))}
    return q


def stretch_clip(shape: str, sides: str, one_knee: bool, hold_s=10.0, lead_in=1.5, ramp=1.0, rest=1.5, tail=1.5):
    """sides: e.g. 'LR', the side of each hold: where the knees fall (both knees) or the leg that
    crosses (one knee). The truth names each hold by the side posecheck reports: the upper hip's,
    i.e. the stretched side (the knees fall away from it), which is also the higher knee's."""
    ch = Character(shape)
    R = ORIENT["supine"]
    tr = Track().key(0.0, a=0.0)
    t, holds, spans = lead_in, [], []
    for side in sides:
        tr.key(t, a=0.0).key(t + ramp, a=1.0).key(t + ramp + hold_s, a=1.0).key(t + 2 * ramp + hold_s, a=0.0)
        # both knees falling to the left lift the right hip; one left knee across lifts the left hip
        upper = side if one_knee else OTHER[side]
        holds.append({"side": NAME[upper], "start_s": round(t + ramp, 3), "end_s": round(t + ramp + hold_s, 3)})
        spans.append((t, t + 2 * ramp + hold_s + 0.5 * rest, side))
        t += 2 * ramp + hold_s + rest
    duration = t - rest + tail

    def pose(side, a):
        return one_knee_pose(side, a) if one_knee else pose_at(SIGN[side] * FALL_DEG * a)

    lift = -ch.mesh(pose(sides[0], 0.0), R, np.zeros(3))[:, 2].min()
    cache = {}

    def person(tt):
        a = round(tr.at(tt)["a"], 4)
        side = next((sd for s, e, sd in spans if s - 0.01 <= tt <= e), sides[0])
        if (side, a) not in cache:
            cache[(side, a)] = (pose(side, a), R, np.array([0.0, 0.0, lift]))
        return cache[(side, a)]

    return ch, person, duration, [], holds, []
