"""Cuts seen in the landmarks: the body jumps where no body can move. Numpy core: no Qt, mediapipe
or cv2.

Tutorials cut between camera positions and close-ups, sometimes to another person. A count must not
run across such a cut: the bands, the start level and the filters all describe the shot before it.
The capture layer flags cuts it sees in the picture (``capture/scene_cuts.py``); this catches what the
landmarks show even without the picture (stored landmarks, a zoom that keeps the colours): between two
frames close in time, the trunk changes its length in the image by a factor no movement produces (a
zoom), or its centre jumps by more than a trunk length (another camera position).

Steps between a few held poses (a looped animation of a real person, a low frame rate) are movements,
not cuts: the trunk keeps its length and its centre moves by a fraction of it. And a single frame in
which MediaPipe puts the skeleton somewhere else is a glitch, not a cut: a jump counts only when the
next frame stays where the jump went (so a cut is known one frame late).
"""

from __future__ import annotations

import math

import numpy as np

from posecheck.kinematics.angles import to_aspect_correct
from posecheck.landmarks import LANDMARK_INDEX, PoseFrame

__all__ = ["LandmarkCutDetector"]

ZOOM_RATIO = 1.5  # trunk length changing by this factor (or its inverse) between two frames: a zoom
JUMP_TRUNKS = 1.0  # trunk centre moving this many trunk lengths between two frames: another shot
MAX_DT_S = 0.5  # frames further apart than this are not compared (a dropout is not a cut)

_SH = [LANDMARK_INDEX["left_shoulder"], LANDMARK_INDEX["right_shoulder"]]
_HP = [LANDMARK_INDEX["left_hip"], LANDMARK_INDEX["right_hip"]]


_Trunk = tuple[int, np.ndarray, float]  # (t_ms, centre, length)


def _jump(a: _Trunk, b: _Trunk) -> bool:
    ratio = b[2] / a[2]
    moved = float(np.hypot(*(b[1] - a[1]))) / max(a[2], b[2])
    return ratio > ZOOM_RATIO or ratio < 1.0 / ZOOM_RATIO or moved > JUMP_TRUNKS


class LandmarkCutDetector:
    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self._last: _Trunk | None = None  # the shot so far
        self._pending: _Trunk | None = None  # where a jump went, waiting for the next frame to confirm

    def update(self, frame: PoseFrame) -> bool:
        """True when this frame confirms that the person is in another shot than before the jump."""
        if frame.xyz is None:
            return False
        xy = to_aspect_correct(frame.xyz, frame.image_size)
        sh, hp = np.mean(xy[_SH], axis=0), np.mean(xy[_HP], axis=0)
        now = (frame.t_ms, (sh + hp) / 2.0, float(np.hypot(*(sh - hp))))
        if not (math.isfinite(now[2]) and now[2] > 1e-6):
            return False
        last, pending = self._last, self._pending
        self._pending = None
        if last is None or (now[0] - last[0]) / 1000.0 > MAX_DT_S:
            self._last = now
            return False
        if pending is not None and not _jump(pending, now) and _jump(last, now):
            self._last = now  # the jump stayed: a new shot
            return True
        if _jump(last, now):
            self._pending = now  # a glitch or a cut: the next frame tells
            return False
        self._last = now
        return False
