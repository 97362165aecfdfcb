"""Frames from video files and cameras, through one interface, with source timestamps in ms.

Files are stamped with the container's presentation time (never the wall clock, so analysis does not
depend on how fast the machine decodes); cameras with a monotonic clock. Phone videos carry a rotation
flag; OpenCV's FFmpeg backend applies it when ``CAP_PROP_ORIENTATION_AUTO`` is on, which we set
explicitly so a portrait clip reaches the pose model upright.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

import cv2
import numpy as np

from posecheck.errors import PosecheckError, SourceError

__all__ = ["Frame", "FrameSource", "VideoFileSource", "CameraSource", "CutShort", "open_source", "check_time_range",
           "is_camera_spec", "VIDEO_SUFFIXES"]

VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv", ".gif", ".m4v")

# A file is "cut short" when the decoder runs out before this share of the frames its container
# announces, and more than a couple of frames are missing. The slack is for containers that only
# estimate their frame count (duration × frame rate: mkv/webm, variable-frame-rate phone clips, GIFs);
# mp4, mov and avi store the exact count. So a file that lost only its last tenth is not noticed.
CUT_SHORT_SHARE = 0.9
CUT_SHORT_MIN_MISSING_FRAMES = 3


def check_time_range(start_s: float | None, end_s: float | None) -> None:
    """Refuses a ``--start``/``--end`` that cannot select part of a video, saying what is wrong with it."""
    for option, value in (("--start", start_s), ("--end", end_s)):
        if value is None:
            continue
        if not math.isfinite(value):
            raise PosecheckError(f"{option} must be a number of seconds, got {value}",
                                 f"Give the time in seconds from the start of the video (e.g. {option} 10), "
                                 "or leave it out")
        if value < 0:
            raise PosecheckError(f"{option} must not be negative, got {value:g} s",
                                 "Times count in seconds from the start of the video")
    if end_s is not None and start_s is None and end_s == 0:
        raise PosecheckError("--end must be after the start of the video, got 0 s",
                             "Give --end in seconds from the start of the video (e.g. --end 40), or leave it out")
    if end_s is not None and start_s is not None and end_s <= start_s:
        raise PosecheckError(f"--end ({end_s:g} s) must be after --start ({start_s:g} s)", "Swap or fix the two times")


@dataclass(frozen=True)
class CutShort:
    """How much of a file the decoder could read, against what its container announces."""

    frames_decoded: int
    frames_announced: int
    decoded_s: float  # the time of the last frame that was decoded
    announced_s: float


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
        check_time_range(start_s, end_s)
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
        self.frames_read = 0  # frames yielded (inside --start/--end)
        self.frames_decoded = 0  # frames decoded from the start of the file
        self._last_decoded_ms = 0
        self._ran_out = False  # the decoder had no next frame (rather than --end being reached)
        if start_s is not None and self.frames_expected > 0 and start_s >= self.duration_s:
            self._cap.release()
            raise PosecheckError(f"--start {start_s:g} s is past the end of {self.path.name}, "
                                 f"which lasts {self.duration_s:.1f} s",
                                 "Choose a start time inside the video, or leave --start out")

    @property
    def duration_s(self) -> float:
        return self.frames_expected / self.fps if self.frames_expected else 0.0

    def cut_short(self) -> CutShort | None:
        """After reading to the end: how much is missing when the file is cut short (see
        ``CUT_SHORT_SHARE``), else None (also when reading stopped at ``end_s``, or the container
        announces no frame count)."""
        announced, decoded = self.frames_expected, self.frames_decoded
        if not self._ran_out or announced <= 0:
            return None
        if decoded >= CUT_SHORT_SHARE * announced or announced - decoded < CUT_SHORT_MIN_MISSING_FRAMES:
            return None
        return CutShort(decoded, announced, self._last_decoded_ms / 1000.0, self.duration_s)

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
            self.frames_decoded, self._last_decoded_ms = index + 1, t_ms
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
                self._ran_out = True
        if self.frames_read == 0:
            raise self._nothing_in_range()

    def _nothing_in_range(self) -> SourceError:
        """No frame between --start and --end: say why, rather than "no person found in 0 frames"."""
        cut = self.cut_short()
        if cut is not None:
            return SourceError(f"{self.path.name} is cut short: it can be read up to {cut.decoded_s:.1f} s of the "
                               f"{cut.announced_s:.1f} s it announces, before --start ({self.start_s:g} s)",
                               "Export the video again, or choose an earlier --start")
        start = f"{self.start_s:g} s" if self.start_s is not None else "the start"
        end = f"{self.end_s:g} s" if self.end_s is not None else "the end"
        return SourceError(f"no frame of {self.path.name} lies between {start} and {end}",
                           "Widen the range given with --start/--end")

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
