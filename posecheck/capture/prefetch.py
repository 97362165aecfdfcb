"""Decode and colour-convert a video file in a background thread, ahead of the pose model.

MediaPipe's inference keeps about one core busy; decoding (FFmpeg) and BGR→RGB conversion are done
meanwhile on the other, so a recording is analysed at close to the model's own speed. Both OpenCV and
MediaPipe release the GIL while they work. Frames arrive in file order with the container's
timestamps, exactly as :class:`VideoFileSource` yields them.

No frame is copied more than needed: the decoder writes into one reused buffer, the conversion writes
straight into one of a small ring of RGB buffers, and the ring is sized so that a buffer is only
rewritten after the consumer has moved past it (MediaPipe copies the pixels it is given).
"""

from __future__ import annotations

import queue
import threading
from typing import Iterator

import cv2
import numpy as np

from posecheck.capture.sources import VideoFileSource

__all__ = ["prefetched_rgb", "plain_rgb"]

_END = object()


def plain_rgb(source: VideoFileSource) -> Iterator[tuple[np.ndarray, int, int]]:
    """``(image_rgb, t_ms, index)`` decoded and converted in the caller's thread (the reference)."""
    for frame in source:
        yield cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB), frame.t_ms, frame.index


def prefetched_rgb(source: VideoFileSource, depth: int = 3) -> Iterator[tuple[np.ndarray, int, int]]:
    """``(image_rgb, t_ms, index)`` read up to ``depth`` frames ahead by a reader thread.

    Each image is valid until the next one is asked for (its buffer is then reused). Closing the
    generator early stops the reader thread before returning, so the source can be closed after.
    """
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    ring: list[np.ndarray | None] = [None] * (depth + 2)  # queued + held by the consumer + being written

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def reader() -> None:
        try:
            for k, (bgr, t_ms, index) in enumerate(source.raw_frames(reuse=True)):
                slot = k % len(ring)
                buf = ring[slot]
                if buf is None or buf.shape != bgr.shape:
                    buf = ring[slot] = np.empty_like(bgr)
                cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB, dst=buf)
                if not put((buf, t_ms, index)):
                    return
            put(_END)
        except BaseException as e:  # handed to the consumer, raised there
            put(e)

    thread = threading.Thread(target=reader, name="posecheck-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
