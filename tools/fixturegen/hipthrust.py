"""Hip thrust (side view): upper back on a bench, feet flat, the hips drive up from near the floor
until shoulders, hips and knees form one level line, then lower. The rig has no bench: the shoulders
rest on an invisible one (its top at BENCH_Z_M), which still shows what the camera judges.

Per frame the pose is solved so that the shoulder joint stays on the bench edge, the camera-side
ankle stays planted and the signed shoulder-hip-knee angle (180 = straight line) equals the script.
Faults: ``over_arched_back`` (hips pushed past the line, the lumbar spine extended), and
``incomplete_hip_extension`` (the rep stops well short of the line)."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .bridge import SIDE, hip_angle
from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

BENCH_Z_M = 0.42         # shoulder joint height on the bench
BOTTOM_DEG = 105.0       # shoulder-hip-knee angle with the hips down (buttocks just off the floor)
ANKLE_Z_M = 0.08         # ankle joint above the floor with the foot flat


def pose(e: float, hf: float, kf: float, arch: float) -> dict:
    p = {f"hip_flex.{s}": hf for s in "LR"}
    p.update({f"knee_flex.{s}": kf for s in "LR"})
    p.update({f"ankle_flex.{s}": (e - hf + kf - 90.0) for s in "LR"})   # feet flat
    p.update({f"shoulder_abd.{s}": 80.0 for s in "LR"})               # arms out along the bench
    p.update({f"elbow_flex.{s}": 20.0 for s in "LR"})
    p.update({f"hip_abd.{s}": 6.0 for s in "LR"})
    p["lumbar_flex"] = -arch
    p["neck_flex"] = 20.0                                             # chin tucked, eyes forward
    return p


class HipThrustSolver:
    def __init__(self, ch: Character):
        self.ch = ch
        self.base = ORIENT["supine"]
        # the top position fixes the bench edge and the feet: trunk and thighs level, shins vertical
        top = pose(0.0, 0.0, 90.0, 0.0)
        j = ch.joints(top, self.base, np.zeros(3))
        lift = BENCH_Z_M - j[f"upperarm.{SIDE}"][2]
        self.S = j[f"upperarm.{SIDE}"] + np.array([0.0, 0.0, lift])
        self.A = j[f"foot.{SIDE}"] * np.array([1.0, 1.0, 0.0]) + np.array([0.0, 0.0, ANKLE_Z_M])
        self.x = np.array([0.0, 0.0, 90.0])

    def root(self, e: float) -> np.ndarray:
        return self.base @ rot("x", e)

    def solve(self, target: float, arch: float = 0.0):
        def placed(x):
            e, hf, kf = x
            R = self.root(e)
            j = self.ch.joints(pose(e, hf, kf, arch), R, np.zeros(3))
            return R, j, self.S - j[f"upperarm.{SIDE}"]

        def resid(x):
            R, j, t = placed(x)
            ank = j[f"foot.{SIDE}"] + t
            return [(ank[0] - self.A[0]) * 50, (ank[2] - self.A[2]) * 50, (hip_angle(j, R) - target) * 0.2]
        self.x = least_squares(resid, self.x, xtol=1e-7).x
        R, j, t = placed(self.x)
        return pose(*self.x, arch), R, t


def hip_thrust_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.6, 0.8, 1.6, 0.8), tail=1.5):
    """reps_spec: [{'top': angle, 'faults': [...]}] as for the bridge."""
    ch = Character(shape)
    solver = HipThrustSolver(ch)
    tr = Track().key(0.0, ang=BOTTOM_DEG, arch=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        arch = max(0.0, spec["top"] - 182.0) * 0.8
        tr.key(s, ang=BOTTOM_DEG, arch=0.0).key(ts, ang=spec["top"], arch=arch)
        tr.key(te, ang=spec["top"], arch=arch).key(e, ang=BOTTOM_DEG, arch=0.0)
        reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": float(spec["top"]), "faults": list(spec.get("faults", []))})
        for f in spec.get("faults", []):
            faults.append({"id": f, "rep_index": i, "start_s": round(ts - 0.3, 3), "end_s": round(te + 0.3, 3)})
    cache = {}

    def person(t):
        v = tr.at(t)
        key = (round(v["ang"], 3), round(v["arch"], 3))
        if key not in cache:
            cache[key] = solver.solve(*key)
        return cache[key]

    return ch, person, plan[-1][3] + tail, reps, [], faults
