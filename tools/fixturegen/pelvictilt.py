"""Standing pelvic tilt (side view): from a relaxed stance (pelvis tipped forward, a little
hip flexion, lumbar hollow) the pelvis tilts back: the hips come forward and the lumbar
curve flattens. A small movement: the shoulder-hip-knee angle opens by about 9 degrees.
The feet stay planted: per frame the body is moved so that the ankles keep their place and
the lowest point touches the floor."""
from __future__ import annotations

import numpy as np

from .bridge import hip_angle
from .character import ORIENT, Character
from .rig import rot
from .timeline import Track, rep_plan

SIDE = "L"                       # standing facing -X shows the body's left side to the camera
# The shoulder-hip-knee angle is about 180 - hip_flex - lumbar_flex whatever the lean, so the
# opening has to come from the hips (and lumbar curve), the lean only keeps the feet under.
# relaxed: pelvis tipped forward, hips ~4 cm behind the ankles, hollow back
NEUTRAL = dict(hip=10.0, lean=7.0, lumbar=-4.0)
# posterior tilt: pelvis upright, hips ~4 cm ahead of the ankles, lumbar curve flattened
TILTED = dict(hip=-2.0, lean=1.0, lumbar=3.0)


def pose(a: float):
    v = {k: NEUTRAL[k] + a * (TILTED[k] - NEUTRAL[k]) for k in NEUTRAL}
    q = {f"hip_flex.{s}": v["hip"] for s in "LR"}
    q.update({f"hip_abd.{s}": 3.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 6.0 for s in "LR"})
    q.update({f"elbow_flex.{s}": 8.0 for s in "LR"})
    q["lumbar_flex"] = v["lumbar"]
    # the whole body leans forward by `lean` about the pelvis; with the hip flexed by `hip`
    # the legs tilt by lean - hip, i.e. the hips sit a little behind or ahead of the ankles
    return q, ORIENT["standing"] @ rot("x", v["lean"])


def pelvic_tilt_clip(shape: str, n_reps: int, lead_in=1.5, tempo=(1.2, 0.8, 1.2, 0.8), tail=1.5):
    ch = Character(shape)
    q0, R0 = pose(0.0)
    j0 = ch.joints(q0, R0, np.zeros(3))
    ankle_x0 = 0.5 * (j0["foot.L"][0] + j0["foot.R"][0])
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(n_reps, lead_in, *tempo)
    reps = []
    for i, (s, ts, te, e) in enumerate(plan):
        tr.key(s, a=0.0).key(ts, a=1.0).key(te, a=1.0).key(e, a=0.0)
        reps.append({"index": i, "side": None, "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": None, "faults": [], "_peak": (ts + te) / 2})
    cache = {}

    def person(t):
        a = round(tr.at(t)["a"], 4)
        if a not in cache:
            q, R = pose(a)
            j = ch.joints(q, R, np.zeros(3))
            z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
            dx = ankle_x0 - 0.5 * (j["foot.L"][0] + j["foot.R"][0])
            cache[a] = (q, R, np.array([dx, 0.0, -z]))
        return cache[a]

    for r in reps:  # scripted truth: camera-side shoulder-hip-knee angle at the top (tilted)
        q, R, tt = person(r.pop("_peak"))
        r["top_angle_deg"] = round(hip_angle(ch.joints(q, R, tt), R, SIDE), 1)
    return ch, person, plan[-1][3] + tail, reps, [], []
