"""Cuts seen in the picture: the whole frame changes from one frame to the next.

Edited footage (tutorials, clips put together from several takes) cuts between shots. Across a cut the
engine restarts (no rep is counted across it, the start position must be seen again). A cut changes the
brightness layout of a small thumbnail of the whole picture in one frame, by far more than the frames
before changed it: a person moving, even fast, changes a small part of it a little at a time. How much is
"far more" depends on the footage (a plain studio wall changes little even across a cut: 0.04 of the
grey range in a rendered cut against 0.003 between its other frames), so the test is relative to the
recent frame-to-frame changes, with an absolute floor for nearly still footage. Zoom jumps that keep
the layout are caught in the landmarks instead (``posecheck/engine/cuts.py``).
"""

from __future__ import annotations

import math
from collections import deque

import cv2
import numpy as np

__all__ = ["SceneCutDetector"]

THUMB_SIZE = (32, 24)  # (w, h): enough for the layout of a shot, cheap at any resolution
MIN_CHANGE = 0.03  # mean absolute thumbnail difference (0..1 grey levels) a cut changes at least
TIMES_USUAL = 8.0  # ... and this many times the usual frame-to-frame change of the recent frames
RECENT_FRAMES = 30


class SceneCutDetector:
    def __init__(self):
        self._last: np.ndarray | None = None
        self._recent: deque[float] = deque(maxlen=RECENT_FRAMES)

    def reset(self) -> None:
        self._last = None
        self._recent.clear()

    def update(self, image: np.ndarray) -> bool:
        """True when ``image`` (BGR or RGB, uint8) starts a new shot."""
        step = max(1, min(image.shape[0] // (THUMB_SIZE[1] * 4), image.shape[1] // (THUMB_SIZE[0] * 4)))
        small = image[::step, ::step]  # strided first: the resize then touches a fraction of the pixels
        grey = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
        thumb = cv2.resize(grey, THUMB_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        last, self._last = self._last, thumb
        if last is None:
            return False
        change = float(np.mean(np.abs(thumb - last)))
        usual = float(np.median(self._recent)) if len(self._recent) >= 5 else math.inf
        self._recent.append(change)
        if change > MIN_CHANGE and change > TIMES_USUAL * usual:
            self._recent.clear()  # the new shot has its own usual change
            return True
        return False
