"""Two supine exercises from the guides' programme (side view, lying on the back, knees bent, feet
flat): knee-to-chest (one knee pulled toward the chest with both hands, as reps or held as a
stretch) and lying (supine) marching (one foot lifted until hip and knee are at 90 degrees, put down,
then the other). The body rests on its lowest point in every frame.

Fault ``back_arching`` (marching): the pelvis tips forward and the lumbar spine extends as the knee
lifts, as in the dead bug's lower back lifting."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .timeline import Track, rep_plan

NAME = {"L": "left", "R": "right"}
REST = dict(hip=50.0, knee=100.0)
CHEST = dict(hip=122.0, knee=128.0)      # knee pulled to the chest
MARCH = dict(hip=90.0, knee=90.0)        # tabletop: hip and knee at 90 degrees
ARCH_TILT_DEG = 16.0


def rest_pose() -> dict:
    q = {f"hip_flex.{s}": REST["hip"] for s in "LR"}
    q.update({f"knee_flex.{s}": REST["knee"] for s in "LR"})
    q.update({f"ankle_flex.{s}": -REST["hip"] + REST["knee"] - 90.0 for s in "LR"})   # feet flat
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 12.0 for s in "LR"})     # arms on the floor beside the body
    q["neck_flex"] = 8.0
    return q


def _leg(q: dict, side: str, a: float, target: dict, hands: bool) -> None:
    hip = REST["hip"] + a * (target["hip"] - REST["hip"])
    knee = REST["knee"] + a * (target["knee"] - REST["knee"])
    q[f"hip_flex.{side}"], q[f"knee_flex.{side}"] = hip, knee
    q[f"ankle_flex.{side}"] = (-hip + knee - 90.0) * (1 - a) - 10.0 * a   # the lifted foot relaxes
    if hands:   # both hands reach to the shin
        for s in "LR":
            q[f"shoulder_flex.{s}"] = 62.0 * a
            q[f"elbow_flex.{s}"] = 75.0 * a
            q[f"shoulder_abd.{s}"] = 12.0 + 6.0 * a


def supine_clip(shape: str, reps_spec: list[dict], target: dict, hands: bool, lead_in=1.5,
                tempo=(1.6, 0.8, 1.6, 0.8), tail=1.5, hold_s: float | None = None):
    """reps_spec: [{'side': 'L'|'R', 'faults': [...]}]; the leg on ``side`` moves. With ``hold_s`` every
    top is held that long: the stretch (the truth is then holds per side, not reps)."""
    ch = Character(shape)
    R = ORIENT["supine"]
    if hold_s is not None:
        tempo = (tempo[0], hold_s, tempo[2], 1.5)
    tr = Track().key(0.0, a=0.0, tilt=0.0)
    plan = rep_plan(len(reps_spec), lead_in, *tempo)
    reps, holds, faults, sides = [], [], [], []
    for i, ((s, ts, te, e), spec) in enumerate(zip(plan, reps_spec)):
        f = list(spec.get("faults", []))
        tilt = ARCH_TILT_DEG if "back_arching" in f else 0.0
        tr.key(s, a=0.0, tilt=0.0).key(ts, a=1.0, tilt=tilt).key(te, a=1.0, tilt=tilt).key(e, a=0.0, tilt=0.0)
        sides.append((s, e, spec["side"]))
        if hold_s is None:
            reps.append({"index": i, "side": NAME[spec["side"]], "start_s": round(s, 3), "end_s": round(e, 3),
                         "top_angle_deg": None, "faults": f})
        else:
            holds.append({"side": NAME[spec["side"]], "start_s": round(ts, 3), "end_s": round(te, 3)})
        for fid in f:
            faults.append({"id": fid, "rep_index": i, "start_s": round(ts - 0.5, 3), "end_s": round(te + 0.5, 3)})
    cache = {}

    def person(t):
        v = tr.at(t)
        side = next((sd for s, e, sd in sides if s - 0.01 <= t <= e + 0.3), "L")
        key = (side, round(v["a"], 4), round(v["tilt"], 3))
        if key not in cache:
            q = rest_pose()
            _leg(q, side, v["a"], target, hands)
            if v["tilt"]:   # the pelvis tips and the lower back arches; the legs keep their place
                q["pelvis_tilt"] = v["tilt"]
                q["pelvis_isolated"] = True
                q["lumbar_flex"] = -0.5 * v["tilt"]
                q.update({f"leg_world.{s}": True for s in "LR"})
            z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
            cache[key] = (q, R, np.array([0.0, 0.0, -z]))
        return cache[key]

    for r in reps:   # scripted truth: the moving side's shoulder-hip-knee angle at the top
        r["top_angle_deg"] = round(180.0 - target["hip"], 1)
    return ch, person, plan[-1][3] + tail, reps, holds, faults


def knee_to_chest_clip(shape: str, reps_spec: list[dict], hold_s: float | None = None):
    return supine_clip(shape, reps_spec, CHEST, hands=True, hold_s=hold_s)


def lying_marching_clip(shape: str, reps_spec: list[dict]):
    return supine_clip(shape, reps_spec, MARCH, hands=False, tempo=(1.5, 0.6, 1.5, 0.7))
