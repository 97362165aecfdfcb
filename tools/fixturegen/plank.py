"""Forearm plank hold (prone, side view): the body pitch and height are solved per frame so
that the forearms and toes stay on the floor while the hips sag or pike on script."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, posed_by

SIDE = "L"  # prone orientation shows the body's left side to the side camera


class PlankSolver:
    def __init__(self, ch: Character):
        self.ch = ch
        self.x = np.array([-10.0, 0.4])

    def pose(self, p, hip):
        q = {f"shoulder_flex.{s}": 90.0 + p for s in "LR"}
        q.update({f"elbow_flex.{s}": 90.0 for s in "LR"})
        q.update({f"shoulder_abd.{s}": 8.0 for s in "LR"})
        q.update({f"hip_flex.{s}": hip for s in "LR"})
        q.update({f"hip_abd.{s}": 3.0 for s in "LR"})
        q.update({f"ankle_flex.{s}": -20.0 for s in "LR"})
        q["lumbar_flex"] = min(hip, 0.0) * 0.6
        q["neck_flex"] = -5.0
        return q

    def solve(self, hip: float):
        def place(x):
            p, tz = x
            R = ORIENT["prone"] @ rot("x", p)
            j = self.ch.joints(self.pose(p, hip), R, np.array([0.0, 0.0, tz]))
            return R, j

        def resid(x):
            _, j = place(x)
            return [(j[f"lowerarm.{SIDE}"][2] - 0.07) * 50, (j[f"toes.{SIDE}"][2] - 0.03) * 50]
        self.x = least_squares(resid, self.x, xtol=1e-7).x
        R, j = place(self.x)
        t = np.array([-0.5 * (j["lowerarm.L"][0] + j["toes.L"][0]), 0.0, self.x[1]])
        return self.pose(self.x[0], hip), R, t


def plank_clip(shape: str, duration: float = 20.0, fault: tuple | None = None):
    """fault: (fault_id, hip_flex_deg at the worst, start_s, end_s)."""
    ch = Character(shape)
    solver = PlankSolver(ch)
    tr = Track().key(0.0, hip=0.0)
    faults, holds = [], []
    if fault:
        fid, amount, s, e = fault
        tr.key(s - 0.4, hip=0.0).key(s + 0.4, hip=amount).key(e - 0.4, hip=amount).key(e + 0.4, hip=0.0)
        faults.append({"id": fid, "rep_index": None, "start_s": s, "end_s": e})
        holds = [{"side": None, "start_s": 0.0, "end_s": s}, {"side": None, "start_s": e, "end_s": duration}]
    else:
        holds = [{"side": None, "start_s": 0.0, "end_s": duration}]
    return ch, posed_by(tr, "hip", solver.solve), duration, [], holds, faults
