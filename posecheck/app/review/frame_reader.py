"""VideoFrameReader: decodes video frames with cv2 on its own thread; the UI thread only paints them.

Requests are coalesced: when the playhead moves faster than the decoder (scrubbing, 2x playback on a
busy machine), only the newest requested frame is decoded, so the picture never lags behind the
playhead by a queue of stale frames. A request for the frame right after the last one decoded reads
on without seeking (cheap: playback); any other request seeks first.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
from PyQt6.QtCore import QThread, pyqtSignal

__all__ = ["VideoFrameReader", "VideoInfo", "probe_video"]


class VideoInfo:
    """What the reader found in the file: ``n_frames``, ``fps``, ``size`` (width, height)."""

    def __init__(self, n_frames: int, fps: float, size: tuple[int, int]):
        self.n_frames, self.fps, self.size = n_frames, fps, size


def probe_video(path: str | Path) -> VideoInfo | None:
    """None when the file cannot be opened or has no readable first frame (missing, corrupt, not a video)."""
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        if not cap.isOpened():
            return None
        ok, first = cap.read()
        if not ok or first is None:
            return None
        fps = cap.get(cv2.CAP_PROP_FPS)
        n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        return VideoInfo(n, float(fps) if fps and 0 < fps < 1000 else 30.0, (first.shape[1], first.shape[0]))
    finally:
        cap.release()


class VideoFrameReader(QThread):
    """``request(i)`` from any thread; ``frame_ready(i, image_bgr)`` arrives on the UI thread (queued).

    ``failed(message)`` when a frame cannot be decoded (a file cut short): the caller keeps showing
    landmarks without a picture.
    """

    frame_ready = pyqtSignal(int, object)  # video frame index, (H, W, 3) uint8 BGR owned by the receiver
    failed = pyqtSignal(int)  # the frame index that could not be decoded

    def __init__(self, path: str | Path, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self._cond = threading.Condition()
        self._wanted: int | None = None
        self._stop = False
        self.decoded = 0  # frames decoded (tests and the benchmark)

    def request(self, index: int) -> None:
        with self._cond:
            self._wanted = int(index)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        self.wait(3000)

    def run(self) -> None:
        cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        last = -2
        try:
            while True:
                with self._cond:
                    while self._wanted is None and not self._stop:
                        self._cond.wait()
                    if self._stop:
                        return
                    index, self._wanted = self._wanted, None
                if index != last + 1:
                    cap.set(cv2.CAP_PROP_POS_FRAMES, index)
                ok, image = cap.read()
                if not ok or image is None:
                    last = -2  # the decoder position is unknown now: seek next time
                    self.failed.emit(index)
                    continue
                last = index
                self.decoded += 1
                self.frame_ready.emit(index, np.ascontiguousarray(image))
        finally:
            cap.release()
