"""Where the body's named points are, for T frames at once. Numpy core: no Qt, mediapipe or cv2.

Geometry only: knows landmark names, midpoints and ``{side}`` names, nothing of exercises (the
interpreter of an exercise's ``FeatureSpec`` is :mod:`posecheck.engine.features`). Works on a whole
recording at once, (T, 33, 3); live analysis calls the same functions with T = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecheck.kinematics import angles
from posecheck.landmarks import LANDMARK_INDEX

__all__ = ["LandmarkArrays", "resolve_point", "torso_length"]

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
    per frame whether the person's left side faces the camera; ``outline`` is the trunk's outline
    (T, 2, 2, K) where the backend measured it (person masks), else None.
    """

    image_xy: np.ndarray  # (T, 33, 2)
    world_xyz: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    camera_is_left: np.ndarray  # (T,) bool
    outline: np.ndarray | None = None  # (T, 2, 2, K)

    @classmethod
    def build(cls, xyz: np.ndarray, visibility: np.ndarray, world_xyz: np.ndarray,
              image_size: tuple[int, int], camera_is_left: np.ndarray,
              outline: np.ndarray | None = None) -> "LandmarkArrays":
        return cls(angles.to_aspect_correct(xyz, image_size), np.asarray(world_xyz, np.float64),
                   np.asarray(visibility, np.float64), np.asarray(camera_is_left, bool), outline)


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
