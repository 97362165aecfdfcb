"""Landmark names and the plain pose containers handed over by every pose backend.

This module is part of the numpy core: it imports neither Qt, mediapipe nor cv2.

Array conventions (axes are in the names where they are stored on disk):

- ``xyz``: (33, 3) or (T, 33, 3) float32. x and y are normalised image coordinates
  (0..1 of the image width and height, y pointing down); z is MediaPipe's relative depth
  (same scale as x, smaller is nearer the camera). NaN where no pose was found.
- ``visibility``: (33,) or (T, 33) float32 in 0..1; 0 where no pose was found.
- ``world_xyz``: (33, 3) or (T, 33, 3) float32 in metres, origin between the hips,
  y pointing down. NaN where absent.
- ``people_xyz`` / ``people_visibility`` / ``people_world_xyz``: (T, P, 33, 3) / (T, P, 33): every person
  the backend found in a frame, in the backend's order, NaN-padded to the most people seen in one frame.
  ``xyz`` is the backend's first person; which person is the exerciser is decided by the engine
  (``posecheck/engine/people.py``), not by the backend's order.
- ``t_ms``: source timestamps in milliseconds (container time for files, a monotonic clock for
  cameras), never wall-clock time.
- ``outline`` / ``people_outline``: (2, 2, OUTLINE_STATIONS) per person and frame, float32, or None when
  the backend ran without person masks: the trunk's outline sampled along the hip-shoulder chord, in
  chord lengths (layout in ``posecheck/pose/outline.py``; measured by ``posecheck/kinematics/back_curve.py``).
  Stacked (T, 2, 2, K) and (T, P, 2, 2, K), NaN where unseen. Never the mask itself: that is a picture
  of the person (health data, and far too big to keep).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

__all__ = [
    "LANDMARK_NAMES",
    "LANDMARK_INDEX",
    "N_LANDMARKS",
    "SKELETON_EDGES",
    "LIMB_PARTS",
    "LEFT_LIMBS",
    "RIGHT_LIMBS",
    "OUTLINE_STATIONS",
    "OUTLINE_SHAPE",
    "PersonPose",
    "PoseFrame",
    "PoseSequence",
    "landmark_index",
    "tracking_level",
    "tracking_quality",
]

# MediaPipe BlazePose's 33 landmarks, in model output order.
LANDMARK_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner", "left_eye", "left_eye_outer",
    "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear",
    "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
    "left_pinky", "right_pinky",
    "left_index", "right_index",
    "left_thumb", "right_thumb",
    "left_hip", "right_hip",
    "left_knee", "right_knee",
    "left_ankle", "right_ankle",
    "left_heel", "right_heel",
    "left_foot_index", "right_foot_index",
)
N_LANDMARKS = len(LANDMARK_NAMES)
LANDMARK_INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}

# Bones drawn by overlays (pairs of landmark names); the face is reduced to nose and ears.
SKELETON_EDGES: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"), ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"), ("right_knee", "right_ankle"),
    ("left_ankle", "left_heel"), ("left_heel", "left_foot_index"),
    ("right_ankle", "right_heel"), ("right_heel", "right_foot_index"),
    ("nose", "left_ear"), ("nose", "right_ear"),
)


# The body parts that carry the exercises (and that the camera-side, setup and tracking checks look at),
# each with a left and a right landmark; LEFT_LIMBS / RIGHT_LIMBS are their indices, in this order.
LIMB_PARTS: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle")
LEFT_LIMBS: tuple[int, ...] = tuple(LANDMARK_INDEX[f"left_{p}"] for p in LIMB_PARTS)
RIGHT_LIMBS: tuple[int, ...] = tuple(LANDMARK_INDEX[f"right_{p}"] for p in LIMB_PARTS)

# The trunk outline's stations along the hip-shoulder chord: t = k / (OUTLINE_STATIONS - 1), 0 at the hips.
OUTLINE_STATIONS = 21
OUTLINE_SHAPE = (2, 2, OUTLINE_STATIONS)  # (side: +n, -n) x (edge offset, edge softness) x station


def landmark_index(name: str) -> int:
    """Index of a MediaPipe landmark name; raises KeyError naming the valid choices."""
    try:
        return LANDMARK_INDEX[name]
    except KeyError:
        raise KeyError(f"unknown landmark {name!r}; valid names: {', '.join(LANDMARK_NAMES)}") from None


@dataclass(frozen=True)
class PersonPose:
    """One person's landmarks in one frame."""

    xyz: np.ndarray  # (33, 3)
    visibility: np.ndarray  # (33,)
    world_xyz: np.ndarray | None = None  # (33, 3)
    outline: np.ndarray | None = None  # OUTLINE_SHAPE: the trunk's outline (backends with person masks)


@dataclass(frozen=True)
class PoseFrame:
    """One frame's pose. ``xyz`` is None when no person was found.

    ``xyz``/``visibility``/``world_xyz`` are the person being judged: the backend's first person as it
    comes from the backend, the exerciser once the engine has chosen (``people`` keeps everyone)."""

    t_ms: int
    index: int
    image_size: tuple[int, int]  # (width, height) in pixels
    xyz: np.ndarray | None = None  # (33, 3)
    visibility: np.ndarray | None = None  # (33,)
    world_xyz: np.ndarray | None = None  # (33, 3)
    n_poses: int = 0  # people detected in this frame
    people: tuple[PersonPose, ...] = ()  # everyone detected, in the backend's order (may be empty in old data)
    ambiguous: bool = False  # set by the engine: two people plausibly do the exercise, nobody is judged
    scene_cut: bool = False  # the footage cuts to another shot between the previous frame and this one
    outline: np.ndarray | None = None  # OUTLINE_SHAPE: the judged person's trunk outline, when masks ran

    @property
    def has_pose(self) -> bool:
        return self.xyz is not None

    def following(self, person: PersonPose | None, ambiguous: bool = False) -> "PoseFrame":
        """This frame with ``person`` as the one judged (None: nobody)."""
        if person is None:
            return replace(self, xyz=None, visibility=None, world_xyz=None, outline=None, ambiguous=ambiguous)
        return replace(self, xyz=person.xyz, visibility=person.visibility, world_xyz=person.world_xyz,
                       outline=person.outline, ambiguous=ambiguous)


def tracking_quality(pose: PoseFrame) -> float:
    """0..1: mean visibility of the better-seen side's shoulder, hip, knee and ankle (0 without a pose)."""
    if pose.xyz is None or pose.visibility is None:
        return 0.0
    v = pose.visibility
    return float(max(np.mean(v[list(LEFT_LIMBS)]), np.mean(v[list(RIGHT_LIMBS)])))


def tracking_level(pose: PoseFrame, quality: float) -> str:
    """good | poor | lost, from :func:`tracking_quality`: what the live view's tracking light says."""
    if pose.xyz is None:
        return "lost"
    return "good" if quality >= 0.7 else ("poor" if quality >= 0.4 else "lost")


@dataclass
class PoseSequence:
    """A whole recording's poses as stacked arrays (see the module docstring for shapes)."""

    t_ms: np.ndarray  # (T,) int64
    xyz: np.ndarray  # (T, 33, 3) float32, NaN where no pose
    visibility: np.ndarray  # (T, 33) float32, 0 where no pose
    world_xyz: np.ndarray  # (T, 33, 3) float32, NaN where no pose
    n_poses: np.ndarray  # (T,) int8
    image_size: tuple[int, int]
    model_variant: str = ""
    model_sha256: str = ""
    meta: dict = field(default_factory=dict)
    people_xyz: np.ndarray | None = None  # (T, P, 33, 3) float32, NaN-padded; None in data without it
    people_visibility: np.ndarray | None = None  # (T, P, 33) float32
    people_world_xyz: np.ndarray | None = None  # (T, P, 33, 3) float32
    scene_cut: np.ndarray | None = None  # (T,) bool: the picture cut to another shot before this frame
    outline: np.ndarray | None = None  # (T, *OUTLINE_SHAPE) float32, NaN where unseen; None without masks
    people_outline: np.ndarray | None = None  # (T, P, *OUTLINE_SHAPE) float32, beside people_xyz

    def __len__(self) -> int:
        return int(self.t_ms.shape[0])

    @property
    def has_pose(self) -> np.ndarray:
        return ~np.isnan(self.xyz[:, 0, 0])

    @classmethod
    def from_frames(cls, frames: list[PoseFrame], image_size: tuple[int, int] | None = None,
                    model_variant: str = "", model_sha256: str = "") -> "PoseSequence":
        n = len(frames)
        xyz = np.full((n, N_LANDMARKS, 3), np.nan, np.float32)
        world = np.full((n, N_LANDMARKS, 3), np.nan, np.float32)
        vis = np.zeros((n, N_LANDMARKS), np.float32)
        for i, f in enumerate(frames):
            if f.xyz is not None:
                xyz[i] = f.xyz
                vis[i] = f.visibility if f.visibility is not None else 1.0
                if f.world_xyz is not None:
                    world[i] = f.world_xyz
        size = image_size or (frames[0].image_size if frames else (0, 0))
        n_people = max((len(f.people) for f in frames), default=0)
        people = None
        with_outline = any(f.outline is not None or any(p.outline is not None for p in f.people) for f in frames)
        outline = np.full((n, *OUTLINE_SHAPE), np.nan, np.float32) if with_outline else None
        people_outline = np.full((n, n_people, *OUTLINE_SHAPE), np.nan, np.float32) if with_outline and n_people else None
        if outline is not None:
            for i, f in enumerate(frames):
                if f.outline is not None:
                    outline[i] = f.outline
        if n_people:
            people = (np.full((n, n_people, N_LANDMARKS, 3), np.nan, np.float32),
                      np.zeros((n, n_people, N_LANDMARKS), np.float32),
                      np.full((n, n_people, N_LANDMARKS, 3), np.nan, np.float32))
            for i, f in enumerate(frames):
                for k, p in enumerate(f.people):
                    people[0][i, k], people[1][i, k] = p.xyz, p.visibility
                    if p.world_xyz is not None:
                        people[2][i, k] = p.world_xyz
                    if p.outline is not None and people_outline is not None:
                        people_outline[i, k] = p.outline
        return cls(
            t_ms=np.array([f.t_ms for f in frames], np.int64),
            xyz=xyz, visibility=vis, world_xyz=world,
            n_poses=np.array([f.n_poses for f in frames], np.int8),
            image_size=(int(size[0]), int(size[1])),
            model_variant=model_variant, model_sha256=model_sha256,
            people_xyz=people[0] if people else None, people_visibility=people[1] if people else None,
            people_world_xyz=people[2] if people else None,
            scene_cut=np.array([f.scene_cut for f in frames], bool) if any(f.scene_cut for f in frames) else None,
            outline=outline, people_outline=people_outline,
        )

    def people_at(self, i: int) -> tuple[PersonPose, ...]:
        """Everyone detected in frame ``i``; without stored people, the one stored person (if any)."""
        if self.people_xyz is None:
            if np.isnan(self.xyz[i, 0, 0]):
                return ()
            return (PersonPose(self.xyz[i], self.visibility[i], self.world_xyz[i], self._outline_at(i)),)
        return tuple(PersonPose(self.people_xyz[i, k], self.people_visibility[i, k], self.people_world_xyz[i, k],
                                self._outline_at(i, k))
                     for k in range(self.people_xyz.shape[1]) if not np.isnan(self.people_xyz[i, k, 0, 0]))

    def _outline_at(self, i: int, k: int | None = None) -> np.ndarray | None:
        """Person ``k``'s outline in frame ``i`` (None: the judged person's), None where none was measured.
        Without a per-person array the first person's outline is the stored one."""
        if k is not None and self.people_outline is not None and k < self.people_outline.shape[1]:
            return self.people_outline[i, k]
        if self.outline is None or (k not in (None, 0)):
            return None
        return self.outline[i]

    def frame(self, i: int) -> PoseFrame:
        has = not np.isnan(self.xyz[i, 0, 0])
        return PoseFrame(
            t_ms=int(self.t_ms[i]), index=i, image_size=self.image_size,
            xyz=self.xyz[i] if has else None,
            visibility=self.visibility[i] if has else None,
            world_xyz=self.world_xyz[i] if has else None,
            n_poses=int(self.n_poses[i]),
            people=self.people_at(i),
            scene_cut=bool(self.scene_cut[i]) if self.scene_cut is not None else False,
            outline=self.outline[i] if has and self.outline is not None else None,
        )

    def frames(self):
        for i in range(len(self)):
            yield self.frame(i)

    def save(self, path: str | Path) -> None:
        people = {} if self.people_xyz is None else dict(
            people_xyz=self.people_xyz.astype(np.float32), people_visibility=self.people_visibility.astype(np.float32),
            people_world_xyz=self.people_world_xyz.astype(np.float32))
        if self.scene_cut is not None:
            people["scene_cut"] = self.scene_cut.astype(bool)
        if self.outline is not None:
            people["outline"] = self.outline.astype(np.float32)
        if self.people_outline is not None and self.people_xyz is not None:
            people["people_outline"] = self.people_outline.astype(np.float32)
        np.savez_compressed(
            path, t_ms=self.t_ms.astype(np.int64), xyz=self.xyz.astype(np.float32),
            visibility=self.visibility.astype(np.float32),
            world_xyz=self.world_xyz.astype(np.float32), n_poses=self.n_poses.astype(np.int8),
            image_size=np.array(self.image_size, np.int64),
            model_variant=np.array(self.model_variant), model_sha256=np.array(self.model_sha256), **people,
        )

    @classmethod
    def load(cls, path: str | Path) -> "PoseSequence":
        with np.load(path, allow_pickle=False) as z:
            missing = {"t_ms", "xyz", "visibility", "n_poses", "image_size"} - set(z.files)
            if missing:
                raise ValueError(f"{path}: not a posecheck landmark file (missing {sorted(missing)})")
            xyz = z["xyz"].astype(np.float32)
            world = z["world_xyz"].astype(np.float32) if "world_xyz" in z.files else np.full_like(xyz, np.nan)
            size = z["image_size"]
            people = ({k: z[k].astype(np.float32) for k in ("people_xyz", "people_visibility", "people_world_xyz")}
                      if "people_xyz" in z.files else {})
            if "scene_cut" in z.files:
                people["scene_cut"] = z["scene_cut"].astype(bool)
            for key in ("outline", "people_outline"):
                if key in z.files:
                    people[key] = z[key].astype(np.float32)
            if "people_xyz" not in people:
                people.pop("people_outline", None)
            return cls(
                t_ms=z["t_ms"].astype(np.int64), xyz=xyz,
                visibility=z["visibility"].astype(np.float32), world_xyz=world,
                n_poses=z["n_poses"].astype(np.int8), image_size=(int(size[0]), int(size[1])),
                model_variant=str(z["model_variant"]) if "model_variant" in z.files else "",
                model_sha256=str(z["model_sha256"]) if "model_sha256" in z.files else "",
                **people,
            )
