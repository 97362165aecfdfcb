"""FramesByIndex: a video's frames by frame index, for the review's picture and the PDF's stills.

The analysis reads a file front to back (``sources.VideoFileSource``); the review jumps around in it.
Both must see the same picture, so both open it here, the same way: the FFmpeg backend with the
container's rotation applied (a phone holds portrait video as landscape plus a rotation tag; without
it the skeleton, measured on the upright picture, would be drawn over a picture lying on its side).

Reading on is far cheaper than seeking (an mp4 seek decodes from the previous key frame), so a frame a
few frames ahead of the last one is reached by skipping (``grab`` decodes without converting).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

__all__ = ["FramesByIndex", "announced_frame_count"]

READ_ON_MAX_FRAMES = 12  # a request at most this far ahead is read on to; anything else seeks


def _open(path: str | Path) -> cv2.VideoCapture:
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if cap.isOpened():
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    return cap


def announced_frame_count(path: str | Path) -> int:
    """The frame count the container announces (0 when it announces none or the file cannot be read)."""
    cap = _open(path)
    try:
        return int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0) if cap.isOpened() else 0
    finally:
        cap.release()


class FramesByIndex:
    """``frame(i)`` → the BGR image of frame ``i``, or None where it cannot be decoded (a file cut short).

    One thread at a time: the review's reader thread, or the PDF export's."""

    def __init__(self, path: str | Path):
        self._cap = _open(path)
        self._next: int | None = 0  # the index the decoder reads next; None: unknown (after a failure)
        first = self.frame(0) if self._cap.isOpened() else None
        self.first: np.ndarray | None = first
        self.opened = first is not None

    def frame(self, index: int) -> np.ndarray | None:
        index = int(index)
        if self._next is not None and self._next <= index < self._next + READ_ON_MAX_FRAMES:
            for _ in range(index - self._next):
                self._cap.grab()
        else:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, image = self._cap.read()
        if not ok or image is None:
            self._next = None
            return None
        self._next = index + 1
        return np.ascontiguousarray(image)

    def close(self) -> None:
        self._cap.release()
