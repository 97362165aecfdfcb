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
        self._t = np.asarray(sequence.t_ms, np.int64)
        self._by_t = {int(t): i for i, t in enumerate(self._t)}

    def detect(self, image_rgb: np.ndarray | None, t_ms: int, index: int) -> PoseFrame:
        """The stored frame with this timestamp, or the one nearest in time when stamps differ (a
        container's rounding). Nearest in time, not "the next one": with several instances on
        alternate frames (posecheck/pose/stage.py) each instance sees only every other frame."""
        i = self._by_t.get(int(t_ms))
        if i is None:
            k = int(np.searchsorted(self._t, t_ms))
            near = [j for j in (k - 1, k) if 0 <= j < len(self._t)]
            i = min(near, key=lambda j: abs(int(self._t[j]) - int(t_ms)))
        f = self.sequence.frame(i)
        return PoseFrame(t_ms=t_ms, index=index, image_size=f.image_size, xyz=f.xyz, visibility=f.visibility,
                         world_xyz=f.world_xyz, n_poses=f.n_poses, people=f.people, outline=f.outline)

    def close(self) -> None:
        pass
