"""The lower back's curve drawn over the body in the live view (issue 11), worked out in the pipeline
worker so that the UI thread only paints: the measured edge of the trunk's outline as points in the
frame's normalised coordinates, and the value the engine read from it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecheck.engine.analyzer import Analyzer
from posecheck.exercises.schema import FeatureSpec, FeatureType
from posecheck.kinematics.angles import to_aspect_correct
from posecheck.kinematics.back_curve import edge_points
from posecheck.landmarks import PoseFrame

__all__ = ["BackCurveOverlay", "back_curve_overlay", "curve_feature"]


@dataclass(frozen=True)
class BackCurveOverlay:
    points: np.ndarray  # (K, 2) normalised image x, y of the edge measured (NaN where unseen)
    value_deg: float  # the engine's (filtered) lumbar curve this frame; NaN: not judged (a ragged outline)


def curve_feature(exercise) -> FeatureSpec | None:
    """The exercise's first ``back_curve`` feature that measures the bend (what the overlay shows)."""
    return next((f for f in exercise.features if f.type is FeatureType.BACK_CURVE and f.measure == "curve_deg"), None)


def back_curve_overlay(an: Analyzer | None, pose: PoseFrame) -> BackCurveOverlay | None:
    """The overlay for this frame, or None when the exercise reads no outline or none was measured."""
    if an is None or pose.outline is None or pose.xyz is None:
        return None
    spec = curve_feature(an.exercise)
    if spec is None:
        return None
    w, h = pose.image_size
    pts = edge_points(pose.outline, to_aspect_correct(pose.xyz, pose.image_size), spec.edge)
    if pts is None or h <= 0:
        return None
    pts = pts.copy()
    pts[:, 0] *= h / w  # back from image heights to the frame's normalised x
    series = an.trace.filtered.get(spec.name)
    value = float(series[-1]) if series else math.nan
    return BackCurveOverlay(pts.astype(np.float32), value)
