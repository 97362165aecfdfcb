"""VideoFrameReader: decodes video frames with cv2 on its own thread; the UI thread only paints them.

Requests are coalesced: when the playhead moves faster than the decoder (scrubbing, 2x playback on a
busy machine), only the newest requested frame is decoded, so the picture never lags behind the
playhead by a queue of stale frames. A request a few frames ahead of the last one decoded reads on
(``grab`` skips without converting), which is what playback at 2x asks for; seeking in an mp4 means
decoding from the previous key frame, far dearer than reading on. Anything else seeks.

The file is opened (and its first frame read) on the reader thread too: ``opened(ok)`` says whether
it is a readable video, so a corrupt file is reported without the UI thread decoding anything.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
from PyQt6.QtCore import QThread, pyqtSignal

__all__ = ["VideoFrameReader"]


class VideoFrameReader(QThread):
    """``request(i)`` from any thread; ``frame_ready(i, image_bgr)`` arrives on the UI thread (queued).

    ``failed(message)`` when a frame cannot be decoded (a file cut short): the caller keeps showing
    landmarks without a picture.
    """

    frame_ready = pyqtSignal(int, object)  # video frame index, (H, W, 3) uint8 BGR owned by the receiver
    failed = pyqtSignal(int)  # the frame index that could not be decoded
    opened = pyqtSignal(bool)  # the file opened and its first frame decoded

    READ_ON_MAX = 12  # frames ahead that are read through rather than sought to

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
        ok, first = cap.read() if cap.isOpened() else (False, None)
        self.opened.emit(bool(ok and first is not None))
        if not ok or first is None:
            cap.release()
            return
        last, image_last = 0, np.ascontiguousarray(first)
        try:
            while True:
                with self._cond:
                    while self._wanted is None and not self._stop:
                        self._cond.wait()
                    if self._stop:
                        return
                    index, self._wanted = self._wanted, None
                if index == last and image_last is not None:
                    self.frame_ready.emit(index, image_last.copy())
                    continue
                if last < index <= last + self.READ_ON_MAX:
                    for _ in range(index - last - 1):
                        cap.grab()
                else:
                    cap.set(cv2.CAP_PROP_POS_FRAMES, index)
                ok, image = cap.read()
                if not ok or image is None:
                    last = -2  # the decoder position is unknown now: seek next time
                    self.failed.emit(index)
                    continue
                last = index
                self.decoded += 1
                image_last = np.ascontiguousarray(image)
                self.frame_ready.emit(index, image_last)
        finally:
            cap.release()
