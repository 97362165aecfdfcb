"""The only module that imports mediapipe: PoseLandmarker (Tasks API) in VIDEO mode.

VIDEO mode tracks the person from frame to frame and skips the detector on most frames (about 20 ms
instead of 40 ms per frame with lite here), but it needs strictly increasing timestamps: we pass the
source's own ``t_ms``.

**Noticing a second person.** Asking the tracker for ``num_poses=2`` would make MediaPipe run the
person detector on every frame while only one person is tracked, which doubles the cost of every
frame (lite: 38 against 19 ms on this machine) just to notice a rare bystander. Instead the tracker
asks for one person, and a second landmarker (the *people watcher*, ``num_poses=2``) looks at every
``watch_every``-th frame on its own thread. MediaPipe releases the GIL, so on a 2-core laptop the
watcher runs beside the tracker rather than after it. The watcher is in VIDEO mode too: a bystander
is often detected in only a few frames, then *tracked*, and the tracking is what keeps seeing them.
Its detection threshold is lower (0.3) for the same reason.

The watcher's count for frame ``i`` is applied to frames ``i + watch_every`` … ``i + 2·watch_every − 1``,
a fixed lag that does not depend on thread timing, so a recording analysed twice gives the same
``n_poses`` for every frame (tests and reports depend on that). At 30 fps and ``watch_every=5`` the
lag is a third of a second; the setup check and the engine only act on a second person who stays.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from posecheck.errors import ModelError
from posecheck.landmarks import N_LANDMARKS, PoseFrame
from posecheck.pose.model_files import ResolvedModel

__all__ = ["MediaPipePoseBackend"]

WATCH_EVERY = 5  # frames between two looks of the people watcher
WATCH_DETECTION_CONFIDENCE = 0.3
# Names these settings for caches of extracted landmarks (benchmarks): change it when they change.
BACKEND_TAG = f"track1-watch{WATCH_EVERY}"


class MediaPipePoseBackend:
    def __init__(self, model: ResolvedModel, min_detection_confidence: float = 0.5,
                 min_tracking_confidence: float = 0.5, watch_every: int | None = WATCH_EVERY):
        """``watch_every=None`` turns the people watcher off (``n_poses`` is then 0 or 1)."""
        import mediapipe as mp

        self._mp = mp
        self.variant, self.sha256 = model.variant, model.sha256
        self._landmarker = _create(model, 1, min_detection_confidence, min_tracking_confidence)
        self._watch_every = watch_every
        self._watcher = self._pool = None
        if watch_every:
            self._watcher = _create(model, 2, WATCH_DETECTION_CONFIDENCE, min_tracking_confidence)
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="people-watcher")
        self._pending: Future | None = None
        self._people_seen = 0  # the watcher's last count that is due (see the module docstring)
        self._calls = 0
        self._last_t_ms = -1

    def detect(self, image_rgb: np.ndarray, t_ms: int, index: int) -> PoseFrame:
        h, w = image_rgb.shape[:2]
        t_ms = max(int(t_ms), self._last_t_ms + 1)  # VIDEO mode rejects equal or decreasing stamps
        self._last_t_ms = t_ms
        # mp.Image copies the pixels, so the caller may reuse its buffer and the watcher may read this later.
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=np.ascontiguousarray(image_rgb))
        if self._pool is not None and self._calls % self._watch_every == 0:
            if self._pending is not None:
                self._people_seen = self._pending.result()  # had a whole watch period to finish
            self._pending = self._pool.submit(self._count_people, image, t_ms)
        self._calls += 1
        result = self._landmarker.detect_for_video(image, t_ms)
        if not result.pose_landmarks:
            return PoseFrame(t_ms=t_ms, index=index, image_size=(w, h), n_poses=0)
        lms = result.pose_landmarks[0]
        xyz = np.array([(p.x, p.y, p.z) for p in lms], np.float32).reshape(N_LANDMARKS, 3)
        vis = np.array([p.visibility if p.visibility is not None else 1.0 for p in lms], np.float32)
        world = None
        if result.pose_world_landmarks:
            world = np.array([(p.x, p.y, p.z) for p in result.pose_world_landmarks[0]], np.float32)
        return PoseFrame(t_ms=t_ms, index=index, image_size=(w, h), xyz=xyz, visibility=vis, world_xyz=world,
                         n_poses=max(1, self._people_seen))

    def _count_people(self, image, t_ms: int) -> int:
        return len(self._watcher.detect_for_video(image, t_ms).pose_landmarks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)  # the watcher must not run on a closed landmarker
            self._pool = None
        for lm in (self._landmarker, self._watcher):
            if lm is not None:
                lm.close()
        self._landmarker = self._watcher = None

    def __enter__(self) -> "MediaPipePoseBackend":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _create(model: ResolvedModel, num_poses: int, detection_confidence: float, tracking_confidence: float):
    from mediapipe.tasks.python import BaseOptions, vision

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model.path)),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=num_poses,
        min_pose_detection_confidence=detection_confidence,
        min_tracking_confidence=tracking_confidence,
    )
    try:
        return vision.PoseLandmarker.create_from_options(options)
    except (RuntimeError, ValueError) as e:
        raise ModelError(f"MediaPipe could not load {model.path}: {e}",
                         f"Run `posecheck models verify`, then `posecheck models fetch {model.variant}`") from None
