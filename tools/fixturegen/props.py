"""Furniture drawn with the people (issue 9): a box, e.g. the stool of a seated pelvic tilt.
A prop is (vertices, quads, per-face BGR colours) in world coordinates, drawn with the same
rasteriser; quads wind so that draw_mesh's back-face test keeps the outside faces."""
from __future__ import annotations

import numpy as np

# corner index bits: x (1), y (2), z (4); each face lists its four corners around its outside
_BOX_FACES = np.array([[0, 2, 6, 4], [1, 5, 7, 3], [0, 4, 5, 1], [2, 3, 7, 6], [0, 1, 3, 2], [4, 6, 7, 5]])


def box(centre_m, size_m, bgr) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    c, half = np.asarray(centre_m, float), np.asarray(size_m, float) / 2
    corners = np.array([[(-1) ** (1 - (k >> a & 1)) for a in range(3)] for k in range(8)], float)
    verts = c + corners * half
    faces = _BOX_FACES.copy()
    for f in faces:   # draw_mesh's normal is cross(q2 - q0, q3 - q1): make it point outward
        q = verts[f]
        if np.cross(q[2] - q[0], q[3] - q[1]) @ (q.mean(0) - c) < 0:
            f[:] = f[::-1]
    return verts, faces, np.tile(np.asarray(bgr, float), (6, 1))


def make_props(specs: list[dict]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return [box(s["centre_m"], s["size_m"], s["bgr"]) for s in specs]
