"""Decode and colour-convert a video file in a background thread, ahead of the pose model.

MediaPipe's inference keeps the cores busy; decoding (FFmpeg) and BGR→RGB conversion are done
meanwhile in a reader thread. Both OpenCV and MediaPipe release the GIL while they work. Frames
arrive in file order with the container's timestamps, exactly as :class:`VideoFileSource` yields them.

This is the one read-ahead of posecheck, with two views of it:

- :func:`prefetched_rgb` (``posecheck analyze``, the review): only the RGB image is needed, so no frame
  is copied more than needed: the decoder writes into one reused buffer and the conversion straight
  into a ring of RGB buffers, sized so that a buffer is rewritten only after the consumer has let go of
  it (``held``: how many earlier frames the consumer still holds, e.g. frames in flight in a
  :class:`~posecheck.pose.stage.PoseStage`).
- :func:`prefetched_frames` (the app's file path): each frame owns its BGR and RGB arrays, because the
  UI and the recorder keep them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

import cv2
import numpy as np

from posecheck.capture.sources import Frame, FrameSource, VideoFileSource

__all__ = ["prefetched_frames", "prefetched_rgb", "plain_rgb"]

_END = object()


def plain_rgb(source: VideoFileSource) -> Iterator[tuple[np.ndarray, int, int]]:
    """``(image_rgb, t_ms, index)`` decoded and converted in the caller's thread (the reference)."""
    for frame in source:
        yield cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB), frame.t_ms, frame.index


def prefetched_rgb(source: VideoFileSource, depth: int = 3, held: int = 0) -> Iterator[tuple[np.ndarray, int, int]]:
    """``(image_rgb, t_ms, index)`` read up to ``depth`` frames ahead by a reader thread.

    Each image stays valid while the consumer has taken at most ``held`` more frames after it (0:
    until the next one is asked for); its buffer is then reused. Closing the generator early stops the
    reader thread before returning, so the source can be closed after.
    """
    ring: list[np.ndarray | None] = [None] * (depth + held + 2)  # queued + held + current + being written

    def produce() -> Iterator[tuple[np.ndarray, int, int]]:
        for k, (bgr, t_ms, index) in enumerate(source.raw_frames(reuse=True)):
            slot = k % len(ring)
            buf = ring[slot]
            if buf is None or buf.shape != bgr.shape:
                buf = ring[slot] = np.empty_like(bgr)
            cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB, dst=buf)
            yield buf, t_ms, index

    return _read_ahead(produce, depth)


def prefetched_frames(source: FrameSource, depth: int = 4) -> Iterator[tuple[Frame, np.ndarray]]:
    """``(frame, image_rgb)`` of a file source, read ahead; both arrays are the frame's own."""
    def produce() -> Iterator[tuple[Frame, np.ndarray]]:
        for f in source:
            yield f, cv2.cvtColor(f.image_bgr, cv2.COLOR_BGR2RGB)

    return _read_ahead(produce, depth)


def _read_ahead(produce: Callable[[], Iterator], depth: int) -> Iterator:
    """Runs ``produce()`` in a reader thread, up to ``depth`` items ahead; its errors are raised here."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)  # the timeout only bounds the reaction to close()
                return True
            except queue.Full:
                continue
        return False

    def reader() -> None:
        try:
            for item in produce():
                if not put(item):
                    return
            put(_END)
        except BaseException as e:  # noqa: BLE001 (handed to the consumer, raised there)
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
