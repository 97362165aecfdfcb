"""Anatomical poses -> local bone rotations.

Angles are degrees in the body's canonical axes (x body-left, y back, z up), measured from a
neutral standing pose with arms hanging straight at the sides and legs straight down.
Sign conventions (positive value):
  spine_flex / lumbar_flex / neck_flex: bend forward;  hip_flex: thigh forward;
  knee_flex: shank backward;  shoulder_flex: arm forward/up (180 = overhead);
  elbow_flex: forearm forward;  *_abd: limb away from the midline;
  pelvis_roll: left hip drops (rotation about the long axis, +z);  spine_twist: about z.
"""
from __future__ import annotations



import numpy as np

from .body import Body
from .rig import euler, rot

DOWN = np.array([0.0, 0.0, -1.0])
LIMBS = {"upperarm": DOWN, "lowerarm": DOWN, "hand": DOWN, "upperleg": DOWN, "lowerleg": DOWN}
SPINE = {"spine04": 0.3, "spine03": 0.3, "spine02": 0.2, "spine01": 0.2}
LUMBAR = {"spine04": 0.5, "spine03": 0.5}


def align(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smallest rotation taking direction a to direction b."""
    a = a / np.linalg.norm(a)
    b = b / np.linalg.norm(b)
    v = np.cross(a, b)
    c = float(a @ b)
    if np.linalg.norm(v) < 1e-9:
        return np.eye(3)
    K = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + K + K @ K / (1 + c)


def axis_angle(axis: np.ndarray, deg: float) -> np.ndarray:
    axis = axis / np.linalg.norm(axis)
    K = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    a = np.radians(deg)
    return np.eye(3) + np.sin(a) * K + (1 - np.cos(a)) * K @ K




def neutral_globals(body: Body) -> np.ndarray:
    """G0: global rotation of each bone in the neutral pose (limbs straight down)."""
    G0 = np.tile(np.eye(3), (len(body.bone_names), 1, 1))
    for b, name in enumerate(body.bone_names):
        base = name.split(".")[0]
        if base in LIMBS:
            G0[b] = align(body.tail[b] - body.head[b], LIMBS[base])
        elif body.parent[b] >= 0 and base in ("foot", "toes"):
            G0[b] = G0[body.parent[b]]
    return G0


def _sided(p: dict, key: str, side: str) -> float:
    return float(p.get(f"{key}.{side}", 0.0))


def anatomical(body: Body, p: dict) -> dict[str, np.ndarray]:
    """Anatomical angle dict -> per-bone rotation A (canonical axes, relative to the parent)."""
    A: dict[str, np.ndarray] = {}
    pelvis = euler(p.get("pelvis_tilt", 0.0), -p.get("pelvis_roll", 0.0), p.get("pelvis_rot", 0.0))
    A["pelvis"] = pelvis
    for bone in SPINE:
        A[bone] = euler(p.get("spine_flex", 0.0) * SPINE[bone]
                        + p.get("lumbar_flex", 0.0) * LUMBAR.get(bone, 0.0),
                        p.get("spine_bend", 0.0) * SPINE[bone],
                        p.get("spine_twist", 0.0) * SPINE[bone])
    A["spine04"] = pelvis.T @ A["spine04"] if p.get("pelvis_isolated") else A["spine04"]
    A["neck"] = euler(p.get("neck_flex", 0.0) * 0.6, 0, p.get("neck_turn", 0.0) * 0.5)
    A["head"] = euler(p.get("neck_flex", 0.0) * 0.4, 0, p.get("neck_turn", 0.0) * 0.5)
    for s, sg in (("L", -1.0), ("R", 1.0)):
        A[f"upperleg.{s}"] = (rot("z", -sg * _sided(p, "hip_rot", s))
                              @ rot("y", sg * _sided(p, "hip_abd", s))
                              @ rot("x", -_sided(p, "hip_flex", s)))
        if p.get(f"leg_world.{s}"):
            A[f"upperleg.{s}"] = pelvis.T @ A[f"upperleg.{s}"]
        A[f"lowerleg.{s}"] = rot("x", _sided(p, "knee_flex", s))
        A[f"foot.{s}"] = rot("x", -_sided(p, "ankle_flex", s))
        A[f"upperarm.{s}"] = (rot("x", -_sided(p, "shoulder_flex", s))
                              @ rot("y", sg * _sided(p, "shoulder_abd", s)))
        A[f"lowerarm.{s}"] = rot("x", -_sided(p, "elbow_flex", s))
        A[f"hand.{s}"] = rot("x", -_sided(p, "wrist_flex", s))
    extra = p.get("extra_rot", {})
    for bone, R in extra.items():
        A[bone] = R @ A.get(bone, np.eye(3))
    return A


def local_rotations(body: Body, G0: np.ndarray, A: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """L_b = G0_parent^T A_b G0_b, so that A acts in the parent's neutral canonical frame."""
    out = {}
    for b, name in enumerate(body.bone_names):
        p = body.parent[b]
        Gp = G0[p] if p >= 0 else np.eye(3)
        out[name] = Gp.T @ A.get(name, np.eye(3)) @ G0[b]
    return out
