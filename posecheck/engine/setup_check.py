"""Is the camera set up so that the exercise can be judged? Numpy core: no Qt, mediapipe or cv2.

Checked every frame: somebody in view, only one person, the whole body inside the picture and clearly
visible, the camera's view (side / front) matching the exercise, and the body not tiny in the frame.
The verdict only changes after it has been stable for ``debounce_s`` so the hint on screen does not
flicker. Problems are codes; :mod:`posecheck.messages` turns them into instructions in en / nl.
"""

from __future__ import annotations

import math

import numpy as np

from posecheck.exercises.schema import View
from posecheck.kinematics.gating import body_in_frame, classify_view
from posecheck.landmarks import LANDMARK_INDEX, LIMB_PARTS, PoseFrame

__all__ = ["SetupChecker", "ACCEPTED_VIEWS", "frame_problems"]

# Views accepted for each exercise view: an oblique camera still shows sagittal-plane angles well
# enough (and shows pelvis rotation better); "above" cannot be estimated from landmarks, so any goes.
ACCEPTED_VIEWS = {
    View.SIDE: ("side", "oblique"),
    View.FRONT: ("front", "oblique"),
    View.OBLIQUE: ("side", "oblique", "front"),
    View.ABOVE: ("side", "oblique", "front"),
}
_HEAD = ("nose",)
MIN_BODY_SPAN = 0.25  # the body's extent as a fraction of the image's larger side


def frame_problems(frame: PoseFrame, camera_is_left: bool, view_deg: float, expected: View,
                   min_visibility: float = 0.5) -> tuple[str, ...]:
    """Problem codes for one frame (empty tuple = fine)."""
    if frame.ambiguous:
        return ("two_people",)
    if frame.xyz is None:
        return ("no_person",)
    side = "left" if camera_is_left else "right"
    required = tuple(f"{side}_{p}" for p in LIMB_PARTS[:3])
    # Feet are often hidden behind the body on the floor (low visibility) yet well estimated; for
    # them only "inside the picture" is required.
    missing = body_in_frame(frame.xyz, frame.visibility, required, min_visibility)
    missing += body_in_frame(frame.xyz, frame.visibility, (f"{side}_ankle",), 0.0)
    problems = []
    if any(m.endswith(("ankle", "knee")) for m in missing):
        problems.append("feet_out_of_view")
    if any(m.endswith(("shoulder", "hip")) for m in missing):
        problems.append("body_out_of_view")
    nose = frame.xyz[LANDMARK_INDEX["nose"]]
    if not (0.0 <= nose[0] <= 1.0 and 0.0 <= nose[1] <= 1.0):
        problems.append("head_out_of_view")
    seen = classify_view(view_deg)
    if seen != "unknown" and seen not in ACCEPTED_VIEWS[expected]:
        problems.append(f"wrong_view:{seen}")
    w, h = frame.image_size
    pts = frame.xyz[:, :2] * np.array([w, h]) / max(w, h, 1)
    span = float(np.nanmax(np.ptp(pts, axis=0))) if np.isfinite(pts).any() else math.nan
    if span == span and span < MIN_BODY_SPAN:
        problems.append("too_far")
    return tuple(problems)


class SetupChecker:
    """Debounced setup verdict plus per-problem frame counts for the report."""

    def __init__(self, expected: View, debounce_s: float = 0.5):
        self.expected = expected
        self.debounce_s = debounce_s
        self.problems: tuple[str, ...] = ("no_person",)
        self.ok = False
        self._candidate: tuple[str, ...] | None = None
        self._candidate_since: int | None = None
        self.frame_counts: dict[str, int] = {}
        self.frames = 0

    def update(self, t_ms: int, problems: tuple[str, ...]) -> bool:
        """Feed one frame's problems; True when the debounced verdict changed."""
        self.frames += 1
        for p in problems:
            key = p.split(":")[0]
            self.frame_counts[key] = self.frame_counts.get(key, 0) + 1
        if problems == self.problems:
            self._candidate = None
            return False
        if problems != self._candidate:
            self._candidate, self._candidate_since = problems, t_ms
        if (t_ms - self._candidate_since) / 1000.0 >= self.debounce_s or self.frames == 1:
            self.problems, self.ok = problems, not problems
            self._candidate = None
            return True
        return False

    def share(self, problem: str) -> float:
        """Fraction of frames with this problem."""
        return self.frame_counts.get(problem, 0) / self.frames if self.frames else 0.0
