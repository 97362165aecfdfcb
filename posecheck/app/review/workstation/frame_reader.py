"""VideoFrameReader: decodes video frames with cv2 on its own thread; the UI thread only paints them.

Requests are coalesced: when the playhead moves faster than the decoder (scrubbing, 2x playback on a
busy machine), only the newest requested frame is decoded, so the picture never lags behind the
playhead by a queue of stale frames. Decoding (reading on or seeking, the rotation tag applied) is
``capture.frames_by_index``'s, the same for the PDF's stills.

The file is opened (and its first frame read) on the reader thread too: ``opened(ok)`` says whether
it is a readable video, so a corrupt file is reported without the UI thread decoding anything.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PyQt6.QtCore import QThread, pyqtSignal

from posecheck.capture.frames_by_index import FramesByIndex

__all__ = ["VideoFrameReader"]


class VideoFrameReader(QThread):
    """``request(i)`` from any thread; ``frame_ready(i, image_bgr)`` arrives on the UI thread (queued).

    ``failed(message)`` when a frame cannot be decoded (a file cut short): the caller keeps showing
    landmarks without a picture.
    """

    frame_ready = pyqtSignal(int, object)  # video frame index, (H, W, 3) uint8 BGR owned by the receiver
    failed = pyqtSignal(int)  # the frame index that could not be decoded
    opened = pyqtSignal(bool)  # the file opened and its first frame decoded

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
        frames = FramesByIndex(self.path)
        self.opened.emit(frames.opened)
        if not frames.opened:
            frames.close()
            return
        last, image_last = 0, frames.first
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
                image = frames.frame(index)
                if image is None:
                    last, image_last = -1, None
                    self.failed.emit(index)
                    continue
                last, image_last = index, image
                self.decoded += 1
                self.frame_ready.emit(index, image)
        finally:
            frames.close()
