"""Landmark names and the plain pose containers handed over by every pose backend.

This module is part of the numpy core: it imports neither Qt, mediapipe nor cv2.

Array conventions (axes are in the names where they are stored on disk):

- ``xyz``: (33, 3) or (T, 33, 3) float32. x and y are normalised image coordinates
  (0..1 of the image width and height, y pointing down); z is MediaPipe's relative depth
  (same scale as x, smaller is nearer the camera). NaN where no pose was found.
- ``visibility``: (33,) or (T, 33) float32 in 0..1; 0 where no pose was found.
- ``world_xyz``: (33, 3) or (T, 33, 3) float32 in metres, origin between the hips,
  y pointing down. NaN where absent.
- ``t_ms``: source timestamps in milliseconds (container time for files, a monotonic clock for
  cameras), never wall-clock time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "LANDMARK_NAMES",
    "LANDMARK_INDEX",
    "N_LANDMARKS",
    "SKELETON_EDGES",
    "PoseFrame",
    "PoseSequence",
    "landmark_index",
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


def landmark_index(name: str) -> int:
    """Index of a MediaPipe landmark name; raises KeyError naming the valid choices."""
    try:
        return LANDMARK_INDEX[name]
    except KeyError:
        raise KeyError(f"unknown landmark {name!r}; valid names: {', '.join(LANDMARK_NAMES)}") from None


@dataclass(frozen=True)
class PoseFrame:
    """One frame's pose as the backend saw it. ``xyz`` is None when no person was found."""

    t_ms: int
    index: int
    image_size: tuple[int, int]  # (width, height) in pixels
    xyz: np.ndarray | None = None  # (33, 3)
    visibility: np.ndarray | None = None  # (33,)
    world_xyz: np.ndarray | None = None  # (33, 3)
    n_poses: int = 0  # people detected in this frame (only the first is kept)

    @property
    def has_pose(self) -> bool:
        return self.xyz is not None


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
        return cls(
            t_ms=np.array([f.t_ms for f in frames], np.int64),
            xyz=xyz, visibility=vis, world_xyz=world,
            n_poses=np.array([f.n_poses for f in frames], np.int8),
            image_size=(int(size[0]), int(size[1])),
            model_variant=model_variant, model_sha256=model_sha256,
        )

    def frame(self, i: int) -> PoseFrame:
        has = not np.isnan(self.xyz[i, 0, 0])
        return PoseFrame(
            t_ms=int(self.t_ms[i]), index=i, image_size=self.image_size,
            xyz=self.xyz[i] if has else None,
            visibility=self.visibility[i] if has else None,
            world_xyz=self.world_xyz[i] if has else None,
            n_poses=int(self.n_poses[i]),
        )

    def frames(self):
        for i in range(len(self)):
            yield self.frame(i)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path, t_ms=self.t_ms.astype(np.int64), xyz=self.xyz.astype(np.float32),
            visibility=self.visibility.astype(np.float32),
            world_xyz=self.world_xyz.astype(np.float32), n_poses=self.n_poses.astype(np.int8),
            image_size=np.array(self.image_size, np.int64),
            model_variant=np.array(self.model_variant), model_sha256=np.array(self.model_sha256),
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
            return cls(
                t_ms=z["t_ms"].astype(np.int64), xyz=xyz,
                visibility=z["visibility"].astype(np.float32), world_xyz=world,
                n_poses=z["n_poses"].astype(np.int8), image_size=(int(size[0]), int(size[1])),
                model_variant=str(z["model_variant"]) if "model_variant" in z.files else "",
                model_sha256=str(z["model_sha256"]) if "model_sha256" in z.files else "",
            )
