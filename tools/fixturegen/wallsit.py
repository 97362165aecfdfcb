"""Wall sit (side view): back against a wall, thighs level, knees at 90 degrees, held. The rig has no
wall: the back rests against an invisible one, which still shows what the camera judges (legs and
trunk). The body starts in the sit (as the real clip does).

Faults are stretches of the hold: ``knees_not_bent_enough`` (sitting too high, knees at about 125),
``knees_too_deep`` (thighs below level, knees at about 65) and ``back_off_wall`` (trunk leaning forward
30 degrees). Between them the person returns to good form."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .rig import rot
from .timeline import Track

GOOD = dict(hip=90.0, knee=90.0, lean=0.0)
FAULTS = {
    "knees_not_bent_enough": dict(hip=55.0, knee=55.0, lean=0.0),
    "knees_too_deep": dict(hip=112.0, knee=115.0, lean=0.0),
    "back_off_wall": dict(hip=90.0, knee=90.0, lean=30.0),
}
RAMP_S = 0.5              # moving into or out of a fault: not holding still, so not part of any hold


def pose(hip: float, knee: float, lean: float):
    """Trunk upright (or leaning forward by ``lean``), thighs ``hip`` from vertical, shins tilted by
    hip - knee, feet flat."""
    q = {f"hip_flex.{s}": hip + lean for s in "LR"}
    q.update({f"knee_flex.{s}": knee for s in "LR"})
    q.update({f"ankle_flex.{s}": knee - hip for s in "LR"})
    q.update({f"hip_abd.{s}": 6.0 for s in "LR"})
    q.update({f"shoulder_abd.{s}": 8.0 for s in "LR"})      # arms hang by the sides
    q.update({f"elbow_flex.{s}": 10.0 for s in "LR"})
    q["neck_flex"] = 2.0
    return q, ORIENT["standing"] @ rot("x", lean)


def wall_sit_clip(shape: str, spans: list[tuple[str, float, float]], duration: float):
    """spans: [(fault_id, start_s, end_s)] with good form outside them. The moves into and out of a fault
    are centred on the span's ends and belong to no hold (the hold is timed only while held still)."""
    ch = Character(shape)
    tr = Track().key(0.0, **GOOD)
    holds, faults, t_good = [], [], 0.0
    for fid, s, e in spans:
        tr.key(s - RAMP_S / 2, **GOOD).key(s + RAMP_S / 2, **FAULTS[fid])
        tr.key(e - RAMP_S / 2, **FAULTS[fid]).key(e + RAMP_S / 2, **GOOD)
        holds.append({"side": None, "start_s": t_good, "end_s": s - RAMP_S / 2})
        faults.append({"id": fid, "rep_index": None, "start_s": s, "end_s": e})
        t_good = e + RAMP_S / 2
    holds.append({"side": None, "start_s": t_good, "end_s": duration})
    ankle_x = None
    cache = {}

    def person(t):
        nonlocal ankle_x
        v = tr.at(t)
        key = tuple(round(v[k], 3) for k in ("hip", "knee", "lean"))
        if key not in cache:
            q, R = pose(*key)
            j = ch.joints(q, R, np.zeros(3))
            z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
            ax = 0.5 * (j["foot.L"][0] + j["foot.R"][0])
            if ankle_x is None:
                ankle_x = ax
            cache[key] = (q, R, np.array([ankle_x - ax, 0.0, -z]))   # the feet stay where they are
        return cache[key]

    person(0.0)
    return ch, person, duration, [], holds, faults
