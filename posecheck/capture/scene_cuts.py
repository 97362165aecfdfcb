"""Cuts seen in the picture: the whole frame changes from one frame to the next.

Edited footage (tutorials, clips put together from several takes) cuts between shots. Across a cut the
engine restarts (no rep is counted across it, the start position must be seen again). Most cuts change
the picture as a whole: the brightness layout of a small thumbnail differs almost everywhere, and its
brightness histogram changes. A person moving, even fast, changes a small part of it; a light switched
on changes the histogram but keeps the layout. So both must change. Zoom jumps that keep the layout
are caught in the landmarks instead (``posecheck/engine/cuts.py``).
"""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["SceneCutDetector"]

THUMB_SIZE = (32, 24)  # (w, h): enough for the layout of a shot, cheap at any resolution
LAYOUT_CHANGE = 0.18  # mean absolute thumbnail difference (0..1 grey levels) above which the layout changed
HISTOGRAM_CORRELATION = 0.6  # below this correlation of 16-bin grey histograms the content changed


class SceneCutDetector:
    def __init__(self):
        self._last: tuple[np.ndarray, np.ndarray] | None = None

    def reset(self) -> None:
        self._last = None

    def update(self, image: np.ndarray) -> bool:
        """True when ``image`` (BGR or RGB, uint8) starts a new shot."""
        step = max(1, min(image.shape[0] // (THUMB_SIZE[1] * 4), image.shape[1] // (THUMB_SIZE[0] * 4)))
        small = image[::step, ::step]  # strided first: the resize then touches a fraction of the pixels
        grey = cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
        thumb = cv2.resize(grey, THUMB_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
        hist = cv2.calcHist([thumb], [0], None, [16], [0.0, 1.0])
        last, self._last = self._last, (thumb, hist)
        if last is None:
            return False
        layout = float(np.mean(np.abs(thumb - last[0])))
        corr = float(cv2.compareHist(hist, last[1], cv2.HISTCMP_CORREL))
        return layout > LAYOUT_CHANGE and corr < HISTOGRAM_CORRELATION
