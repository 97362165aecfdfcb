"""SessionRecorder: writes a session folder on its own thread, behind a bounded queue that never blocks.

The worker hands every :class:`~posecheck.app.worker.LiveFrame` to :meth:`submit_frame`; the presenter
adds app events (set started, stopped for pain…) with :meth:`add_event`. A plain ``threading.Thread``
drains the queue into :class:`posecheck.session.store.SessionWriter`: landmarks, events and the video
(each picture JPEG-encoded here, then written into an AVI whose index is kept up to date on disk, so a
crash or a kill leaves a seekable video: :mod:`posecheck.session.avi_writer`).

Producers never wait for the disk (a stalled disk must not freeze the worker or the UI):

- pictures are dropped first: when the queued ones hold more than ``max_queued_video_mb``, a frame
  goes without its picture (``video_frames_dropped``; the camera outran the disk);
- when the queue is full (``max_queue_frames``), a frame's landmarks are lost too
  (``landmark_frames_lost``), but its events wait in a side list of up to ``max_pending_events`` and are
  written when the queue has drained; beyond that they are lost (``events_lost``).
Every loss is counted, stored in ``meta.json`` at the end and reported once by :meth:`new_loss`.

A write error (disk full: also checked as free space below ``min_free_bytes``) stops recording with a
message in :attr:`error`; everything written until then stays readable.
"""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

import cv2

from posecheck.engine.events import event_to_dict
from posecheck.session.store import FLUSH_INTERVAL_S, RecordingError, SessionWriter

__all__ = ["SessionRecorder"]

_CLOSE = object()
# Motion-JPEG quality: at 80 a rendered 640×480 frame is ~13 KB at 44.5 dB PSNR, a little sharper than the
# ~10 KB / 43.4 dB cv2.VideoWriter's MJPG encoder gave before.
JPEG_QUALITY = 80


class SessionRecorder:
    def __init__(self, folder: str | Path, meta: dict, fps: float, live: bool, record_video: bool = True,
                 max_queue_frames: int = 600, max_queued_video_mb: float = 64.0, max_pending_events: int = 10_000,
                 min_free_bytes: int = 100 * 1024 * 1024, flush_interval_s: float = FLUSH_INTERVAL_S):
        self.folder = Path(folder)
        self.fps = fps if fps and fps > 0 else 30.0
        self.live = live
        self.record_video = record_video
        self.min_free_bytes = min_free_bytes
        self.max_queued_video_bytes = int(max_queued_video_mb * 1024 * 1024)
        self.max_pending_events = max_pending_events
        self.error: str | None = None
        self.video_frames_dropped = 0  # pictures not recorded (their landmarks were)
        self.landmark_frames_lost = 0  # frames not recorded at all: the writer was stalled
        self.events_lost = 0
        self.frames_written = 0  # video frames in the file
        self._losses_reported = 0
        self._queued_video_bytes = 0
        self._pending_events: list[dict] = []  # events that found the queue full, oldest first
        self._lock = threading.Lock()  # guards the two fields above (producers vs the writing thread)
        self._queue: queue.Queue = queue.Queue(maxsize=max_queue_frames)
        self._writer = SessionWriter(self.folder, meta, flush_interval_s=flush_interval_s, video_fps=self.fps)
        self._final_meta: dict = {}
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="session-recorder", daemon=True)
        self._thread.start()

    # ---- producers (worker thread, UI thread): never block
    def submit_frame(self, lf) -> None:
        if self.error is not None or self._closing:
            return
        image = lf.image_bgr if self.record_video else None
        with self._lock:
            if image is not None and self._queued_video_bytes + image.nbytes > self.max_queued_video_bytes:
                image, self.video_frames_dropped = None, self.video_frames_dropped + 1
            if image is not None:
                self._queued_video_bytes += image.nbytes
        events = [self._event_dict(e, lf.set_tag) for e in lf.events]
        try:
            self._queue.put_nowait(("frame", image, lf.pose, events))
        except queue.Full:
            with self._lock:
                self.landmark_frames_lost += 1
                if image is not None:
                    self._queued_video_bytes -= image.nbytes
                    self.video_frames_dropped += 1
            self._hold_events(events)

    def add_event(self, event: dict) -> None:
        if self.error is None and not self._closing:
            try:
                self._queue.put_nowait(("event", event))
            except queue.Full:
                self._hold_events([event])

    def add_engine_events(self, events, set_tag) -> None:
        for e in events:
            self.add_event(self._event_dict(e, set_tag))

    def new_loss(self) -> int:
        """Frames lost to a stalled writer so far, when that grew since the last call; else 0 (events are
        lost only after frames are: the frame count tells the story)."""
        lost = self.landmark_frames_lost
        if lost == self._losses_reported:
            return 0
        self._losses_reported = lost
        return lost

    def close(self, timeout_s: float = 10.0, **final_meta) -> None:
        """Write what is queued, finish the folder (poses.npz, meta complete) and stop the thread. A writer
        that stays stalled for ``timeout_s`` is left behind: the folder stays readable as an unfinished one."""
        self._closing = True
        self._final_meta = final_meta
        try:
            self._queue.put(_CLOSE, timeout=timeout_s)
        except queue.Full:
            self.error = self.error or f"the disk did not respond for {timeout_s:g} s; the recording in {self.folder} was not finished"
            return
        self._thread.join(timeout_s)

    def _hold_events(self, events: list[dict]) -> None:
        with self._lock:
            room = self.max_pending_events - len(self._pending_events)
            self._pending_events += events[:max(room, 0)]
            self.events_lost += max(len(events) - max(room, 0), 0)

    @staticmethod
    def _event_dict(e, set_tag) -> dict:
        d = event_to_dict(e)
        if isinstance(set_tag, dict):
            d.update({k: v for k, v in set_tag.items() if k not in d})
        return d

    # ---- the writing thread
    def _run(self) -> None:
        while True:
            try:  # wake up at least once per flush interval so a quiet spell (camera paused) is flushed too
                item = self._queue.get(timeout=self._writer.flush_interval_s)
            except queue.Empty:
                item = None
            if item is _CLOSE:
                break
            if item is not None and item[0] == "frame" and item[1] is not None:
                with self._lock:
                    self._queued_video_bytes -= item[1].nbytes
            if self.error is not None:
                continue  # recording stopped: drain the queue
            try:
                if item is not None:
                    self._write(item)
                if self._queue.empty():  # held-back events come after everything queued before them
                    self._write_pending_events()
                if self._writer.maybe_flush():
                    self._check_space()
            except Exception as e:  # noqa: BLE001 (disk errors, and a bug must stop recording visibly, not kill the thread)
                self._fail(e)
        if self.error is None:
            try:
                self._write_pending_events()
                self._writer.close(video_frames=self.frames_written, video_frames_dropped=self.video_frames_dropped,
                                   landmark_frames_lost=self.landmark_frames_lost, events_lost=self.events_lost,
                                   **self._final_meta)
            except (RecordingError, OSError) as e:
                self._fail(e)

    def _write(self, item) -> None:
        if item[0] == "event":
            self._writer.add_event(item[1])
            return
        _, image, pose, events = item
        in_video = image is not None and self._write_video(image)
        self._writer.add_pose(pose, in_video=in_video)
        for d in events:
            self._writer.add_event(d)

    def _write_pending_events(self) -> None:
        with self._lock:
            events, self._pending_events = self._pending_events, []
        for d in events:
            self._writer.add_event(d)

    def _write_video(self, image) -> bool:
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if ok and self._writer.add_video_frame(jpeg.tobytes(), image.shape[1], image.shape[0]):
            self.frames_written += 1
            return True
        with self._lock:
            self.video_frames_dropped += 1
        return False

    def _check_space(self) -> None:
        try:
            free = shutil.disk_usage(self.folder).free
        except OSError:
            return
        if free < self.min_free_bytes:
            raise RecordingError(f"the disk is almost full ({free // (1024 * 1024)} MB free); recording stopped. "
                                 f"What was recorded until now is kept in {self.folder}")

    def _fail(self, e: Exception) -> None:
        self.error = str(e)
        try:
            self._writer.flush()
        except (RecordingError, OSError):
            pass
        self._writer.abandon()
