"""Which side faces the camera, which view the camera has, and whether the body is in frame.

Numpy core: no Qt, no mediapipe, no cv2. Everything here is causal and updated frame by frame
(state in small classes), so live and recorded analysis decide the same way.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from posecheck.landmarks import LANDMARK_INDEX, LEFT_LIMBS, RIGHT_LIMBS

__all__ = ["CameraSideTracker", "camera_side_score", "view_angle_deg", "classify_view", "body_in_frame", "upper_side"]

_L, _R = list(LEFT_LIMBS), list(RIGHT_LIMBS)


def camera_side_score(xyz: np.ndarray, visibility: np.ndarray) -> np.ndarray:
    """How much nearer and better seen the left side is than the right (> 0: left faces the camera), per
    frame: shapes (..., 33, 3) and (..., 33) → (...). NaN where no landmark depth is known. One frame
    for the live tracker, a whole recording at once for the review (same numbers either way)."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # frames without a pose: all NaN
        depth = np.nanmean(xyz[..., _R, 2], axis=-1) - np.nanmean(xyz[..., _L, 2], axis=-1)
    return np.asarray(depth, np.float64) + (np.mean(visibility[..., _L], axis=-1) - np.mean(visibility[..., _R], axis=-1))


class CameraSideTracker:
    """Decides per frame whether the person's left side faces the camera.

    MediaPipe's far-side landmarks are poor (a hip angle off by about 20° in side views), so angles are
    measured on the near side. The near side is the one with the smaller depth (z) and the higher
    visibility; the decision is smoothed over about half a second and only flips past a margin, so a
    noisy frame cannot swap sides in the middle of a rep.
    """

    def __init__(self, smoothing_s: float = 0.5, margin: float = 0.05):
        self.smoothing_s, self.margin = smoothing_s, margin
        self.is_left = True
        self._score: float | None = None
        self._t_ms: int | None = None

    def update(self, xyz: np.ndarray | None, visibility: np.ndarray | None, t_ms: int) -> bool:
        if xyz is None or visibility is None:
            return self.is_left
        depth = float(np.nanmean(xyz[_R, 2]) - np.nanmean(xyz[_L, 2]))  # > 0: left is nearer
        vis = float(np.mean(visibility[_L]) - np.mean(visibility[_R]))
        return self.step(depth + vis, t_ms)

    def step(self, score: float, t_ms: int) -> bool:
        """One frame's :func:`camera_side_score` in: smoothed over ``smoothing_s``, flipping only past
        ``margin``. A NaN score (nothing seen) leaves the decision as it was."""
        if math.isnan(score):
            return self.is_left
        if self._score is None or self._t_ms is None:
            self._score = score
        else:
            dt_s = max((t_ms - self._t_ms) / 1000.0, 1e-3)
            a = min(1.0, dt_s / self.smoothing_s)
            self._score += a * (score - self._score)
        self._t_ms = t_ms
        if self._score > self.margin:
            self.is_left = True
        elif self._score < -self.margin:
            self.is_left = False
        return self.is_left


def view_angle_deg(world_xyz: np.ndarray) -> np.ndarray:
    """How far the shoulder and hip lines turn away from the image plane, 0° (front) to 90° (side).

    World landmarks are camera-aligned, so a line pointing into the camera (z) is a side view. Shape:
    (..., 33, 3) → (...). NaN without world landmarks.
    """
    out = []
    for part in ("shoulder", "hip"):
        d = world_xyz[..., LANDMARK_INDEX[f"left_{part}"], :] - world_xyz[..., LANDMARK_INDEX[f"right_{part}"], :]
        out.append(np.degrees(np.arctan2(np.abs(d[..., 2]), np.hypot(d[..., 0], d[..., 1]))))
    return (out[0] + out[1]) / 2.0


def classify_view(angle_deg: float) -> str:
    """side (≥ 55°), oblique (25–55°) or front (< 25°); "unknown" for NaN."""
    if angle_deg != angle_deg:
        return "unknown"
    if angle_deg >= 55.0:
        return "side"
    if angle_deg >= 25.0:
        return "oblique"
    return "front"


def body_in_frame(xyz: np.ndarray, visibility: np.ndarray, names: tuple[str, ...],
                  min_visibility: float = 0.5, margin: float = 0.01) -> list[str]:
    """Names of required landmarks that are not clearly visible inside the image (empty = all good)."""
    missing = []
    for name in names:
        i = LANDMARK_INDEX[name]
        x, y = float(xyz[i, 0]), float(xyz[i, 1])
        inside = -margin <= x <= 1 + margin and -margin <= y <= 1 + margin
        if not inside or visibility[i] < min_visibility:
            missing.append(name)
    return missing


def upper_side(xyz: np.ndarray, part: str = "hip") -> str:
    """"left" or "right": whose ``part`` is higher in the image (the top side when lying on a side)."""
    ly = xyz[LANDMARK_INDEX[f"left_{part}"], 1]
    ry = xyz[LANDMARK_INDEX[f"right_{part}"], 1]
    return "left" if ly < ry else "right"
