"""Child's pose hold (side view): from hands and knees the hips sit back toward the heels, the
arms stay stretched forward on the floor and the head goes down. Held, then back to the table.

Per frame the hip and knee flexion, the height and the shoulder flexion are solved so that
knees and ankles stay on the floor (shins flat), the thigh has the scripted elevation and the
hands stay on the floor; the trunk pitch, spine rounding and neck follow the script."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, hold_track, keyed_reps, posed_by, rep_plan

SIDE = "L"
KNEE_Z_M, ANKLE_Z_M, HAND_Z_M = 0.07, 0.06, 0.04
# (table, child's pose): thigh elevation above the floor, trunk pitch, spine rounding, neck
THIGH_DEG = (90.0, 28.0)
PITCH_DEG = (0.0, -28.0)
SPINE_DEG = (0.0, 22.0)
NECK_DEG = (-8.0, 22.0)


def pose(a: float, hip: float, knee: float, shoulder: float) -> dict:
    q = {f"shoulder_flex.{s}": shoulder for s in "LR"}
    q.update({f"shoulder_abd.{s}": 6.0 for s in "LR"})
    q.update({f"hip_flex.{s}": hip for s in "LR"})
    q.update({f"knee_flex.{s}": knee for s in "LR"})
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -55.0 - 15.0 * a for s in "LR"})    # feet pointed, tops down
    q["spine_flex"] = SPINE_DEG[0] + a * (SPINE_DEG[1] - SPINE_DEG[0])
    q["neck_flex"] = NECK_DEG[0] + a * (NECK_DEG[1] - NECK_DEG[0])
    return q


def _lerp(pair, a):
    return pair[0] + a * (pair[1] - pair[0])


class ChildsPoseSolver:
    def __init__(self, ch: Character):
        self.ch = ch
        self.x = np.array([90.0, 90.0, 0.55, 90.0])   # hip, knee, height, shoulder

    def solve(self, a: float):
        p = _lerp(PITCH_DEG, a)
        R = ORIENT["prone"] @ rot("x", p)
        thigh = np.radians(_lerp(THIGH_DEG, a))

        def joints(x):
            hip, knee, tz, sh = x
            return self.ch.joints(pose(a, hip, knee, sh), R, np.array([0.0, 0.0, tz]))

        def resid(x):
            j = joints(x)
            k, h = j[f"lowerleg.{SIDE}"], j[f"upperleg.{SIDE}"]
            d = h - k       # knee -> hip; the hips are behind the knees (+X side)
            elev = np.arctan2(d[2], d[0])
            return [(k[2] - KNEE_Z_M) * 50, (j[f"foot.{SIDE}"][2] - ANKLE_Z_M) * 50,
                    (elev - thigh) * 10, (j[f"hand.{SIDE}"][2] - HAND_Z_M) * 50]
        self.x = least_squares(resid, self.x, xtol=1e-7).x
        j = joints(self.x)
        t = np.array([-j[f"lowerleg.{SIDE}"][0] + 0.3, 0.0, self.x[2]])   # knees stay put
        return pose(a, self.x[0], self.x[1], self.x[3]), R, t


def childs_pose_clip(shape: str, hold_s: float = 12.0, lead_in=1.5, ramp=2.5, tail=1.0):
    ch = Character(shape)
    solver = ChildsPoseSolver(ch)
    tr, top0, top1 = hold_track("a", lead_in, ramp, hold_s)
    holds = [{"side": None, "start_s": round(top0, 3), "end_s": round(top1, 3)}]
    return ch, posed_by(tr, "a", solver.solve), top1 + ramp + tail, [], holds, []


def childs_pose_rocking_clip(shape: str, n_reps: int, lead_in=1.5, tempo=(2.0, 1.0, 2.0, 0.8), tail=1.0):
    """Variant ``rocking`` (issue 9): from hands and knees into the child's pose, a moment there,
    and back to the table, repeated: each rock is a rep, no hold."""
    ch = Character(shape)
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(n_reps, lead_in, *tempo)
    reps = keyed_reps(tr, plan)
    for r in reps:
        r.pop("_peak")
    return ch, posed_by(tr, "a", ChildsPoseSolver(ch).solve), plan[-1][3] + tail, reps, [], []
