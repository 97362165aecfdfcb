"""The only module that imports mediapipe: PoseLandmarker (Tasks API) in VIDEO mode.

VIDEO mode needs strictly increasing timestamps: we pass the source's own ``t_ms``.

``num_poses=2``, for two reasons. It lets us notice a second person instead of silently judging
whoever the detector found first. And while fewer than two people are tracked, MediaPipe runs its
person detector on every frame, so every frame's landmark region comes from a fresh detection and
not from the previous frame's landmarks. That doubles the cost of a frame (lite: 38 against 19 ms
on this machine), and it is what keeps the landmarks right on the rendered fixtures. Tried and
dropped (2026-12-01): tracking one person (``num_poses=1``) and looking for a second with a
``num_poses=2`` landmarker on every 5th frame, on its own thread. The live view then ran at 27-28 fps
instead of 18-20 on a 640x480 webcam, but the fixtures lost exact counts (an incomplete bridge 4 of 5,
a bird dog 6 of 5 with its sides swapped) and dead-bug fault hits, because the tracked region drifts
on long extended limbs. ``min_tracking_confidence=0.9`` did not bring them back (docs/benchmarks.md).

Several instances (:func:`mediapipe_stage`, ``posecheck/pose/stage.py``) take alternate frames so that
the cores share that cost. For one person in view this gives the same landmarks, bit for bit, as one
instance, because nothing in the Tasks PoseLandmarker carries over from frame to frame then: it has no
landmark smoothing (a TODO in ``pose_landmarker_graph.cc``), and while fewer than ``num_poses`` people
are tracked the detector runs and its regions take priority over the previous frame's in the
association step. History only matters (a) with two people tracked, when an instance skips the
detector and follows its own previous frame, two frames back instead of one, and (b) when a person
moves fast (walking out of the picture): the region from two frames back no longer overlaps the new
detection, is kept beside it, and yields the same person twice for a frame or two. Measured (full
model, 2026-12-06): 58 of 62 landmark sequences of the fixtures and real clips identical; the other
four (the two-person fixture, walking out of frame, two real planks) differ on 2% of frames (97% on
the two-person fixture), with people counts differing on 3-9 frames; counts, holds and faults equal
on all 30 fixtures and all real clips. Giving each instance runs of consecutive frames instead was
worse on the two-person fixture (people counts differed on half the frames with runs of 8 or 30), so
the stage alternates single frames.

Person masks (``outlines=True``, issue 11): MediaPipe then also returns each person's segmentation
mask, projected back onto the whole frame, and :func:`posecheck.pose.outline.trunk_outline` reduces it
at once to the trunk's outline (a few dozen numbers per person); the mask itself goes no further. The
landmarks are the same, bit for bit, with masks on or off (checked on the fixtures), so counting does not
change. What masks cost is MediaPipe projecting the mask onto the full frame, which grows with the
picture's size (``python benchmarks/mask_cost.py``; docs/benchmarks.md), so they are turned on only for
an exercise whose file measures the outline (``ExerciseDef.needs_outline``), and live a wide picture is
scaled down first (``mask_width``, :data:`LIVE_MASK_WIDTH`).
"""

from __future__ import annotations

import numpy as np

from posecheck.errors import ModelError
from posecheck.landmarks import N_LANDMARKS, PersonPose, PoseFrame
from posecheck.pose.model_files import ResolvedModel
from posecheck.pose.outline import trunk_outline
from posecheck.pose.stage import PoseStage

__all__ = ["BACKEND_TAG", "OUTLINE_TAG", "LIVE_MASK_WIDTH", "MediaPipePoseBackend", "mediapipe_stage",
           "backend_tag"]

# Names these settings for caches of extracted landmarks (benchmarks): change it when they change.
BACKEND_TAG = "np2-people-cuts"  # + scene cuts flagged from the picture (capture/scene_cuts.py)
OUTLINE_TAG = "outline1"  # the trunk outline's layout (posecheck/pose/outline.py): change it when it changes
# Live, with masks, a frame wider than this is scaled down to it before MediaPipe: the mask MediaPipe
# projects onto the whole input then costs what a 640-wide picture's does (benchmarks/mask_cost.py: at
# 1280x720 about 6 ms a frame more with masks, 2 ms from a 640x360 picture). The webcam's default 640x480
# is not scaled, so its landmarks are the same as without masks. Recordings analysed afterwards are not
# scaled (the figures of benchmarks/clips_accuracy.py are taken that way).
LIVE_MASK_WIDTH = 640


def backend_tag(outlines: bool) -> str:
    """The cache tag of landmarks extracted with or without the trunk outline."""
    return f"{BACKEND_TAG}-{OUTLINE_TAG}" if outlines else BACKEND_TAG


def _person(landmarks, world_landmarks, mask=None, image_size=None) -> PersonPose:
    xyz = np.array([(p.x, p.y, p.z) for p in landmarks], np.float32).reshape(N_LANDMARKS, 3)
    vis = np.array([p.visibility if p.visibility is not None else 1.0 for p in landmarks], np.float32)
    world = None
    if world_landmarks:
        world = np.array([(p.x, p.y, p.z) for p in world_landmarks], np.float32)
    outline = None
    if mask is not None:
        # numpy_view() is the mask in MediaPipe's own memory (no copy); only the outline outlives it
        outline = trunk_outline(mask.numpy_view(), xyz, image_size)
    return PersonPose(xyz, vis, world, outline)


class MediaPipePoseBackend:
    def __init__(self, model: ResolvedModel, num_poses: int = 2, min_detection_confidence: float = 0.5,
                 min_tracking_confidence: float = 0.5, outlines: bool = False, mask_width: int | None = None):
        import mediapipe as mp
        from mediapipe.tasks.python import BaseOptions, vision

        self._mp = mp
        self.variant, self.sha256 = model.variant, model.sha256
        self.outlines = bool(outlines)
        # with masks, frames wider than this are scaled down before MediaPipe (None: never); see the docstring
        self.mask_width = mask_width
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model.path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=num_poses,
            min_pose_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
            output_segmentation_masks=self.outlines,
        )
        try:
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as e:
            raise ModelError(f"MediaPipe could not load {model.path}: {e}",
                             f"Run `posecheck models verify`, then `posecheck models fetch {model.variant}`") from None
        self._last_t_ms = -1

    def detect(self, image_rgb: np.ndarray, t_ms: int, index: int) -> PoseFrame:
        h, w = image_rgb.shape[:2]
        t_ms = max(int(t_ms), self._last_t_ms + 1)  # VIDEO mode rejects equal or decreasing stamps
        self._last_t_ms = t_ms
        feed = image_rgb
        if self.outlines and self.mask_width and w > self.mask_width:
            # a smaller picture makes a smaller mask (MediaPipe projects it onto the whole input); the
            # landmarks are normalised, so they still place on the full frame
            import cv2

            feed = cv2.resize(image_rgb, (self.mask_width, max(1, round(h * self.mask_width / w))),
                              interpolation=cv2.INTER_AREA)
        image = self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=np.ascontiguousarray(feed))
        result = self._landmarker.detect_for_video(image, t_ms)
        n = len(result.pose_landmarks)
        if n == 0:
            return PoseFrame(t_ms=t_ms, index=index, image_size=(w, h), n_poses=0)
        worlds, masks = result.pose_world_landmarks, (result.segmentation_masks or []) if self.outlines else []
        mask_size = (feed.shape[1], feed.shape[0])  # the outline is in chord lengths: any scale will do
        people = tuple(_person(lms, worlds[k] if k < len(worlds) else None, masks[k] if k < len(masks) else None,
                               mask_size)
                       for k, lms in enumerate(result.pose_landmarks))
        first = people[0]
        return PoseFrame(t_ms=t_ms, index=index, image_size=(w, h), xyz=first.xyz, visibility=first.visibility,
                         world_xyz=first.world_xyz, n_poses=n, people=people, outline=first.outline)

    def close(self) -> None:
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> "MediaPipePoseBackend":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def mediapipe_stage(model: ResolvedModel, workers: int = 1, chunk: int = 1, outlines: bool = False) -> PoseStage:
    """``workers`` PoseLandmarkers on alternate frames (``posecheck/pose/stage.py``), each made in its own thread;
    ``outlines``: each also measures the trunk's outline from its person masks."""
    return PoseStage(lambda: MediaPipePoseBackend(model, outlines=outlines), workers=workers, chunk=chunk)
