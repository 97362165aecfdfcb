"""PipelineWorker: capture → pose model → analyzer, a QThread handing immutable results to the UI.

The UI thread never reads frames or runs the model; it only receives :class:`LiveFrame` payloads
through the ``frame_ready`` signal (a queued connection across threads) and paints them.

- File sources: every frame in order, paced to the container timestamps (real speed, or ``speed``
  times faster for tests), so a recording runs through the live view as it would from a camera.
- Cameras: a grabber thread keeps only the newest frame (:class:`FrameMailbox`); frames the model
  had no time for are counted in ``dropped`` instead of piling up latency.
- Pose: a :class:`~posecheck.pose.stage.PoseStage` of ``pose_workers`` instances on alternate frames,
  pipelined: the next frame is handed to a free instance before the previous result is back, and
  results are delivered in frame order (:meth:`PipelineWorker._pump`).
- Stop with :meth:`PipelineWorker.stop` (a ``threading.Event``: no polling loops); a camera that stops
  delivering ends the run with ``source_lost`` so the presenter can pause and keep the session.
- Sets: :meth:`PipelineWorker.set_analyzer` swaps the analyzer between frames (``None`` while resting);
  the outgoing analyzer is finished in this thread and its last events arrive via ``analyzer_done``.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PyQt6.QtCore import QThread, pyqtSignal

from posecheck.app.back_curve_overlay import BackCurveOverlay, back_curve_overlay
from posecheck.capture.prefetch import prefetched_frames
from posecheck.capture.sources import Frame, FrameSource
from posecheck.engine.analyzer import Analyzer, LiveState
from posecheck.engine.events import Event
from posecheck.errors import PosecheckError, SourceError
from posecheck.landmarks import PoseFrame, tracking_quality
from posecheck.pose.stage import PoseStage, pose_workers_for

__all__ = ["FrameMailbox", "LiveFrame", "PipelineWorker", "fit_for_display"]

_MAX_UI_PENDING = 2  # frames queued for the UI before the worker stops sending more (it never waits for the UI)


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
    back_curve: BackCurveOverlay | None = None  # the lower back's curve to draw (exercises that read it)


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


class FrameMailbox:
    """Frames from a feeder thread (the camera grabber, or the file pacer) to the inference loop.

    ``latest_wins`` (cameras): one frame is kept, the newest; the ones it replaces are counted in
    ``dropped``, so a slow model skips frames instead of piling up latency. Otherwise (files) every
    frame is kept, in order, and :meth:`put` waits while ``capacity`` frames are waiting.
    ``on_put`` is called after every put and on close, so the loop can sleep on one event for frames
    and pose results at once.
    """

    def __init__(self, latest_wins: bool = True, capacity: int = 2):
        self._cond = threading.Condition()
        self._items: deque[tuple[Frame, int, np.ndarray | None]] = deque()
        self.latest_wins, self.capacity = latest_wins, max(1, capacity)
        self._done = False
        self.error: Exception | None = None
        self.dropped = 0
        self.on_put: Callable[[], None] | None = None

    def put(self, frame: Frame, image_rgb: np.ndarray | None = None, stop: threading.Event | None = None) -> bool:
        """Hands a frame over (stamped now: the moment it came out of the source); False once closed or stopped."""
        with self._cond:
            if self.latest_wins:
                self.dropped += len(self._items)
                self._items.clear()
            else:
                while len(self._items) >= self.capacity and not self._done and not (stop and stop.is_set()):
                    self._cond.wait(0.2)  # woken by a take; the timeout only bounds the reaction to stop
                if self._done or (stop and stop.is_set()):
                    return False
            self._items.append((frame, time.perf_counter_ns(), image_rgb))
            self._cond.notify_all()
        self._wake()
        return True

    def close(self, error: Exception | None = None) -> None:
        with self._cond:
            self._done, self.error = True, self.error or error
            self._cond.notify_all()
        self._wake()

    def take_nowait(self) -> tuple[Frame, int, np.ndarray | None] | None:
        """``(frame, read_ns, image_rgb or None)``, the oldest waiting (the only one for a camera), or None."""
        with self._cond:
            if not self._items:
                return None
            item = self._items.popleft()
            self._cond.notify_all()
            return item

    def take(self, stop: threading.Event) -> tuple[Frame, int, np.ndarray | None] | None:
        """As :meth:`take_nowait`, waiting for a frame; None when the source ended or ``stop`` was set."""
        with self._cond:
            while not self._items and not self._done and not stop.is_set():
                self._cond.wait(0.2)
        return self.take_nowait()

    @property
    def finished(self) -> bool:
        """Closed, and every frame taken."""
        with self._cond:
            return self._done and not self._items

    def _wake(self) -> None:
        if self.on_put is not None:
            self.on_put()


class PipelineWorker(QThread):
    """The app's background-work idiom (``posecheck/app/call_worker.py``): ``start()`` runs :meth:`run`
    in its own thread, which reports through the signals below; QThread's ``finished`` follows the last."""

    source_opened = pyqtSignal(dict)  # {"fps", "size", "is_live", "model_variant", "model_sha256"}
    frame_ready = pyqtSignal(object)  # LiveFrame
    analyzer_done = pyqtSignal(object, list)  # (set_tag, final events of the outgoing analyzer)
    error = pyqtSignal(str)  # could not start (no camera, bad video, model missing)
    source_lost = pyqtSignal(str)  # the camera stopped delivering mid-session
    source_ended = pyqtSignal()  # a video file reached its end

    def __init__(self, source_factory: Callable[[], FrameSource], backend_factory: Callable[[], object],
                 analyzer: Analyzer | None = None, set_tag: object = None, speed: float = 1.0,
                 t_offset_ms: int = 0, frame_sink: Callable[[LiveFrame], None] | None = None,
                 pose_workers: int | None = None):
        super().__init__()
        self._source_factory = source_factory
        self._backend_factory = backend_factory  # makes one pose backend; called once per pose worker
        self.pose_workers = pose_workers_for(pose_workers)
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
        self.detect_ms: deque[float] = deque(maxlen=5000)  # frame handed to the model → pose back, ms (benchmark)
        self.ui_skipped = 0  # frames analysed but not sent to the UI because it was still busy
        self.camera_dropped = 0  # camera frames the model had no time for (latest frame wins)
        self._display_box: tuple[int, int] | None = None  # (w, h) the video view fits frames into
        self._ui_pending = 0
        self._carry: list[Event] = []
        self._stopped_by_user = False

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
        source = stage = None
        try:
            try:
                source = self._source_factory()
                stage = PoseStage(self._backend_factory, workers=self.pose_workers)
            except PosecheckError as e:
                self.error.emit(str(e))
                return
            info = {"fps": source.fps, "size": source.size, "is_live": source.is_live,
                    "model_variant": stage.variant, "model_sha256": stage.sha256}
            if self.on_start is not None:
                self.on_start(info)
            self.source_opened.emit(info)
            if source.is_live:
                self._run_live(source, stage)
            else:
                self._run_file(source, stage)
        except Exception as e:  # noqa: BLE001 (a bug: tell the person instead of freezing, keep the traceback on stderr)
            import traceback
            traceback.print_exc()
            self.error.emit(f"{type(e).__name__}: {e}")
        finally:
            for thing in (stage, source):
                if thing is not None:
                    thing.close()

    def _run_file(self, source: FrameSource, stage: PoseStage) -> None:
        """Every frame in order, handed over when it is due (the container time, ``speed`` times faster)."""
        box = FrameMailbox(latest_wins=False, capacity=2)

        def pace() -> None:
            frames = prefetched_frames(source, depth=4)  # decode + colour conversion ahead of the model
            try:
                t0_wall = t0_ms = None
                for frame, rgb in frames:
                    if t0_wall is None:
                        t0_wall, t0_ms = time.perf_counter(), frame.t_ms
                    due = t0_wall + (frame.t_ms - t0_ms) / 1000.0 / self.speed
                    wait = due - time.perf_counter()
                    if (wait > 0 and self._stop.wait(wait)) or not box.put(frame, rgb, self._stop):
                        return
            except Exception as e:  # noqa: BLE001 (raised again in the worker thread, below)
                box.close(e)
            finally:
                frames.close()
                box.close()

        pacer = threading.Thread(target=pace, name="video-pacer", daemon=True)
        pacer.start()
        try:
            self._pump(box, stage, live=False)
        finally:
            self._stop_feeder(box, pacer)
        if box.error is not None:
            raise box.error
        if not self._stopped_by_user:
            self._swap_analyzer(final=True)
            self.source_ended.emit()

    def _run_live(self, source: FrameSource, stage: PoseStage) -> None:
        box = FrameMailbox(latest_wins=True)

        def grab() -> None:
            try:
                for f in source:
                    # converted here, beside the model rather than before it
                    if not box.put(f, cv2.cvtColor(f.image_bgr, cv2.COLOR_BGR2RGB)) or self._stop.is_set():
                        break
                box.close()
            except SourceError as e:
                box.close(e)

        grabber = threading.Thread(target=grab, name="camera-grabber", daemon=True)
        grabber.start()
        try:
            self._pump(box, stage, live=True)
        finally:
            # Let the grabber leave its read before releasing the camera under it (it checks the stop flag
            # after every frame); a camera stuck in read() is released anyway after a second.
            self._stop_feeder(box, grabber)
            source.close()
        if box.error is not None and not self._stopped_by_user:
            self.source_lost.emit(str(box.error))

    def _stop_feeder(self, box: FrameMailbox, feeder: threading.Thread) -> None:
        self._stopped_by_user = self._stop.is_set()
        self._stop.set()
        box.close()
        feeder.join(timeout=1.0)

    def _pump(self, box: FrameMailbox, stage: PoseStage, live: bool) -> None:
        """Frames from ``box`` through the pose stage, pipelined: the next frame goes to a free instance
        while the previous one is still being worked on, and results are delivered in frame order.

        At most one frame per instance is in flight: a newer camera frame waits in the mailbox (where
        the newest wins) rather than in a queue, so a frame is never older than one inference when it
        reaches the model. The loop sleeps on one event, set by a new frame and by a finished pose."""
        wake = threading.Event()
        box.on_put = stage.on_result = wake.set
        while not self._stop.is_set():
            wake.clear()  # before looking, so a frame or result arriving meanwhile is not slept through
            progressed = False
            if stage.pending < stage.workers:
                item = box.take_nowait()
                if item is not None:
                    frame, read_ns, rgb = item
                    if rgb is None:
                        rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
                    stage.submit(rgb, frame.t_ms + self.t_offset_ms, frame.index,
                                 tag=(frame, read_ns, box.dropped, time.perf_counter_ns()))
                    progressed = True
            if stage.result_ready():
                pose, (frame, read_ns, dropped, submit_ns) = stage.get()
                self.detect_ms.append((time.perf_counter_ns() - submit_ns) / 1e6)
                if live:
                    self.camera_dropped = dropped
                self._deliver(frame, pose, read_ns, dropped, live)
                progressed = True
            if not progressed:
                if box.finished and stage.pending == 0:
                    return
                wake.wait(0.5)  # the timeout only bounds the reaction to stop()

    def _swap_analyzer(self, final: bool = False) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None and not final:
            return
        if self._analyzer is not None:
            self.analyzer_done.emit(self._tag, self._analyzer.finish())
        self._carry = []  # UI events of the old set (the recorder already has them)
        self._analyzer, self._tag = pending if pending is not None else (None, None)

    def _deliver(self, frame: Frame, pose: PoseFrame, read_ns: int, dropped: int, live: bool) -> None:
        """One frame's pose through the analyzer, to the recorder and (when it keeps up) the UI."""
        self._swap_analyzer()
        self.last_t_ms = pose.t_ms
        an = self._analyzer
        events: list[Event] = an.push(pose) if an is not None else []
        state = an.state() if an is not None else None
        self.frames_in += 1
        if an is not None and an.last_frame is not None:
            pose = an.last_frame  # the person being judged (the exerciser among everyone), drawn and recorded
        lf = LiveFrame(image_bgr=frame.image_bgr, pose=pose, state=state, events=tuple(events),
                       plot_value=_plot_value(an, state), quality=tracking_quality(pose), read_ns=read_ns,
                       dropped=dropped, is_live=live, set_tag=self._tag,
                       back_curve=back_curve_overlay(an, pose))
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


def _plot_value(an: Analyzer | None, state: LiveState | None) -> float:
    if an is None or state is None:
        return math.nan
    if an.exercise.rep is not None:
        return state.driver_value
    if an.exercise.hold is not None and an.exercise.hold.all_conditions:
        series = an.trace.filtered.get(an.exercise.hold.all_conditions[0].feature)
        return float(series[-1]) if series else math.nan
    return math.nan
