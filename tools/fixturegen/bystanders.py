"""Other people in the picture (issue 9): a physiotherapist standing or kneeling by the mat and
gesturing, someone walking past behind it. Each returns a pose function person(t) -> (pose,
root rotation, translation) in the person's own place; the render adds the placement offset.

Their movements are slow sines with incommensurate periods, so no two gestures repeat in step
with the exerciser's reps."""
from __future__ import annotations

import numpy as np

from .character import ORIENT, Character
from .rig import rot

ANKLE_Z_M = 0.075        # ankle joint centre above the floor in a standing foot
KNEE_Z_M = 0.07          # knee joint centre above the floor when kneeling on it


def _wave(t: float, period_s: float, phase: float = 0.0) -> float:
    """0..1..0 smooth oscillation."""
    return 0.5 - 0.5 * np.cos(2 * np.pi * t / period_s + phase)


def _standing_height(ch: Character, pose: dict, R: np.ndarray) -> float:
    j = ch.joints(pose, R, np.zeros(3))
    return ANKLE_Z_M - min(j["foot.L"][2], j["foot.R"][2])


def standing_gesturing(ch: Character, facing_deg: float):
    """Stands, turns the head between the exerciser and the camera, and now and then raises the
    right forearm to point or demonstrate while the left hand rests at the side."""
    R = ORIENT["standing"] @ rot("z", facing_deg)
    z = _standing_height(ch, {}, R)

    def person(t: float):
        point = _wave(t, 5.3, 1.0)
        q = {"neck_turn": 30.0 * np.sin(2 * np.pi * t / 7.1), "neck_flex": 12.0,
             "shoulder_flex.R": 15.0 + 65.0 * point, "elbow_flex.R": 40.0 - 30.0 * point,
             "shoulder_abd.R": 10.0, "shoulder_abd.L": 8.0, "elbow_flex.L": 10.0,
             "spine_flex": 6.0 + 4.0 * _wave(t, 6.7)}
        return q, R, np.array([0.0, 0.0, z])

    return person


def kneeling_gesturing(ch: Character, facing_deg: float):
    """Kneels upright on both knees (shins flat on the floor behind), leans toward the exerciser
    and guides with both hands: the arms reach forward and down and come back, the head nods."""
    R = ORIENT["standing"] @ rot("z", facing_deg)
    base = {f"knee_flex.{s}": 90.0 for s in "LR"}
    base.update({f"ankle_flex.{s}": -40.0 for s in "LR"})
    base.update({f"hip_flex.{s}": 20.0 for s in "LR"})
    j = ch.joints(base, R, np.zeros(3))
    z = KNEE_Z_M - min(j["lowerleg.L"][2], j["lowerleg.R"][2])

    def person(t: float):
        reach = _wave(t, 4.7)
        q = dict(base)
        q.update({"spine_flex": 12.0 + 14.0 * reach, "neck_flex": 15.0 + 10.0 * _wave(t, 3.1),
                  "shoulder_flex.R": 35.0 + 40.0 * reach, "elbow_flex.R": 50.0 - 30.0 * reach,
                  "shoulder_flex.L": 25.0 + 30.0 * _wave(t, 6.1, 2.0), "elbow_flex.L": 60.0,
                  "shoulder_abd.L": 12.0, "shoulder_abd.R": 12.0})
        return q, R, np.array([0.0, 0.0, z])

    return person


def walking_across(ch: Character, start_x_m: float, speed_m_s: float, start_s: float,
                   stride_s: float = 1.1):
    """Walks along X at ``speed_m_s`` (negative: toward -X), starting at ``start_x_m`` at
    ``start_s``; before that it waits out of the picture. A plain gait: hips swing +-22 deg in
    opposition, the swinging knee bends, the arms swing against the legs; the lower foot is on
    the floor."""
    facing = 0.0 if speed_m_s < 0 else 180.0   # standing faces -X
    R = ORIENT["standing"] @ rot("z", facing)

    def person(t: float):
        s = max(t - start_s, 0.0)
        ph = 2 * np.pi * s / stride_s
        q = {"hip_flex.L": 22.0 * np.sin(ph), "hip_flex.R": -22.0 * np.sin(ph),
             "knee_flex.L": 5.0 + 40.0 * max(0.0, np.sin(ph + 1.2)),
             "knee_flex.R": 5.0 + 40.0 * max(0.0, np.sin(ph + 1.2 + np.pi)),
             "shoulder_flex.L": -18.0 * np.sin(ph), "shoulder_flex.R": 18.0 * np.sin(ph),
             "elbow_flex.L": 15.0, "elbow_flex.R": 15.0, "shoulder_abd.L": 5.0, "shoulder_abd.R": 5.0,
             "neck_flex": 5.0}
        return q, R, np.array([start_x_m + speed_m_s * s, 0.0, _standing_height(ch, q, R)])

    return person


BYSTANDERS = {"standing": standing_gesturing, "kneeling": kneeling_gesturing, "walking": walking_across}
