"""Side plank hold on the forearm (front view: the body lies on its side, chest toward the
camera). The body's tilt in the image plane and its height are solved per frame so that the
lower elbow and the lower ankle stay on the floor while the hips drop on script.

Hips dropping is scripted as a lateral bend that opens toward the ceiling: half of the drop
angle in the trunk (side bend), half in the legs (the lower leg adducts, the upper one
abducts), so the pelvis sinks toward the floor between shoulder and feet."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, keyed_reps, posed_by, rep_plan

NAME = {"L": "left", "R": "right"}
# lying on the left side the head points to +X; raising it is a negative turn about world Y
HEAD_UP_SIGN = {"L": -1.0, "R": 1.0}
FEET_ADD_DEG = 5.0
ELBOW_Z_M, ANKLE_Z_M = 0.075, 0.06   # joint centres above the floor (arm / ankle radius)
KNEE_Z_M, KNEE_FLEX_DEG = 0.07, 90.0  # the knee variant's support


class SidePlankSolver:
    """on_knee (issue 9 variant ``knee``): both knees bent 90 deg, shins behind the body, the
    lower knee on the floor instead of the lower foot."""

    def __init__(self, ch: Character, down: str, on_knee: bool = False):
        self.ch, self.down, self.on_knee = ch, down, on_knee
        self.support = "lowerleg" if on_knee else "foot"
        self.up = "R" if down == "L" else "L"
        self.base = ORIENT["side_left" if down == "L" else "side_right"]
        self.x = np.array([15.0, 0.35])

    def root(self, tilt_deg: float) -> np.ndarray:
        return rot("y", HEAD_UP_SIGN[self.down] * tilt_deg) @ self.base

    def pose(self, tilt_deg: float, drop_deg: float) -> dict:
        d, u = self.down, self.up
        # lower upper arm vertical under the shoulder: abduction = 90 - body tilt
        q = {f"shoulder_abd.{d}": 90.0 - tilt_deg, f"elbow_flex.{d}": 90.0,
             f"shoulder_flex.{d}": 0.0,
             f"shoulder_abd.{u}": 2.0, f"elbow_flex.{u}": 10.0,   # top arm along the body
             # both legs adducted by FEET_ADD_DEG so the feet are stacked, not hip-width apart
             f"hip_abd.{d}": -FEET_ADD_DEG - drop_deg / 2, f"hip_abd.{u}": -FEET_ADD_DEG + drop_deg / 2,
             f"ankle_flex.{d}": -10.0, f"ankle_flex.{u}": -10.0,
             "neck_flex": 4.0}
        # the trunk bends toward the upper side; spine_bend > 0 bends toward body-left
        q["spine_bend"] = (drop_deg / 2) * (1.0 if u == "L" else -1.0)
        if self.on_knee:
            q.update({f"knee_flex.{d}": KNEE_FLEX_DEG, f"knee_flex.{u}": KNEE_FLEX_DEG,
                      f"ankle_flex.{d}": -30.0, f"ankle_flex.{u}": -30.0})
        return q

    def solve(self, drop_deg: float):
        d = self.down

        def place(x):
            tilt, tz = x
            R = self.root(tilt)
            return R, self.ch.joints(self.pose(tilt, drop_deg), R, np.array([0.0, 0.0, tz]))

        def resid(x):
            _, j = place(x)
            return [(j[f"lowerarm.{d}"][2] - ELBOW_Z_M) * 50, (j[f"{sup}.{d}"][2] - sup_z) * 50]
        sup = self.support
        sup_z = KNEE_Z_M if self.on_knee else ANKLE_Z_M
        self.x = least_squares(resid, self.x, xtol=1e-7).x
        R, j = place(self.x)
        # centre the body on the mat (between elbow and ankle, or knee)
        t = np.array([-0.5 * (j[f"lowerarm.{d}"][0] + j[f"{sup}.{d}"][0]), 0.0, self.x[1]])
        return self.pose(self.x[0], drop_deg), R, t


def side_plank_clip(shape: str, down: str, duration: float = 15.0, fault: tuple | None = None):
    """down: 'L' | 'R', the supporting side (on the floor). fault: (id, drop_deg, start_s, end_s)."""
    ch = Character(shape)
    solver = SidePlankSolver(ch, down)
    tr = Track().key(0.0, drop=0.0)
    faults = []
    if fault:
        fid, amount, s, e = fault
        tr.key(s - 0.4, drop=0.0).key(s + 0.4, drop=amount).key(e - 0.4, drop=amount).key(e + 0.4, drop=0.0)
        faults.append({"id": fid, "rep_index": None, "start_s": s, "end_s": e})
        holds = [{"side": NAME[down], "start_s": 0.0, "end_s": s},
                 {"side": NAME[down], "start_s": e, "end_s": duration}]
    else:
        holds = [{"side": NAME[down], "start_s": 0.0, "end_s": duration}]
    return ch, posed_by(tr, "drop", solver.solve), duration, [], holds, faults


def side_plank_variant_clip(shape: str, down: str, duration: float = 15.0, on_knee: bool = False,
                            dips: tuple | None = None):
    """Issue 9 variants, held for ``duration`` s from the first frame: ``knee`` (on_knee) and
    ``hip_dips``: dips = (n, drop_deg, start_s, (down_s, bottom_s, up_s, rest_s)), the hips
    lowered toward the floor and pushed up again on purpose. The side plank is held the whole
    time (the dips are part of it, not a fault) and every dip is a rep of the supporting side."""
    ch = Character(shape)
    solver = SidePlankSolver(ch, down, on_knee)
    tr = Track().key(0.0, drop=0.0)
    reps = []
    if dips:
        n, drop, start, tempo = dips
        reps = keyed_reps(tr, rep_plan(n, start, *tempo), [down] * n, name="drop", top=drop)
        for r in reps:
            r.pop("_peak")
    holds = [{"side": NAME[down], "start_s": 0.0, "end_s": duration}]
    return ch, posed_by(tr, "drop", solver.solve), duration, reps, holds, []
