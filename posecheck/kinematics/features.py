"""Evaluates an exercise's named features on landmark arrays. Numpy core: no Qt, mediapipe or cv2.

Works on a whole recording at once, (T, 33, 3), so recordings are measured with a few numpy calls
instead of a Python loop per frame; live analysis calls the same functions with T = 1, which is why
batch and streaming give identical numbers.

A feature value is NaN when any point it needs is below the visibility gate or absent: the engine
treats NaN as "cannot see", never as a measurement.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from posecheck.exercises.schema import FeatureSpec, FeatureType
from posecheck.kinematics import angles
from posecheck.landmarks import LANDMARK_INDEX

__all__ = ["LandmarkArrays", "resolve_point", "evaluate_features", "torso_length", "feature_names"]

_MIDPOINTS = {
    "mid_shoulder": ("left_shoulder", "right_shoulder"),
    "mid_hip": ("left_hip", "right_hip"),
    "mid_knee": ("left_knee", "right_knee"),
    "mid_ankle": ("left_ankle", "right_ankle"),
    "mid_wrist": ("left_wrist", "right_wrist"),
    "mid_ear": ("left_ear", "right_ear"),
}


@dataclass(frozen=True)
class LandmarkArrays:
    """The inputs of feature evaluation for T frames.

    ``image_xy`` is aspect-correct (see :func:`angles.to_aspect_correct`); ``camera_is_left`` says
    per frame whether the person's left side faces the camera.
    """

    image_xy: np.ndarray  # (T, 33, 2)
    world_xyz: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    camera_is_left: np.ndarray  # (T,) bool

    @classmethod
    def build(cls, xyz: np.ndarray, visibility: np.ndarray, world_xyz: np.ndarray,
              image_size: tuple[int, int], camera_is_left: np.ndarray) -> "LandmarkArrays":
        return cls(angles.to_aspect_correct(xyz, image_size), np.asarray(world_xyz, np.float64),
                   np.asarray(visibility, np.float64), np.asarray(camera_is_left, bool))


def _gather(arr: np.ndarray, left_name: str, right_name: str, use_left: np.ndarray) -> np.ndarray:
    li, ri = LANDMARK_INDEX[left_name], LANDMARK_INDEX[right_name]
    mask = use_left.reshape((-1,) + (1,) * (arr.ndim - 2))
    return np.where(mask, arr[:, li], arr[:, ri])


def resolve_point(name: str, side: str, la: LandmarkArrays, space: str) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates (T, D) and visibility (T,) of a landmark, a ``{side}`` name or a midpoint."""
    coords = la.image_xy if space == "image" else la.world_xyz
    if name in _MIDPOINTS:
        a, b = (LANDMARK_INDEX[n] for n in _MIDPOINTS[name])
        return (coords[:, a] + coords[:, b]) / 2.0, (la.visibility[:, a] + la.visibility[:, b]) / 2.0
    if "{side}" in name:
        left, right = name.replace("{side}", "left"), name.replace("{side}", "right")
        if side == "camera":
            use_left = la.camera_is_left
        else:
            use_left = np.full(coords.shape[0], side == "left")
        return _gather(coords, left, right, use_left), _gather(la.visibility[..., None], left, right, use_left)[:, 0]
    i = LANDMARK_INDEX[name]
    return coords[:, i], la.visibility[:, i]


def torso_length(la: LandmarkArrays, space: str = "image") -> np.ndarray:
    """Mid-shoulder to mid-hip length (T,): the body's own ruler for distances."""
    s, _ = resolve_point("mid_shoulder", "none", la, space)
    h, _ = resolve_point("mid_hip", "none", la, space)
    return angles.distance(s, h)


def _measure(spec: FeatureSpec, side: str, la: LandmarkArrays, min_visibility: float) -> np.ndarray:
    pts, vis = zip(*(resolve_point(p, side, la, spec.space) for p in spec.points))
    t = spec.type
    if t is FeatureType.JOINT_ANGLE:
        value = angles.joint_angle_deg(*pts)
    elif t is FeatureType.SIGNED_JOINT_ANGLE and spec.past_straight_when in ("front", "behind"):
        feet = [resolve_point(p, side, la, spec.space) for p in ("{side}_heel", "{side}_foot_index")]
        value = angles.signed_joint_angle_facing_deg(*pts, feet[0][0], feet[1][0], spec.past_straight_when)
        vis = vis + tuple(v for _, v in feet)
    elif t is FeatureType.SIGNED_JOINT_ANGLE:
        value = angles.signed_joint_angle_deg(*pts, past_straight_when=spec.past_straight_when)
    elif t is FeatureType.SEGMENT_ANGLE:
        value = angles.segment_angle_deg(*pts, reference=spec.reference)
    elif t is FeatureType.SEGMENTS_ANGLE:
        value = angles.segments_angle_deg(*pts)
    elif t is FeatureType.LINE_OFFSET:
        value = angles.line_offset(*pts)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            value = angles.distance(*pts) / torso_length(la, spec.space)
    seen = np.all(np.stack(vis) >= min_visibility, axis=0)
    return np.where(seen, value, np.nan)


def feature_names(specs: tuple[FeatureSpec, ...]) -> list[str]:
    """Names of the series :func:`evaluate_features` returns (``both`` features give _left/_right)."""
    out = []
    for s in specs:
        out += [f"{s.name}_left", f"{s.name}_right"] if s.side == "both" else [s.name]
    return out


def evaluate_features(specs: tuple[FeatureSpec, ...], la: LandmarkArrays,
                      min_visibility: float = 0.3) -> dict[str, np.ndarray]:
    """Every feature as a (T,) float64 series, NaN where it cannot be seen."""
    out: dict[str, np.ndarray] = {}
    for s in specs:
        if s.type in (FeatureType.RISE_FROM_START, FeatureType.SPEED_OF):
            # Derived by the engine over time (posecheck/engine/derived.py): unknown on single frames.
            out[s.name] = np.full(la.image_xy.shape[0], np.nan)
        elif s.side == "both":
            out[f"{s.name}_left"] = _measure(s, "left", la, min_visibility)
            out[f"{s.name}_right"] = _measure(s, "right", la, min_visibility)
        elif s.side in ("max", "min"):
            pair = np.stack([_measure(s, "left", la, min_visibility), _measure(s, "right", la, min_visibility)])
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames stay NaN
                out[s.name] = np.nanmax(pair, axis=0) if s.side == "max" else np.nanmin(pair, axis=0)
        else:
            out[s.name] = _measure(s, s.side, la, min_visibility)
    return out
