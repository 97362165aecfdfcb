"""Evaluates an exercise's named features (its ``FeatureSpec``s) on landmark arrays. Numpy core: no Qt,
mediapipe or cv2. The geometry it measures with lives in :mod:`posecheck.kinematics`, which knows
nothing of exercises; this interpreter of the exercise schema is the engine's.

Works on a whole recording at once, (T, 33, 3), so recordings are measured with a few numpy calls
instead of a Python loop per frame; live analysis calls the same functions with T = 1, which is why
batch and streaming give identical numbers.

A feature value is NaN when any point it needs is below the visibility gate or absent: the engine
treats NaN as "cannot see", never as a measurement.
"""

from __future__ import annotations

import warnings

import numpy as np

from posecheck.exercises.schema import FeatureSpec, FeatureType
from posecheck.kinematics import angles
from posecheck.kinematics.back_curve import back_curve_measure
from posecheck.kinematics.points import LandmarkArrays, resolve_point, torso_length

__all__ = ["evaluate_features", "feature_names"]


def _measure(spec: FeatureSpec, side: str, la: LandmarkArrays, min_visibility: float) -> np.ndarray:
    if spec.type is FeatureType.BACK_CURVE:
        return _back_curve(spec, la, min_visibility)
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


def _back_curve(spec: FeatureSpec, la: LandmarkArrays, min_visibility: float) -> np.ndarray:
    """The outline's curve (posecheck/kinematics/back_curve.py): the hips and shoulders place the chord, and
    the feet say which way the person faces for an edge found from behind."""
    value = back_curve_measure(la.outline, la.image_xy, spec.edge, spec.surface, spec.measure)
    needed = ["mid_hip", "mid_shoulder"] + (["{side}_heel", "{side}_foot_index"] if spec.edge == "behind" else [])
    vis = [resolve_point(p, "camera", la, "image")[1] for p in needed]
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
