"""Cat-cow (hands and knees, side view). The back rounds up with the head down (cat) and sinks
with the head up (cow); one rep is one cycle cat -> cow -> cat, the engine's bottom-top-bottom.

Per frame the root pitch, height and shoulder flexion are solved so that hands and knees stay
on the floor and the hands stay where they were, while the spine, pelvis and neck follow the
script (the thighs are held vertical in the world)."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .bridge import hip_angle
from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, posed_by

SIDE = "L"                                   # prone: the left side faces the side camera
CAT = dict(spine=32.0, pelvis=-10.0, neck=35.0)     # rounded back, pelvis tucked, head down
COW = dict(spine=-24.0, pelvis=10.0, neck=-30.0)    # sunken back, pelvis tipped, head up
HAND_Z_M, KNEE_Z_M = 0.05, 0.07


def pose(c: float, p: float, dshoulder: float) -> dict:
    """c: +1 = cat, -1 = cow, 0 = neutral table; p: root pitch; dshoulder: shoulder correction."""
    end = CAT if c >= 0 else COW
    w = abs(c)
    q = {f"shoulder_flex.{s}": 90.0 + p + dshoulder for s in "LR"}
    q.update({f"hip_flex.{s}": 90.0 + p for s in "LR"})
    q.update({f"leg_world.{s}": True for s in "LR"})       # thighs ignore the pelvis tilt
    q.update({f"knee_flex.{s}": 90.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -55.0 for s in "LR"})
    q.update({f"hip_abd.{s}": 2.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 3.0 for s in "LR"})
    q["spine_flex"] = w * end["spine"]
    q["pelvis_tilt"] = w * end["pelvis"]
    q["neck_flex"] = -8.0 + w * end["neck"]
    return q


class CatCowSolver:
    def __init__(self, ch: Character):
        self.ch = ch
        self.x = np.array([0.0, 0.55, 0.0])
        self.hand_x = None
        self.solve(0.0)
        j = self._joints(self.x, 0.0)
        self.hand_x = j[f"hand.{SIDE}"][0] - j[f"lowerleg.{SIDE}"][0]   # hand ahead of the knee

    def _joints(self, x, c):
        p, tz, ds = x
        R = ORIENT["prone"] @ rot("x", p)
        return self.ch.joints(pose(c, p, ds), R, np.array([0.0, 0.0, tz]))

    def solve(self, c: float):
        def resid(x):
            j = self._joints(x, c)
            r = [(j[f"hand.{SIDE}"][2] - HAND_Z_M) * 50, (j[f"lowerleg.{SIDE}"][2] - KNEE_Z_M) * 50]
            dx = j[f"hand.{SIDE}"][0] - j[f"lowerleg.{SIDE}"][0]
            r.append(0.0 if self.hand_x is None else (dx - self.hand_x) * 50)
            return r
        self.x = least_squares(resid, self.x, xtol=1e-7).x
        p, tz, ds = self.x
        R = ORIENT["prone"] @ rot("x", p)
        j = self._joints(self.x, c)
        t = np.array([-0.5 * (j["hand.L"][0] + j["lowerleg.L"][0]), 0.0, tz])
        return pose(c, p, ds), R, t


def cat_cow_clip(shape: str, n_reps: int, lead_in=1.5, to_cat=1.5, half=1.8, pause=0.3, tail=1.5):
    ch = Character(shape)
    solver = CatCowSolver(ch)
    tr = Track().key(0.0, c=0.0).key(lead_in, c=0.0)
    t = lead_in + to_cat
    tr.key(t, c=1.0)
    reps = []
    for i in range(n_reps):
        start = t
        tr.key(t + pause, c=1.0).key(t + pause + half, c=-1.0)
        t += pause + half
        tr.key(t + pause, c=-1.0).key(t + pause + half, c=1.0)
        t += pause + half
        reps.append({"index": i, "side": None, "start_s": round(start, 3), "end_s": round(t, 3),
                     "top_angle_deg": None, "faults": [], "_peak": start + pause + half + pause / 2})
    tr.key(t + pause, c=1.0).key(t + pause + to_cat, c=0.0)
    duration = t + pause + to_cat + tail
    person = posed_by(tr, "c", solver.solve)

    for r in reps:  # scripted truth: camera-side shoulder-hip-knee angle in the cow (the top)
        q, R, tt = person(r.pop("_peak"))
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, R, tt), R, SIDE), 1)
    return ch, person, duration, reps, [], []
