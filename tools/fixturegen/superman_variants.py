"""Superman variants (issue 9), prone, side view.

``reps``: the whole superman (superman.pose) lifted for 1-2 s and lowered, repeated: the
exercise files' "10 short lifts" form, each lift a rep.

``alternating`` (the "swimmer"): one arm and the opposite leg lift off the floor, with the
chest a little, and go down; then the other pair. Counted per side of the lifted leg, as the
bird dog and dead bug are. The body rests on its lowest point in every frame."""
from __future__ import annotations

from .character import ORIENT, Character, grounded
from .superman import pose as superman_pose
from .timeline import Track, keyed_reps, posed_by, rep_plan, side_at

OTHER = {"L": "R", "R": "L"}
SWIM = dict(arm_deg=16.0, leg_deg=16.0, chest_deg=8.0)   # lift of the pair and of the chest


def superman_reps_clip(shape: str, n_reps: int, lead_in=1.5, tempo=(1.0, 1.2, 1.0, 1.2), tail=1.5):
    ch = Character(shape)
    R = ORIENT["prone"]
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(n_reps, lead_in, *tempo)
    reps = keyed_reps(tr, plan)
    for r in reps:
        r.pop("_peak")
    person = posed_by(tr, "a", lambda a: grounded(ch, superman_pose(a), R))
    return ch, person, plan[-1][3] + tail, reps, [], []


def swimmer_pose(side: str, a: float) -> dict:
    """side: the lifted leg; the opposite arm lifts with it."""
    q = superman_pose(0.0)
    q[f"hip_flex.{side}"] = -SWIM["leg_deg"] * a
    q[f"shoulder_flex.{OTHER[side]}"] += SWIM["arm_deg"] * a
    q["spine_flex"] = -SWIM["chest_deg"] * a
    q["neck_flex"] = 2.0 * a
    return q


def superman_alternating_clip(shape: str, sides: str, lead_in=1.5, tempo=(1.0, 1.0, 1.0, 0.6), tail=1.5):
    """sides: e.g. 'LRLRLR', the lifted leg of each rep."""
    ch = Character(shape)
    R = ORIENT["prone"]
    tr = Track().key(0.0, a=0.0)
    plan = rep_plan(len(sides), lead_in, *tempo)
    reps = keyed_reps(tr, plan, list(sides))
    for r in reps:
        r.pop("_peak")
    cache = {}

    def person(t):
        side, a = side_at(plan, list(sides), t, linger_s=0.3), round(tr.at(t)["a"], 4)
        if (side, a) not in cache:
            cache[(side, a)] = grounded(ch, swimmer_pose(side, a), R)
        return cache[(side, a)]

    return ch, person, plan[-1][3] + tail, reps, [], []
