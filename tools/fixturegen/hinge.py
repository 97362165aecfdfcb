"""Romanian deadlift (standing hip hinge, side view): from standing, the trunk tips forward at the hips
with soft knees until it is about 70 degrees from upright, then comes back up. No bar is rendered
(the rig has no props); the hands hang where a bar would be.

The feet stay planted (ankles fixed, the lowest point on the floor) and the body keeps its balance:
per frame the thighs tilt so that the body's centre of mass (mean of the mesh vertices) stays over
the middle of the foot, which is what pushes the hips back in a real hinge.

Faults:
- ``rounded_back``: part of the forward lean comes from the spine instead of the hips (lumbar and
  thoracic flexion, the pelvis tipping less), the head following the upper back.
- ``knees_locked`` / ``knees_bent_too_far``: the knees straight through the rep, or bent like a squat.
- ``bar_drifting``: the arms swing forward, away from the legs, at the bottom."""
from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

SIDE = "L"                  # standing facing -X shows the body's left side to the camera
LEAN_DEG = 72.0             # pelvis tipped forward at the bottom of a clean rep
SOFT_KNEE_DEG = (8.0, 20.0)  # knee flexion standing, at the bottom
ROUND = dict(lumbar=25.0, spine=40.0, pelvis=-38.0)  # a rounded rep at the bottom
DRIFT_DEG = 42.0            # arms swung forward at the bottom, away from the legs
ARMS_BACK_DEG = 8.0         # clean: arms a little back of vertical at the bottom, against the legs
LOCKED_KNEE_DEG = 0.0
BENT_KNEE_DEG = 58.0
MIDFOOT_M = 0.05            # balance point ahead of the ankle joint
# segment masses (share of body mass, Dempster via Winter) between rig joints: (from, to, share)
SEGMENTS = [("spine04", "neck", 0.497), ("neck", "head", 0.081)] + [
    seg for s in "LR" for seg in ((f"upperarm.{s}", f"lowerarm.{s}", 0.028), (f"lowerarm.{s}", f"hand.{s}", 0.016),
                                  (f"hand.{s}", f"hand.{s}", 0.006), (f"upperleg.{s}", f"lowerleg.{s}", 0.100),
                                  (f"lowerleg.{s}", f"foot.{s}", 0.0465), (f"foot.{s}", f"toes.{s}", 0.0145))]


def centre_of_mass(j: dict) -> np.ndarray:
    """Mass-weighted mean of the segment midpoints (the mesh's vertices are far denser on the head)."""
    tot = sum(m for _, _, m in SEGMENTS)
    return sum(m * 0.5 * (j[a] + j[b]) for a, b, m in SEGMENTS) / tot


class HingeSolver:
    def __init__(self, ch: Character):
        self.ch = ch
        self.cache: dict = {}

    def pose(self, a: float, knee: float, rnd: float, drift: float, neck: float, beta: float):
        """a: hinge depth 0..1; knee: flexion; rnd: 0..1 share of a rounded back; beta: thigh tilt."""
        pelvis = LEAN_DEG * a + ROUND["pelvis"] * rnd * a
        lum, sp = ROUND["lumbar"] * rnd * a, ROUND["spine"] * rnd * a
        q = {f"hip_flex.{s}": pelvis + beta for s in "LR"}
        q.update({f"knee_flex.{s}": knee for s in "LR"})
        q.update({f"ankle_flex.{s}": knee - beta for s in "LR"})   # feet flat on the floor
        q.update({f"hip_abd.{s}": 3.0 for s in "LR"})
        # the arms hang a little back of vertical (the bar slides down the legs), or drift forward
        q.update({f"shoulder_flex.{s}": pelvis + lum + sp - ARMS_BACK_DEG * a + drift for s in "LR"})
        q.update({f"shoulder_abd.{s}": 4.0 for s in "LR"})
        q.update({f"elbow_flex.{s}": 5.0 for s in "LR"})
        q["lumbar_flex"], q["spine_flex"] = lum, sp
        q["neck_flex"] = neck
        return q, ORIENT["standing"] @ rot("x", pelvis)

    def solve(self, a: float, knee: float, rnd: float, drift: float, neck: float):
        key = tuple(round(x, 4) for x in (a, knee, rnd, drift, neck))
        if key in self.cache:
            return self.cache[key]

        def off_balance(beta):
            q, R = self.pose(a, knee, rnd, drift, neck, beta)
            j = self.ch.joints(q, R, np.zeros(3))
            ankle = 0.5 * (j["foot.L"] + j["foot.R"])
            return centre_of_mass(j)[0] - (ankle[0] - MIDFOOT_M)   # facing -X: the midfoot is at lower x
        beta = brentq(off_balance, -60.0, 80.0, xtol=1e-3)
        q, R = self.pose(a, knee, rnd, drift, neck, beta)
        v = self.ch.mesh(q, R, np.zeros(3))
        j = self.ch.joints(q, R, np.zeros(3))
        ankle = 0.5 * (j["foot.L"] + j["foot.R"])
        t = np.array([-ankle[0], 0.0, -v[:, 2].min()])          # ankles at x = 0, lowest point on the floor
        self.cache[key] = (q, R, t)
        return self.cache[key]


def hinge_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.8, 0.7, 1.6, 1.0), tail=1.5,
               neck_deg: float = -8.0):
    """reps_spec: [{'faults': [...]}] with faults among rounded_back, knees_locked,
    knees_bent_too_far, bar_drifting. neck_deg: the head's flexion (negative: looking ahead)."""
    ch = Character(shape)
    solver = HingeSolver(ch)
    k0, k1 = SOFT_KNEE_DEG
    tr = Track().key(0.0, a=0.0, knee=k0, rnd=0.0, drift=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = list(spec.get("faults", []))
        knee = LOCKED_KNEE_DEG if "knees_locked" in f else BENT_KNEE_DEG if "knees_bent_too_far" in f else k1
        knee0 = LOCKED_KNEE_DEG if "knees_locked" in f else k0
        rnd = 1.0 if "rounded_back" in f else 0.0
        drift = DRIFT_DEG if "bar_drifting" in f else 0.0
        tr.key(s, a=0.0, knee=knee0, rnd=rnd, drift=0.0).key(ts, a=1.0, knee=knee, rnd=rnd, drift=drift)
        tr.key(te, a=1.0, knee=knee, rnd=rnd, drift=drift).key(e, a=0.0, knee=knee0, rnd=rnd, drift=0.0)
        # back to the clean settings while standing between reps
        tr.key(e + 0.45 * tempo[3], a=0.0, knee=k0, rnd=0.0, drift=0.0)
        reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": None, "faults": f, "_peak": (ts + te) / 2})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.5, 3), "end_s": round(te + 0.5, 3)})

    def person(t):
        v = tr.at(t)
        return solver.solve(v["a"], v["knee"], v["rnd"], v["drift"], neck_deg)

    for r in reps:  # scripted truth: camera-side shoulder-hip-knee angle at the bottom (unsigned)
        q, R, tt = person(r.pop("_peak"))
        j = ch.joints(q, R, tt)
        u, w = j[f"upperarm.{SIDE}"] - j[f"upperleg.{SIDE}"], j[f"lowerleg.{SIDE}"] - j[f"upperleg.{SIDE}"]
        r["top_angle_deg"] = round(float(np.degrees(np.arccos(u @ w / np.linalg.norm(u) / np.linalg.norm(w)))), 1)
    return ch, person, plan[-1][3] + tail, reps, [], faults
