"""Pelvic tilt variants (issue 9), side view; one rep = tilt back and return.

``lying``: on the back, knees bent, feet flat (hook lying). The pelvis tilts back (the lumbar
curve presses into the mat, the pubic bone comes up) while the trunk stays on the floor and
the thighs keep their direction, so the feet stay planted. A small, hidden movement.

``seated``: sitting upright on a stool, feet flat, hands on the thighs. The pelvis rolls back
and the lower back rounds (a slump), the head stays level; the thighs stay on the seat. The
stool (props.py, from the catalogue) has its top at SEAT_Z_M; the body is placed so that the
buttocks rest on it and the feet on the floor."""
from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from .bridge import hip_angle
from .character import ORIENT, Character, grounded
from .timeline import Track, keyed_reps, posed_by, rep_plan

LYING_TILT_DEG = 14.0         # posterior pelvic tilt at the top of a lying rep
SEATED_TILT_DEG = 16.0        # pelvis rolled back on the stool
SEATED_ROUND_SHARE = 0.55     # share of the pelvis roll the lower back gives back by rounding
SEAT_Z_M = 0.42               # the stool's top
STOOL = dict(centre_m=[0.03, 0.0, SEAT_Z_M / 2], size_m=[0.34, 0.36, SEAT_Z_M], bgr=[60, 75, 95])


def lying_pose(a: float) -> dict:
    q = {f"hip_flex.{s}": 50.0 for s in "LR"}
    q.update({f"knee_flex.{s}": 100.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -40.0 for s in "LR"})         # feet flat on the floor
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 12.0 for s in "LR"})
    q.update({f"leg_world.{s}": True for s in "LR"})           # thighs ignore the pelvis tilt
    q["pelvis_tilt"] = -LYING_TILT_DEG * a
    q["pelvis_isolated"] = True                                # the trunk stays on the floor
    q["neck_flex"] = 8.0
    return q


def seated_pose(a: float, thigh_drop_deg: float) -> dict:
    """a: 0 upright, 1 pelvis rolled back. thigh_drop_deg: thighs sloping down to the knees."""
    tilt = SEATED_TILT_DEG * a
    q = {f"hip_flex.{s}": 90.0 - thigh_drop_deg for s in "LR"}
    q.update({f"knee_flex.{s}": 90.0 - thigh_drop_deg for s in "LR"})   # shins vertical
    q.update({f"hip_abd.{s}": 6.0 for s in "LR"})
    q.update({f"leg_world.{s}": True for s in "LR"})
    q.update({f"shoulder_flex.{s}": 15.0 for s in "LR"})        # hands resting on the thighs
    q.update({f"elbow_flex.{s}": 62.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 10.0 for s in "LR"})
    q["pelvis_tilt"] = -tilt
    q["spine_flex"] = SEATED_ROUND_SHARE * tilt                  # the lower back rounds
    q["neck_flex"] = (1 - SEATED_ROUND_SHARE) * tilt             # eyes stay level
    return q


def _plan(n_reps, lead_in, tempo):
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(n_reps, lead_in, *tempo)
    return tr, plan, keyed_reps(tr, plan)


def _top_angles(ch, person, reps, side):
    for r in reps:   # scripted truth: camera-side shoulder-hip-knee angle at the top
        q, R, t = person(r.pop("_peak"))
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, R, t), R, side), 1)


def pelvic_tilt_lying_clip(shape: str, n_reps: int, lead_in=1.5, tempo=(1.3, 1.0, 1.3, 1.0), tail=1.5):
    ch = Character(shape)
    R = ORIENT["supine"]
    _, _, t0 = grounded(ch, lying_pose(0.0), R)     # placed once: the trunk does not move
    tr, plan, reps = _plan(n_reps, lead_in, tempo)
    person = posed_by(tr, "a", lambda a: (lying_pose(a), R, t0))
    _top_angles(ch, person, reps, "R")               # supine: the right side faces the camera
    return ch, person, plan[-1][3] + tail, reps, [], []


class SeatedPlacer:
    """Thigh slope and placement so that the buttocks rest on the stool and the feet on the floor
    (solved once, upright); the rocking then keeps the thighs and feet where they are."""

    def __init__(self, ch: Character):
        self.ch = ch
        self.R = ORIENT["standing"]                  # facing -X, left side to the camera
        body = ch.body
        seat_bones = [body.bone(b) for b in ("pelvis", "upperleg.L", "upperleg.R")]
        self.seat = np.isin(body.w_idx[:, 0], seat_bones)
        hips = (body.head[body.bone("upperleg.L")] + body.head[body.bone("upperleg.R")]) / 2
        # the buttocks and the back of the upper thighs: not the belly, not the knees
        self.seat &= (body.verts[:, 2] < hips[2] + 0.05) & (body.verts[:, 2] > hips[2] - 0.15)
        feet = np.isin(body.w_idx[:, 0], [body.bone(f"{b}.{s}") for b in ("foot", "toes") for s in "LR"])

        def sole_z(drop):   # feet height when the buttocks sit on the seat
            v = ch.mesh(seated_pose(0.0, drop), self.R, np.zeros(3))
            return v[feet, 2].min() - v[self.seat, 2].min() + SEAT_Z_M
        self.drop = brentq(sole_z, -30.0, 50.0, xtol=1e-4)
        v = ch.mesh(seated_pose(0.0, self.drop), self.R, np.zeros(3))
        j = ch.joints(seated_pose(0.0, self.drop), self.R, np.zeros(3))
        hip_x = (j["upperleg.L"][0] + j["upperleg.R"][0]) / 2
        self.t = np.array([-hip_x, 0.0, SEAT_Z_M - v[self.seat, 2].min()])

    def __call__(self, a: float):
        return seated_pose(a, self.drop), self.R, self.t


def pelvic_tilt_seated_clip(shape: str, n_reps: int, lead_in=1.5, tempo=(1.3, 1.0, 1.3, 1.0), tail=1.5):
    ch = Character(shape)
    tr, plan, reps = _plan(n_reps, lead_in, tempo)
    person = posed_by(tr, "a", SeatedPlacer(ch))
    _top_angles(ch, person, reps, "L")
    return ch, person, plan[-1][3] + tail, reps, [], []
