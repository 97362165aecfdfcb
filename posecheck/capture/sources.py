"""Frames from video files and cameras, through one interface, with source timestamps in ms.

Files are stamped with the container's presentation time (never the wall clock, so analysis does not
depend on how fast the machine decodes); cameras with a monotonic clock. Phone videos carry a rotation
flag; OpenCV's FFmpeg backend applies it when ``CAP_PROP_ORIENTATION_AUTO`` is on, which we set
explicitly so a portrait clip reaches the pose model upright.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

import cv2
import numpy as np

from posecheck.errors import SourceError

__all__ = ["Frame", "FrameSource", "VideoFileSource", "CameraSource", "is_camera_spec", "open_source", "VIDEO_SUFFIXES"]

VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv", ".gif", ".m4v")


@dataclass(frozen=True)
class Frame:
    image_bgr: np.ndarray  # (H, W, 3) uint8, owned by this frame
    t_ms: int
    index: int

    @property
    def size(self) -> tuple[int, int]:
        return int(self.image_bgr.shape[1]), int(self.image_bgr.shape[0])


class FrameSource(Protocol):
    fps: float
    size: tuple[int, int]
    is_live: bool

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


class VideoFileSource:
    """Reads a video file from ``start_s`` to ``end_s`` with container timestamps."""

    is_live = False

    def __init__(self, path: str | Path, start_s: float | None = None, end_s: float | None = None):
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"video file not found: {self.path}", "Check the path and the file name")
        if self.path.is_dir():
            raise SourceError(f"{self.path} is a folder, not a video", "Give the path of a video file")
        if start_s is not None and end_s is not None and end_s <= start_s:
            raise SourceError(f"--end ({end_s}) must be after --start ({start_s})", "Swap or fix the two times")
        self.start_s, self.end_s = start_s, end_s
        self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if self._cap.isOpened():
            self._cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        ok, first = self._cap.read() if self._cap.isOpened() else (False, None)
        if not ok or first is None:
            self._cap.release()
            raise SourceError(
                f"cannot read any video frame from {self.path.name}",
                "The file is not a video, is damaged or is cut short; export it again (mp4, mov, avi, webm, mkv or gif)",
            )
        self._first = first
        fps = self._cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and fps > 0 and fps < 1000 else 30.0
        self.size = (int(first.shape[1]), int(first.shape[0]))
        self.frames_expected = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self.frames_read = 0

    @property
    def duration_s(self) -> float:
        return self.frames_expected / self.fps if self.frames_expected else 0.0

    def __iter__(self) -> Iterator[Frame]:
        for image, t_ms, index in self.raw_frames():
            yield Frame(image, t_ms, index)

    def raw_frames(self, reuse: bool = False) -> Iterator[tuple[np.ndarray, int, int]]:
        """``(image_bgr, t_ms, index)`` in file order. With ``reuse`` the decoder writes every frame into
        one buffer (no allocation per frame), so an image is only valid until the next one is asked for."""
        index, last_t = 0, -1
        image, buf = self._first, None
        while image is not None:
            pos = self._cap.get(cv2.CAP_PROP_POS_MSEC)
            t_ms = int(round(pos)) if pos and pos > 0 or index == 0 else -1
            if t_ms <= last_t:  # containers without usable timestamps: fall back to the frame rate
                t_ms = max(last_t + 1, int(round(index * 1000.0 / self.fps)))
            last_t = t_ms
            if self.end_s is not None and t_ms > self.end_s * 1000:
                break
            if self.start_s is None or t_ms >= self.start_s * 1000:
                self.frames_read += 1
                yield image, t_ms, index
            index += 1
            ok, image = self._cap.read(buf) if reuse else self._cap.read()
            buf = image if reuse else None
            if not ok:
                image = None

    def close(self) -> None:
        self._cap.release()


class CameraSource:
    """A camera by index; timestamps from a monotonic clock since opening."""

    is_live = True

    def __init__(self, index: int = 0, size: tuple[int, int] | None = (640, 480)):
        self.index = index
        self._cap = cv2.VideoCapture(index)
        if not self._cap.isOpened():
            self._cap.release()
            raise SourceError(
                f"no camera found at index {index}",
                "Connect a camera (or close the program that uses it), or open a video file instead",
            )
        if size:
            self._cap.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
            self._cap.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
        fps = self._cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and fps > 0 else 30.0
        self.size = (int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        self._t0 = time.monotonic_ns()
        self._stopped = False

    def __iter__(self) -> Iterator[Frame]:
        index, last_t = 0, -1
        while not self._stopped:
            ok, image = self._cap.read()
            if not ok or image is None:
                raise SourceError(f"camera {self.index} stopped delivering frames",
                                  "Check that it is still plugged in; the session so far is kept")
            t_ms = max(last_t + 1, (time.monotonic_ns() - self._t0) // 1_000_000)
            last_t = t_ms
            yield Frame(image, int(t_ms), index)
            index += 1

    def close(self) -> None:
        self._stopped = True
        self._cap.release()


def is_camera_spec(spec: str | int | Path) -> bool:
    """A camera index (int or digits), as opposed to a video path."""
    return isinstance(spec, int) or (isinstance(spec, str) and spec.isdigit())


def open_source(spec: str | int | Path, start_s: float | None = None, end_s: float | None = None) -> FrameSource:
    """A camera index (int or digits) or a video path."""
    if is_camera_spec(spec):
        return CameraSource(int(spec))
    return VideoFileSource(spec, start_s, end_s)
