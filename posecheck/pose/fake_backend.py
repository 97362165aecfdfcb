"""A backend that replays a stored :class:`PoseSequence` as if it were detecting, for tests and
re-analysis of a session without re-running the model."""

from __future__ import annotations

import numpy as np

from posecheck.landmarks import PoseFrame, PoseSequence

__all__ = ["FakePoseBackend"]


class FakePoseBackend:
    def __init__(self, sequence: PoseSequence):
        self.sequence = sequence
        self.variant = sequence.model_variant or "replay"
        self.sha256 = sequence.model_sha256
        self._by_t = {int(t): i for i, t in enumerate(sequence.t_ms)}
        self._next = 0

    def detect(self, image_rgb: np.ndarray | None, t_ms: int, index: int) -> PoseFrame:
        """The stored frame with this timestamp (or the next one in order when stamps differ)."""
        i = self._by_t.get(int(t_ms), min(self._next, len(self.sequence) - 1))
        self._next = i + 1
        f = self.sequence.frame(i)
        return PoseFrame(t_ms=t_ms, index=index, image_size=f.image_size, xyz=f.xyz, visibility=f.visibility,
                         world_xyz=f.world_xyz, n_poses=f.n_poses, people=f.people)

    def close(self) -> None:
        pass
