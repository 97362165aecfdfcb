"""PipelineWorker: capture → pose model → analyzer, in a QThread, handing immutable results to the UI.

The UI thread never reads frames or runs the model; it only receives :class:`LiveFrame` payloads
through the ``frame_ready`` signal (a queued connection across threads) and paints them.

- File sources: every frame in order, paced to the container timestamps (real speed, or ``speed``
  times faster for tests), so a recording runs through the live view as it would from a camera.
- Cameras: a grabber thread keeps only the newest frame (:class:`LatestFrameSlot`); frames the model
  had no time for are counted in ``dropped`` instead of piling up latency.
- Stop with :meth:`PipelineWorker.stop` (a ``threading.Event``: no polling loops); a camera that stops
  delivering ends the run with ``source_lost`` so the presenter can pause and keep the session.
- Sets: :meth:`PipelineWorker.set_analyzer` swaps the analyzer between frames (``None`` while resting);
  the outgoing analyzer is finished in this thread and its last events arrive via ``analyzer_done``.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from posecheck.capture.sources import Frame, FrameSource
from posecheck.engine.analyzer import Analyzer, LiveState
from posecheck.engine.events import Event
from posecheck.errors import PosecheckError, SourceError
from posecheck.landmarks import LANDMARK_INDEX, PoseFrame

__all__ = ["LatestFrameSlot", "LiveFrame", "PipelineWorker", "fit_for_display", "tracking_quality"]

_LIMBS = ("shoulder", "hip", "knee", "ankle")
_MAX_UI_PENDING = 2  # frames queued for the UI before the worker stops sending more (it never waits for the UI)
_LEFT = [LANDMARK_INDEX[f"left_{p}"] for p in _LIMBS]
_RIGHT = [LANDMARK_INDEX[f"right_{p}"] for p in _LIMBS]


def tracking_quality(pose: PoseFrame) -> float:
    """0..1: mean visibility of the better-seen side's shoulder, hip, knee and ankle (0 without a pose)."""
    if pose.xyz is None or pose.visibility is None:
        return 0.0
    v = pose.visibility
    return float(max(np.mean(v[_LEFT]), np.mean(v[_RIGHT])))


@dataclass(frozen=True)
class LiveFrame:
    """What the UI paints for one frame. Arrays here are not touched by the worker after emitting."""

    image_bgr: np.ndarray  # (H, W, 3) uint8
    pose: PoseFrame
    state: LiveState | None  # None while no analyzer runs (rest between sets)
    events: tuple[Event, ...]
    plot_value: float  # the driving angle (reps) or the first hold feature, filtered; NaN when unseen
    quality: float  # tracking_quality(pose)
    read_ns: int  # time.perf_counter_ns() when the frame came out of the source
    dropped: int  # camera frames skipped so far (latest frame wins)
    is_live: bool
    set_tag: object = None  # whatever the presenter attached to the analyzer that produced this
    display_bgr: np.ndarray | None = None  # image_bgr scaled to the size the UI shows it at (None: not smaller)


def fit_for_display(image_bgr: np.ndarray, box: tuple[int, int] | None) -> np.ndarray | None:
    """``image_bgr`` scaled down to fit ``box`` (w, h), keeping its aspect; None when it already fits.

    Bilinear: the view shrinks frames by less than half (720p into a ~900 px wide view), where it looks
    the same as an area filter at a seventh of the cost (1 ms against 7 ms for a 720p frame here)."""
    if box is None:
        return None
    h, w = image_bgr.shape[:2]
    scale = min(box[0] / w, box[1] / h)
    if scale >= 1.0:
        return None
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    interp = cv2.INTER_LINEAR if scale >= 0.5 else cv2.INTER_AREA
    return cv2.resize(image_bgr, size, interpolation=interp)


class LatestFrameSlot:
    """A one-frame mailbox between a camera grabber thread and the inference loop: the newest frame wins."""

    def __init__(self):
        self._cond = threading.Condition()
        self._frame: tuple[Frame, int] | None = None
        self._done = False
        self.error: SourceError | None = None
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = (frame, time.perf_counter_ns())
            self._cond.notify()

    def close(self, error: SourceError | None = None) -> None:
        with self._cond:
            self._done, self.error = True, error
            self._cond.notify_all()

    def take(self, stop: threading.Event) -> tuple[Frame, int] | None:
        """The newest frame, waiting for one; None when the source ended or ``stop`` was set."""
        with self._cond:
            while self._frame is None and not self._done and not stop.is_set():
                self._cond.wait(0.2)  # wakes on put(); the timeout only bounds the reaction to stop
            item, self._frame = self._frame, None
            return item


class PipelineWorker(QObject):
    started = pyqtSignal(dict)  # {"fps", "size", "is_live", "model_variant", "model_sha256"}
    frame_ready = pyqtSignal(object)  # LiveFrame
    analyzer_done = pyqtSignal(object, list)  # (set_tag, final events of the outgoing analyzer)
    error = pyqtSignal(str)  # could not start (no camera, bad video, model missing)
    source_lost = pyqtSignal(str)  # the camera stopped delivering mid-session
    source_ended = pyqtSignal()  # a video file reached its end
    finished = pyqtSignal()

    def __init__(self, source_factory: Callable[[], FrameSource], backend_factory: Callable[[], object],
                 analyzer: Analyzer | None = None, set_tag: object = None, speed: float = 1.0,
                 t_offset_ms: int = 0, frame_sink: Callable[[LiveFrame], None] | None = None):
        super().__init__()
        self._source_factory = source_factory
        self._backend_factory = backend_factory
        self._analyzer, self._tag = analyzer, set_tag
        self._pending: tuple[Analyzer | None, object] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.speed = speed
        self.t_offset_ms = t_offset_ms  # added to source stamps (a resumed camera restarts at 0)
        self.last_t_ms = 0
        self.frame_sink = frame_sink  # called in this thread for every frame (the recorder)
        self.on_start: Callable[[dict], None] | None = None  # called in this thread before the first frame
        self.frames_in = 0
        self.detect_ms: deque[float] = deque(maxlen=5000)  # model time per frame (for the benchmark)
        self.ui_skipped = 0  # frames analysed but not sent to the UI because it was still busy
        self.camera_dropped = 0  # camera frames the model had no time for (latest frame wins)
        self._display_box: tuple[int, int] | None = None  # (w, h) the video view fits frames into
        self._ui_pending = 0
        self._carry: list[Event] = []

    # ---- called from the UI thread
    def stop(self) -> None:
        self._stop.set()

    def set_analyzer(self, analyzer: Analyzer | None, set_tag: object = None) -> None:
        with self._lock:
            self._pending = (analyzer, set_tag)

    def set_display_size(self, width: int, height: int) -> None:
        """The video view's size in device pixels: frames are scaled to fit it here, off the UI thread
        (a smooth scale of a 720p frame cost the UI thread about 6 ms a frame)."""
        self._display_box = (int(width), int(height)) if width > 0 and height > 0 else None

    def frame_painted(self) -> None:
        """The UI took a frame off its queue (called from the UI thread)."""
        with self._lock:
            self._ui_pending = max(0, self._ui_pending - 1)

    def held_analyzers(self) -> list[tuple[Analyzer, object]]:
        """After the thread has ended: analyzers it still holds (current and pending), to be finished."""
        out = [(self._analyzer, self._tag)] if self._analyzer is not None else []
        if self._pending is not None and self._pending[0] is not None:
            out.append(self._pending)
        return out

    # ---- runs in the worker thread
    def run(self) -> None:
        source = backend = None
        try:
            try:
                source = self._source_factory()
                backend = self._backend_factory()
            except PosecheckError as e:
                self.error.emit(str(e))
                return
            info = {"fps": source.fps, "size": source.size, "is_live": source.is_live,
                    "model_variant": getattr(backend, "variant", ""), "model_sha256": getattr(backend, "sha256", "")}
            if self.on_start is not None:
                self.on_start(info)
            self.started.emit(info)
            if source.is_live:
                self._run_live(source, backend)
            else:
                self._run_file(source, backend)
        except Exception as e:  # noqa: BLE001 (a bug: tell the person instead of freezing, keep the traceback on stderr)
            import traceback
            traceback.print_exc()
            self.error.emit(f"{type(e).__name__}: {e}")
        finally:
            for thing in (source, backend):
                if thing is not None:
                    thing.close()
            self.finished.emit()

    def _run_file(self, source: FrameSource, backend) -> None:
        frames = _Prefetch(source, depth=4)  # decode + colour conversion overlap with the model
        try:
            t0_wall = t0_ms = None
            for frame, rgb in frames:
                if self._stop.is_set():
                    return
                if t0_wall is None:
                    t0_wall, t0_ms = time.perf_counter(), frame.t_ms
                due = t0_wall + (frame.t_ms - t0_ms) / 1000.0 / self.speed
                wait = due - time.perf_counter()
                if wait > 0 and self._stop.wait(wait):
                    return
                # "read" = the moment the frame is due (as a camera would deliver it), not its early decode
                self._process(frame, time.perf_counter_ns(), backend, 0, False, rgb)
        finally:
            frames.close()
        self._swap_analyzer(final=True)
        self.source_ended.emit()

    def _run_live(self, source: FrameSource, backend) -> None:
        slot = LatestFrameSlot()

        def grab():
            try:
                for f in source:
                    slot.put(f)
                    if self._stop.is_set():
                        break
                slot.close()
            except SourceError as e:
                slot.close(e)

        grabber = threading.Thread(target=grab, name="camera-grabber", daemon=True)
        grabber.start()
        while not self._stop.is_set():
            item = slot.take(self._stop)
            if item is None:
                break
            self.camera_dropped = slot.dropped
            self._process(item[0], item[1], backend, slot.dropped, True)
        stopped_by_user = self._stop.is_set()
        # Let the grabber leave its read before releasing the camera under it (it checks the stop flag
        # after every frame); a camera stuck in read() is released anyway after a second.
        self._stop.set()
        grabber.join(timeout=1.0)
        source.close()
        if slot.error is not None and not stopped_by_user:
            self.source_lost.emit(str(slot.error))

    def _swap_analyzer(self, final: bool = False) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None and not final:
            return
        if self._analyzer is not None:
            self.analyzer_done.emit(self._tag, self._analyzer.finish())
        self._carry = []  # UI events of the old set (the recorder already has them)
        self._analyzer, self._tag = pending if pending is not None else (None, None)

    def _process(self, frame: Frame, read_ns: int, backend, dropped: int, live: bool,
                 rgb: np.ndarray | None = None) -> None:
        self._swap_analyzer()
        t_ms = frame.t_ms + self.t_offset_ms
        if rgb is None:
            rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
        t0 = time.perf_counter_ns()
        pose = backend.detect(rgb, t_ms, frame.index)
        self.detect_ms.append((time.perf_counter_ns() - t0) / 1e6)
        self.last_t_ms = pose.t_ms
        an = self._analyzer
        events: list[Event] = an.push(pose) if an is not None else []
        state = an.state() if an is not None else None
        self.frames_in += 1
        if an is not None and an.last_frame is not None:
            pose = an.last_frame  # the person being judged (the exerciser among everyone), drawn and recorded
        lf = LiveFrame(image_bgr=frame.image_bgr, pose=pose, state=state, events=tuple(events),
                       plot_value=_plot_value(an, state), quality=tracking_quality(pose), read_ns=read_ns,
                       dropped=dropped, is_live=live, set_tag=self._tag)
        if self.frame_sink is not None:  # the recorder gets every frame with its own events
            self.frame_sink(lf)
        with self._lock:
            busy = self._ui_pending >= _MAX_UI_PENDING
            if not busy:
                self._ui_pending += 1
        if busy:  # the UI is behind: analyse on, paint later; events ride along with the next frame painted
            self._carry += events
            self.ui_skipped += 1
            return
        # Scaled for the view only now: the recorder keeps the full frame, and a frame the UI is too
        # busy to take is never shown.
        lf = replace(lf, events=tuple(self._carry) + lf.events,
                     display_bgr=fit_for_display(frame.image_bgr, self._display_box))
        self._carry = []
        self.frame_ready.emit(lf)


class _Prefetch:
    """Iterates ``(frame, image_rgb)`` of a file source, decoded a few frames ahead by a reader thread.

    Each frame owns its arrays (the UI and the recorder keep them). Errors in the reader are raised in
    the consumer. :meth:`close` stops the reader before the source may be closed.
    """

    _END = object()

    def __init__(self, source: FrameSource, depth: int = 4):
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(source,), name="video-reader", daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)  # the timeout only bounds the reaction to close()
                return True
            except queue.Full:
                continue
        return False

    def _read(self, source: FrameSource) -> None:
        try:
            for f in source:
                if not self._put((f, cv2.cvtColor(f.image_bgr, cv2.COLOR_BGR2RGB))):
                    return
            self._put(self._END)
        except BaseException as e:  # noqa: BLE001 (handed to the consumer and raised there)
            self._put(e)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5.0)


def _plot_value(an: Analyzer | None, state: LiveState | None) -> float:
    if an is None or state is None:
        return math.nan
    if an.exercise.rep is not None:
        return state.driver_value
    if an.exercise.hold is not None and an.exercise.hold.all_conditions:
        series = an.trace.filtered.get(an.exercise.hold.all_conditions[0].feature)
        return float(series[-1]) if series else math.nan
    return math.nan
