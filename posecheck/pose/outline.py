"""The trunk's outline from a person mask, sampled along the hip-shoulder chord: small plain arrays.

Why here and not in the numpy core: the mask exists only while the pose backend holds MediaPipe's
result (a full-resolution float image per person, far too big to keep, record or send between threads).
This module reduces it at once to a few numbers per frame, and the core (``posecheck/kinematics/
back_curve.py``) does all the geometry on those. No cv2: a bilinear look-up of a few thousand mask
values is all it takes (about 0.1 ms).

The layout of one person's outline, ``(2, 2, STATIONS)`` float32, in chord lengths:

- The chord runs from the mid-hip ``h`` to the mid-shoulder ``s`` (pixels, x right, y down); ``u`` is
  its direction and ``n = (-u_y, u_x)`` its normal.
- Station ``k`` sits at ``h + t_k (s - h)``, ``t_k = k / (STATIONS - 1)``: 0 at the hips, 1 at the
  shoulders.
- ``outline[0, 0, k]``: where the mask's edge (the 0.5 level) lies on the ``+n`` side of the trunk, as a
  signed offset along ``n`` from the chord; ``outline[1, 0, k]`` the same on the ``-n`` side (along
  ``n`` too, so usually negative). The edge is the first crossing walking outward from the person at
  the chord, so an arm or a second person beyond a gap does not count, but one touching the trunk does
  (the core calls that ragged).
- ``outline[side, 1, k]``: the edge's softness, the distance between the mask's 0.8 and 0.2 levels
  around that crossing: a sharp silhouette is a pixel or two, a guessed one (dark floor, loose
  clothes, motion blur) much wider.
- NaN where there is no edge within ``REACH`` chord lengths, or no person at the chord.
"""

from __future__ import annotations

import numpy as np

from posecheck.landmarks import LANDMARK_INDEX, OUTLINE_SHAPE, OUTLINE_STATIONS

__all__ = ["STATIONS", "REACH", "trunk_outline", "chord_px", "outline_points_px"]

STATIONS = OUTLINE_STATIONS  # every 5% of the chord
REACH = 0.8  # how far out from the chord an edge is looked for, in chord lengths
_STEP = 0.01  # sampling step across the trunk, in chord lengths (about a pixel at 100 px)
_OFFSETS = np.arange(-REACH, REACH + _STEP / 2, _STEP)
_T = np.linspace(0.0, 1.0, STATIONS)
_MIN_CHORD_PX = 12.0  # a trunk shorter than this is too small to have a shape worth measuring
_NEAR = int(round(0.25 / _STEP))
_HIPS = (LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["right_hip"])
_SHOULDERS = (LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"])


def chord_px(xyz: np.ndarray, image_size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Mid-hip and mid-shoulder in pixels, or None when they cannot be placed."""
    w, h = image_size
    pts = np.asarray(xyz, np.float64)[:, :2] * (w, h)
    hip, sho = pts[list(_HIPS)].mean(0), pts[list(_SHOULDERS)].mean(0)
    if not (np.all(np.isfinite(hip)) and np.all(np.isfinite(sho))):
        return None
    if np.hypot(*(sho - hip)) < _MIN_CHORD_PX:
        return None
    return hip, sho


def _bilinear(mask: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mask values at sub-pixel points; 0 outside the image (nobody is there as far as we know)."""
    hgt, wid = mask.shape[:2]
    inside = (x >= 0) & (x <= wid - 1) & (y >= 0) & (y <= hgt - 1)
    xc, yc = np.clip(x, 0, wid - 1), np.clip(y, 0, hgt - 1)
    x0, y0 = np.minimum(xc.astype(np.int64), wid - 2), np.minimum(yc.astype(np.int64), hgt - 2)
    fx, fy = xc - x0, yc - y0
    m = mask
    v = (m[y0, x0] * (1 - fx) * (1 - fy) + m[y0, x0 + 1] * fx * (1 - fy)
         + m[y0 + 1, x0] * (1 - fx) * fy + m[y0 + 1, x0 + 1] * fx * fy)
    return np.where(inside, v, 0.0)


def _first_below(rows: np.ndarray, start: np.ndarray, step: int, level: float) -> np.ndarray:
    """Per row, the fractional index where the row first falls below ``level`` walking from ``start``
    (an index per row, inside the person) by ``step`` (+1 or -1); NaN where it never does."""
    n = rows.shape[1]
    idx = np.arange(n)[None, :]
    ahead = idx > start[:, None] if step > 0 else idx < start[:, None]
    below = (rows < level) & ahead
    if step > 0:
        j = np.argmax(below, axis=1)
    else:
        j = n - 1 - np.argmax(below[:, ::-1], axis=1)
    k = np.arange(rows.shape[0])
    found = below[k, j]
    prev = np.clip(j - step, 0, n - 1)
    a, b = rows[k, prev], rows[k, j]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(a > b, (a - level) / (a - b), 0.0)
    return np.where(found, prev + step * frac, np.nan)


def trunk_outline(mask: np.ndarray, xyz: np.ndarray, image_size: tuple[int, int]) -> np.ndarray | None:
    """This person's outline (``(2, 2, STATIONS)`` float32, see the module docstring) from their mask
    (H×W confidence 0..1, the frame's size) and landmarks (normalised, as in :class:`PoseFrame`)."""
    ends = chord_px(xyz, image_size)
    if ends is None:
        return None
    mask = np.asarray(mask)
    if mask.ndim == 3:
        mask = mask[..., 0]
    hip, sho = ends
    chord = sho - hip
    length = float(np.hypot(*chord))
    u = chord / length
    n = np.array([-u[1], u[0]])
    base = hip[None, :] + _T[:, None] * chord[None, :]  # (K, 2)
    pts = base[:, None, :] + (_OFFSETS * length)[None, :, None] * n[None, None, :]  # (K, J, 2)
    rows = _bilinear(mask, pts[..., 0], pts[..., 1])
    out = np.full(OUTLINE_SHAPE, np.nan, np.float32)
    # the person at the chord: the inside sample nearest to it (the chord may run just outside a thin or
    # bent trunk, so up to a quarter of the chord away)
    centre = int(np.argmin(np.abs(_OFFSETS)))
    dist = np.where((rows >= 0.5) & (np.abs(np.arange(rows.shape[1]) - centre) <= _NEAR)[None, :],
                    np.abs(np.arange(rows.shape[1]) - centre)[None, :], np.inf)
    inner = np.argmin(dist, axis=1)
    seen = np.isfinite(dist[np.arange(rows.shape[0]), inner])
    for side, step in ((0, +1), (1, -1)):
        at = _first_below(rows, inner, step, 0.5)
        hi = _first_below(rows, inner, step, 0.8)  # met before (or at) the 0.5 level
        lo = _first_below(rows, np.nan_to_num(np.floor(at) if step > 0 else np.ceil(at)).astype(np.int64), step, 0.2)
        out[side, 0] = np.where(seen, _OFFSETS[0] + at * _STEP, np.nan)
        out[side, 1] = np.where(seen & np.isfinite(at), np.abs(lo - hi) * _STEP, np.nan)
    return out


def outline_points_px(outline: np.ndarray, xyz: np.ndarray, image_size: tuple[int, int], side: int) -> np.ndarray | None:
    """The edge of one side (0: +n, 1: -n) as pixel points (STATIONS, 2), NaN where unseen; for drawing."""
    ends = chord_px(xyz, image_size)
    if ends is None or outline is None:
        return None
    hip, sho = ends
    chord = sho - hip
    length = float(np.hypot(*chord))
    n = np.array([-chord[1], chord[0]]) / length
    off = np.asarray(outline, np.float64)[side, 0]
    return hip[None, :] + _T[:, None] * chord[None, :] + (off * length)[:, None] * n[None, :]
