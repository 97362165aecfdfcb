"""Glute bridge scripts: supine, feet planted, hips raised to a scripted shoulder-hip-knee angle.

The pose is solved per frame: trunk pitch, hip and knee flexion such that the camera-side
ankle stays planted, the shoulder joint stays on the floor and the shoulder-hip-knee angle
(signed, in the sagittal plane, 180 = straight line) equals the script."""
from __future__ import annotations

import numpy as np
from scipy.optimize import least_squares

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

SIDE = "R"  # supine orientation shows the body's right side to the side camera


def hip_angle(j: dict, R_root: np.ndarray, side: str = SIDE) -> float:
    """Signed shoulder-hip-knee angle in the sagittal plane (180 = straight, >180 extended)."""
    s, h, k = j[f"upperarm.{side}"], j[f"upperleg.{side}"], j[f"lowerleg.{side}"]
    a = R_root @ np.array([1.0, 0, 0])
    u, v = s - h, k - h
    u, v = u - a * (u @ a), v - a * (v @ a)
    ang = np.degrees(np.arctan2(a @ np.cross(u, v), u @ v))
    return float(ang % 360)


class BridgeSolver:
    def __init__(self, ch: Character, start_hip=50.0, start_knee=100.0):
        self.ch = ch
        self.base = ORIENT["supine"]
        p0 = self.pose(0.0, start_hip, start_knee, 0.0)
        j = ch.joints(p0, self.root(0.0), np.zeros(3))
        self.S0 = j[f"upperarm.{SIDE}"].copy()
        self.A0 = j[f"foot.{SIDE}"].copy()
        self.x = np.array([0.0, start_hip, start_knee])
        self.lift = 0.095 - min(self.S0[2], j["upperleg.R"][2])  # joints above the floor

    def root(self, e):
        return self.base @ rot("x", e)

    def pose(self, e, hf, kf, arch):
        p = {f"hip_flex.{s}": hf for s in "LR"}
        p.update({f"knee_flex.{s}": kf for s in "LR"})
        p.update({f"ankle_flex.{s}": (e - hf + kf - 90.0) for s in "LR"})
        p.update({f"shoulder_flex.{s}": e for s in "LR"})
        p.update({f"shoulder_abd.{s}": 12.0 for s in "LR"})
        p.update({f"hip_abd.{s}": 4.0 for s in "LR"})
        p["lumbar_flex"] = -arch
        p["neck_flex"] = 8.0
        return p

    def solve(self, target_angle: float, arch: float = 0.0):
        def resid(x):
            e, hf, kf = x
            p = self.pose(e, hf, kf, arch)
            R = self.root(e)
            j = self.ch.joints(p, R, np.zeros(3))
            t = self.S0 - j[f"upperarm.{SIDE}"]
            ank = j[f"foot.{SIDE}"] + t
            return [(ank[0] - self.A0[0]) * 50, (ank[2] - self.A0[2]) * 50,
                    (hip_angle(j, R) - target_angle) * 0.2]
        r = least_squares(resid, self.x, xtol=1e-6)
        self.x = r.x
        e, hf, kf = r.x
        p = self.pose(e, hf, kf, arch)
        R = self.root(e)
        j = self.ch.joints(p, R, np.zeros(3))
        t = self.S0 - j[f"upperarm.{SIDE}"] + np.array([0, 0, self.lift])
        return p, R, t


def bridge_clip(shape: str, reps_spec: list[dict], hold: tuple | None = None, lead_in=1.5,
                tempo=(1.5, 0.8, 1.5, 0.8), tail=1.5):
    """reps_spec: [{'top': angle, 'faults': [...]}]. hold: (top_angle, seconds) for a hold set."""
    ch = Character(shape)
    solver = BridgeSolver(ch)
    start_angle = hip_angle(ch.joints(solver.pose(0, 50, 100, 0), solver.root(0), np.zeros(3)),
                            solver.root(0))
    tr = Track().key(0.0, ang=start_angle, arch=0.0)
    reps, holds, faults = [], [], []
    if hold is None:
        plan = rep_plan(len(reps_spec), lead_in, *tempo)
        for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
            # lumbar extension at the top: with the hips past the line unless the rep names its own
            # (issue 11: an arched back with the hips on the line; negative = the lower back flattened)
            arch = spec.get("arch", max(0.0, spec["top"] - 182.0) * 0.8)
            tr.key(s, ang=start_angle, arch=0.0).key(ts, ang=spec["top"], arch=arch)
            tr.key(te, ang=spec["top"], arch=arch).key(e, ang=start_angle, arch=0.0)
            reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                         "top_angle_deg": float(spec["top"]), "faults": list(spec.get("faults", []))})
            for f in spec.get("faults", []):
                faults.append({"id": f, "rep_index": i, "start_s": round(ts - 0.3, 3),
                               "end_s": round(te + 0.3, 3)})
        duration = plan[-1][3] + tail
    else:
        top, secs = hold
        up0 = lead_in
        tr.key(up0, ang=start_angle).key(up0 + 1.5, ang=top).key(up0 + 1.5 + secs, ang=top)
        tr.key(up0 + 3.0 + secs, ang=start_angle)
        holds.append({"side": None, "start_s": round(up0 + 1.5, 3), "end_s": round(up0 + 1.5 + secs, 3)})
        duration = up0 + 3.0 + secs + tail

    def person(t):
        v = tr.at(t)
        return solver.solve(v["ang"], v.get("arch", 0.0))

    return ch, person, duration, reps, holds, faults
