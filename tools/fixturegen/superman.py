"""Superman hold (prone, side view): lying on the belly with the arms stretched forward, the
arms, chest and legs lift a little off the floor, are held, and go down again. The lift is
spine extension plus hip extension with the head in line; the body rests on its lowest
point (the belly) in every frame."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .timeline import hold_track, posed_by

SPINE_EXT_DEG, HIP_EXT_DEG, ARM_LIFT_DEG = 20.0, 10.0, 6.0


def pose(a: float) -> dict:
    """a: 0 = lying flat, 1 = fully lifted."""
    q = {f"shoulder_flex.{s}": 168.0 + ARM_LIFT_DEG * a for s in "LR"}
    q.update({f"shoulder_abd.{s}": 10.0 for s in "LR"})
    q.update({f"hip_flex.{s}": -HIP_EXT_DEG * a for s in "LR"})
    q.update({f"hip_abd.{s}": 4.0 for s in "LR"})
    q.update({f"ankle_flex.{s}": -35.0 for s in "LR"})     # toes pointed
    q["spine_flex"] = -SPINE_EXT_DEG * a
    q["neck_flex"] = 4.0 * a                              # looking at the floor: head in line
    return q


def superman_clip(shape: str, hold_s: float = 12.0, lead_in=1.5, ramp=1.5, tail=1.5):
    ch = Character(shape)
    R = ORIENT["prone"]
    tr, top0, top1 = hold_track("a", lead_in, ramp, hold_s)
    holds = [{"side": None, "start_s": round(top0, 3), "end_s": round(top1, 3)}]

    def on_the_floor(a):
        q = pose(a)
        z = ch.mesh(q, R, np.zeros(3))[:, 2].min()
        return q, R, np.array([0.0, 0.0, -z])

    person = posed_by(tr, "a", on_the_floor)

    return ch, person, top1 + ramp + tail, [], holds, []
