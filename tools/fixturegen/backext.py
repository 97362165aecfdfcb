"""Back extension lying on the belly (side view): arms along the body, legs on the floor; the chest
lifts a little off the floor by extending the back, the head in line, and lowers again. The body
rests on its lowest point in every frame.

Fault ``over_extension``: the chest is lifted much higher, the lower back extended far past what the
exercise asks (and the head tipped back with it)."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .timeline import Track, rep_plan

LIFT_DEG = 26.0          # spine extension at the top of a clean rep
OVER_DEG = 62.0          # ... and of an over-extended one


def pose(ext: float, neck: float) -> dict:
    q = {f"shoulder_abd.{s}": 8.0 for s in "LR"}          # arms along the body, palms down
    q.update({f"shoulder_flex.{s}": -8.0 - 0.7 * ext for s in "LR"})   # the hands lift with the chest
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -35.0 for s in "LR"})    # toes pointed
    q["spine_flex"] = -ext
    q["neck_flex"] = neck
    return q


def back_extension_clip(shape: str, reps_spec: list[dict], lead_in=1.5, tempo=(1.5, 0.8, 1.5, 0.9), tail=1.5):
    """reps_spec: [{'faults': [...]}], faults among over_extension."""
    ch = Character(shape)
    R = ORIENT["prone"]
    arms = {ch.body.bone(f"{b}.{s}") for b in ("upperarm", "lowerarm", "hand") for s in "LR"}
    body = ~np.isin(ch.body.w_idx[:, 0], list(arms))   # the trunk and legs rest on the floor
    tr = Track().key(0.0, ext=0.0, neck=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, faults = [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = list(spec.get("faults", []))
        ext, neck = (OVER_DEG, -15.0) if "over_extension" in f else (LIFT_DEG, 6.0)
        tr.key(s, ext=0.0, neck=0.0).key(ts, ext=ext, neck=neck).key(te, ext=ext, neck=neck).key(e, ext=0.0, neck=0.0)
        reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": None, "faults": f})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.3, 3), "end_s": round(te + 0.3, 3)})
    cache = {}

    def person(t):
        v = tr.at(t)
        key = (round(v["ext"], 3), round(v["neck"], 3))
        if key not in cache:
            q = pose(*key)
            z = ch.mesh(q, R, np.zeros(3))[body, 2].min()
            cache[key] = (q, R, np.array([0.0, 0.0, -z]))
        return cache[key]

    return ch, person, plan[-1][3] + tail, reps, [], faults
