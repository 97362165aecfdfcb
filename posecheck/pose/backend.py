"""The pose backend interface: a frame in, a :class:`PoseFrame` out. No mediapipe here."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from posecheck.landmarks import PoseFrame

__all__ = ["PoseBackend"]


class PoseBackend(Protocol):
    variant: str
    sha256: str

    def detect(self, image_rgb: np.ndarray, t_ms: int, index: int) -> PoseFrame:
        """Everyone in view (``people``, in the backend's order; ``xyz`` is the first); ``n_poses`` counts them."""

    def close(self) -> None: ...
