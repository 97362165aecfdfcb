"""Angle conventions, all in one place. Numpy core: no Qt, no mediapipe, no cv2.

Every function takes points as arrays whose last axis is the coordinate (2 or 3 values) and any
number of leading axes, so the same call works on one frame (33, 3) or a recording (T, 33, 3).
Missing points are NaN and give NaN angles; nothing is guessed.

Coordinate spaces
-----------------
- **image**: MediaPipe's normalised x, y (0..1 of width and height, y down). Before measuring,
  :func:`to_aspect_correct` scales x by width/height so that one unit is one image height on both
  axes; without it a 16:9 frame would bend every angle.
- **world**: MediaPipe's world landmarks in metres (origin between the hips, y down).
In both spaces "up" is negative y: the camera is assumed upright (phone rotation metadata is applied
by the video source before the pose model sees a frame).

Conventions
-----------
- **Joint angle** (three points A-B-C): the unsigned angle at B between B→A and B→C, 0..180°.
  180° is a straight line (e.g. shoulder-hip-knee in a perfect bridge), 90° a right angle.
- **Signed joint angle**: the joint angle continued past 180° when B lies on the stated side of the
  line A→C ("above" or "below"), so 200° means "20° past straight". The bridge hip angle uses
  ``past_straight_when="above"``: hips pushed above the shoulder-knee line read above 180°; a
  plank uses "below": sagging hips read above 180°, piked hips below 180°. The value is continuous
  through 180°. For an upright body "above" means nothing (the line is vertical), so ``"front"`` and
  ``"behind"`` say on which side of the line along the floor B lies, front being where the toes point
  (heel → foot index): the standing pelvic tilt's hips moving forward read above 180°.
- **Segment angle against the horizontal** (A→B): the elevation of B above A, −90..+90°,
  positive when B is higher, independent of which way the person faces (Sports2D measures
  anticlockwise from the horizontal and flips with facing direction; that flip is what its
  users report as jumping angles, so we avoid it).
- **Segment angle against the vertical** (A→B): the angle between A→B and straight up, 0..180°
  (0° = B directly above A, 90° = level, 180° = directly below).
- **Angle between segments** (A→B and C→D): 0..180°, 0° when they point the same way (the two
  thighs of a closed clamshell), whatever the distance between them.
- **Line offset** (A-B-C): the perpendicular distance of B from the line A→C divided by |A→C|,
  positive when B is above the line. Dimensionless, so it does not depend on camera distance.
- **Lower-back curve** (``back_curve`` features; ``posecheck/kinematics/back_curve.py``): measured on
  the trunk's outline from the person mask, not on landmarks. The outline is sampled along the chord
  from the mid-hip to the mid-shoulder (image space, aspect-correct), at stations t = 0 (hips) to 1
  (shoulders); an exercise names the edge (``upper``: away from the floor; ``behind``: away from the
  toes) and what it is (``back`` or ``front``).
  ``curve_deg`` (e.g. ``lumbar_curve_deg``) is the bend between the edge's tangent over the lower back
  (straight-line fit over t = 0.05-0.35) and over the upper back (t = 0.40-0.80), in degrees, signed
  with **extension positive**: a hollow (lordotic, arched) lower back reads higher, a rounded
  (flexed, kyphotic) one lower. On the back the hollow is an outline that sinks in; on the front of a
  person lying on the back it is one that bulges out, so the sign is turned there. The outline is skin,
  muscle and clothes, not vertebrae: buttocks and shoulder blades give a straight back a
  body-dependent offset (15-40° on the back of the renders), and the outline bends about 0.6 times as
  much as the spine's bones, so limits are set on the outline's own scale or as changes within a set.
  ``depth_ratio`` (e.g. ``lumbar_depth_ratio``) is the edge's largest distance from the straight line
  joining its ends (t = 0.05 and 0.80), in chord (trunk) lengths, positive where it sinks in
  (extension). Both are NaN ("cannot judge") where the edge is missing, ragged, stepped or blurred.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "to_aspect_correct",
    "joint_angle_deg",
    "signed_joint_angle_deg",
    "signed_joint_angle_facing_deg",
    "segment_angle_deg",
    "segments_angle_deg",
    "line_offset",
    "distance",
]

_SIDES = ("above", "below")


def to_aspect_correct(xy: np.ndarray, image_size: tuple[int, int]) -> np.ndarray:
    """Scale normalised image x by width/height so both axes are in image heights."""
    width, height = image_size
    out = np.array(xy[..., :2], dtype=np.float64, copy=True)
    if height > 0:
        out[..., 0] *= width / height
    return out


def _up(ndim: int) -> np.ndarray:
    up = np.zeros(ndim)
    up[1] = -1.0  # y points down in both spaces
    return up


def joint_angle_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Unsigned angle at ``b`` (0..180°) between b→a and b→c."""
    u = np.asarray(a, np.float64) - b
    v = np.asarray(c, np.float64) - b
    dot = np.sum(u * v, axis=-1)
    norm = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.clip(dot / norm, -1.0, 1.0)
    return np.degrees(np.arccos(cos))


def line_offset(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Signed distance of ``b`` from line a→c over |a→c|; positive when b is above the line."""
    a = np.asarray(a, np.float64)
    ac = np.asarray(c, np.float64) - a
    ab = np.asarray(b, np.float64) - a
    ac_len2 = np.sum(ac * ac, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        perp = ab - np.sum(ab * ac, axis=-1, keepdims=True) / ac_len2 * ac
    up = _up(a.shape[-1])
    # The perpendicular's component along "up" (the line's own tilt is removed by using the part
    # of "up" that is perpendicular to the line, so a tilted trunk does not read as an offset).
    with np.errstate(invalid="ignore", divide="ignore"):
        up_perp = up - np.sum(up * ac, axis=-1, keepdims=True) / ac_len2 * ac
        up_perp_len = np.linalg.norm(up_perp, axis=-1, keepdims=True)
        up_dir = up_perp / up_perp_len
        return np.sum(perp * up_dir, axis=-1) / np.sqrt(ac_len2[..., 0])


def signed_joint_angle_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray,
                           past_straight_when: str = "above") -> np.ndarray:
    """Joint angle at ``b`` continued past 180° (0..360°) when b is on the named side of a→c."""
    if past_straight_when not in _SIDES:
        raise ValueError(f"past_straight_when must be one of {_SIDES}, not {past_straight_when!r}")
    theta = joint_angle_deg(a, b, c)
    offset = line_offset(a, b, c)
    beyond = offset > 0 if past_straight_when == "above" else offset < 0
    return np.where(beyond, 360.0 - theta, theta)


def signed_joint_angle_facing_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray, heel: np.ndarray, toe: np.ndarray,
                                  past_straight_when: str = "front") -> np.ndarray:
    """Joint angle at ``b`` continued past 180° when b lies in front of (or behind) the line a→c, front
    being the horizontal direction from ``heel`` to ``toe``. For upright bodies (standing hip angle)."""
    if past_straight_when not in ("front", "behind"):
        raise ValueError(f"past_straight_when must be front or behind, not {past_straight_when!r}")
    theta = joint_angle_deg(a, b, c)
    a = np.asarray(a, np.float64)
    ac = np.asarray(c, np.float64) - a
    ab = np.asarray(b, np.float64) - a
    with np.errstate(invalid="ignore", divide="ignore"):
        perp = ab - np.sum(ab * ac, axis=-1, keepdims=True) / np.sum(ac * ac, axis=-1, keepdims=True) * ac
    facing = np.sign(np.asarray(toe, np.float64)[..., 0] - np.asarray(heel, np.float64)[..., 0])
    ahead = perp[..., 0] * facing
    beyond = ahead > 0 if past_straight_when == "front" else ahead < 0
    return np.where(np.isnan(ahead), np.nan, np.where(beyond, 360.0 - theta, theta))


def segment_angle_deg(a: np.ndarray, b: np.ndarray, reference: str = "horizontal") -> np.ndarray:
    """Angle of segment a→b against the horizontal (elevation, −90..90°) or the vertical (0..180°)."""
    d = np.asarray(b, np.float64) - a
    up = -d[..., 1]
    if d.shape[-1] == 3:
        level = np.hypot(d[..., 0], d[..., 2])
    else:
        level = np.abs(d[..., 0])
    if reference == "horizontal":
        return np.degrees(np.arctan2(up, level))
    if reference == "vertical":
        return np.degrees(np.arctan2(level, up))
    raise ValueError(f"reference must be 'horizontal' or 'vertical', not {reference!r}")


def segments_angle_deg(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Angle between segment a→b and segment c→d (0..180°)."""
    u = np.asarray(b, np.float64) - a
    v = np.asarray(d, np.float64) - c
    origin = np.zeros_like(u)
    return joint_angle_deg(u, origin, v)


def distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance between points (in the units of the space)."""
    return np.linalg.norm(np.asarray(b, np.float64) - a, axis=-1)
