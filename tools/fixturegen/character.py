"""A posed body in the world: anatomical pose + root placement -> joints and skinned mesh."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .body import Body, load_body
from .pose import anatomical, local_rotations, neutral_globals
from .rig import forward, skin

# body canonical axes (x left, y back, z up) -> world (X along the mat, Y away from the
# side camera, Z up); the camera-side half of the body is the one on -Y.
ORIENT = {
    # lying on the back, head toward -X, body's right side toward the camera
    "supine": np.array([[0, 0, -1], [1, 0, 0], [0, -1, 0]], float),
    # face down (plank, bird dog, superman, child's pose), head toward -X, left side to camera
    "prone": np.array([[0, 0, -1], [-1, 0, 0], [0, 1, 0]], float),
    # standing, facing -X, left side toward the camera
    "standing": np.array([[0, 1, 0], [-1, 0, 0], [0, 0, 1]], float),
    # lying on the left side facing the camera (-Y), head toward +X
    "side_left": np.array([[0, 0, 1], [0, 1, 0], [-1, 0, 0]], float),
    # lying on the right side facing the camera (-Y), head toward -X
    "side_right": np.array([[0, 0, -1], [0, 1, 0], [1, 0, 0]], float),
}


def mirror_x(R: np.ndarray) -> np.ndarray:
    """Same orientation but with the head toward +X (flips the world X axis and Y)."""
    F = np.diag([-1.0, -1.0, 1.0])
    return F @ R


@dataclass
class Character:
    shape: str = "female"
    body: Body = field(init=False)
    G0: np.ndarray = field(init=False)

    def __post_init__(self):
        self.body = load_body(self.shape)
        self.G0 = neutral_globals(self.body)

    def fk(self, pose: dict):
        A = anatomical(self.body, pose)
        L = local_rotations(self.body, self.G0, A)
        return forward(self.body, L)

    def joints(self, pose: dict, R: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        _, P = self.fk(pose)
        W = P @ R.T + t
        return {n: W[i] for i, n in enumerate(self.body.bone_names)}

    def mesh(self, pose: dict, R: np.ndarray, t: np.ndarray) -> np.ndarray:
        G, P = self.fk(pose)
        return skin(self.body, G, P) @ R.T + t


def grounded(ch: Character, pose: dict, R: np.ndarray, touching: np.ndarray | None = None):
    """(pose, R, translation) with the lowest vertex (of ``touching``, a vertex mask) on the floor."""
    v = ch.mesh(pose, R, np.zeros(3))
    z = (v if touching is None else v[touching])[:, 2].min()
    return pose, R, np.array([0.0, 0.0, -z])
