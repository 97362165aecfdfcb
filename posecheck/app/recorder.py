"""SessionRecorder: writes a session folder on its own thread, behind a bounded queue.

The worker hands every :class:`~posecheck.app.worker.LiveFrame` to :meth:`submit_frame`; the presenter
adds app events (set started, stopped for pain…) with :meth:`add_event`. A plain ``threading.Thread``
drains the queue into :class:`posecheck.session.store.SessionWriter`: landmarks, events and the video
(each picture JPEG-encoded here, then written into an AVI whose index is kept up to date on disk, so a
crash or a kill leaves a seekable video: :mod:`posecheck.session.avi_writer`).

When the camera outruns the disk, video frames are dropped (counted) but landmarks and events are not.
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
                 max_queue: int = 120, min_free_bytes: int = 100 * 1024 * 1024, flush_interval_s: float = FLUSH_INTERVAL_S):
        self.folder = Path(folder)
        self.fps = fps if fps and fps > 0 else 30.0
        self.live = live
        self.record_video = record_video
        self.min_free_bytes = min_free_bytes
        self.error: str | None = None
        self.video_frames_dropped = 0
        self.frames_written = 0
        self._queue: queue.Queue = queue.Queue(maxsize=max_queue)
        self._writer = SessionWriter(self.folder, meta, flush_interval_s=flush_interval_s, video_fps=self.fps)
        self._final_meta: dict = {}
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="session-recorder", daemon=True)
        self._thread.start()

    # ---- producers (worker thread, UI thread)
    def submit_frame(self, lf) -> None:
        if self.error is not None or self._closing:
            return
        image = lf.image_bgr if self.record_video else None
        if image is not None and self.live and self._queue.qsize() > self._queue.maxsize * 3 // 4:
            image, self.video_frames_dropped = None, self.video_frames_dropped + 1
        tag = lf.set_tag
        events = [self._event_dict(e, tag) for e in lf.events]
        self._queue.put(("frame", image, lf.pose, events))

    def add_event(self, event: dict) -> None:
        if self.error is None and not self._closing:
            self._queue.put(("event", event))

    def add_engine_events(self, events, set_tag) -> None:
        for e in events:
            self.add_event(self._event_dict(e, set_tag))

    def close(self, timeout_s: float = 10.0, **final_meta) -> None:
        """Write what is queued, finish the folder (poses.npz, meta complete) and stop the thread."""
        self._closing = True
        self._final_meta = final_meta
        self._queue.put(_CLOSE)
        self._thread.join(timeout_s)

    @staticmethod
    def _event_dict(e, set_tag) -> dict:
        d = event_to_dict(e)
        if isinstance(set_tag, dict):
            d.update({k: v for k, v in set_tag.items() if k not in d})
        return d

    # ---- the writing thread
    def _run(self) -> None:
        while True:
            try:  # wake up at least once a second so a quiet spell (camera paused) is flushed too
                item = self._queue.get(timeout=self._writer.flush_interval_s)
            except queue.Empty:
                item = None
            if item is _CLOSE:
                break
            if self.error is not None:
                continue  # recording stopped: drain the queue so producers never block
            try:
                if item is None:
                    self._writer.maybe_flush()
                else:
                    self._write(item)
            except (RecordingError, OSError) as e:
                self._fail(e)
        if self.error is None:
            try:
                self._writer.close(video_frames=self.frames_written,
                                   video_frames_dropped=self.video_frames_dropped, **self._final_meta)
            except (RecordingError, OSError) as e:
                self._fail(e)

    def _write(self, item) -> None:
        if item[0] == "event":
            self._writer.add_event(item[1])
        else:
            _, image, pose, events = item
            in_video = image is not None and self._write_video(image)
            self._writer.add_pose(pose, in_video=in_video)
            for d in events:
                self._writer.add_event(d)
        if self._writer.maybe_flush():
            self._check_space()

    def _write_video(self, image) -> bool:
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if ok and self._writer.add_video_frame(jpeg.tobytes(), image.shape[1], image.shape[0]):
            self.frames_written += 1
            return True
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
