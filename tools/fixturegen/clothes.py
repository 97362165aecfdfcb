"""A loose shirt over the rig's trunk (issue 11): what a baggy T-shirt does to the body's outline.

The rig's clothes are colours painted on the skin. A loose shirt also changes the shape the camera
(and MediaPipe's person mask) sees, which is what the back-curve measurement reads, so the graded
renders come in two fits: ``tight`` (the painted shirt) and ``loose`` (this). Per frame, on the posed
mesh in the world (z up), the shirt's vertices are moved:

- out by ``INFLATE_M`` along their normals (the fabric stands off the skin);
- where they face up, toward the string stretched over the trunk's highest points along its length
  (the upper hull of the outline): the fabric spans a hollow instead of following it into it
  (``SPAN``: the share of the hollow that is spanned);
- where they face down, down by up to ``HANG_M`` (the shirt hangs), never below the floor;
- in and out by ``WRINKLE_M`` in folds ``FOLD_M`` apart along the trunk.

It is a picture of a loose shirt, not cloth physics; what matters is that the outline no longer follows
the back exactly and is not as smooth, as with real loose clothes.
"""
from __future__ import annotations

import numpy as np

from .body import Body

INFLATE_M = 0.012
SPAN = 0.75
HANG_M = 0.035
WRINKLE_M = 0.004
FOLD_M = 0.055
_BIN_M = 0.02
_SHIRT_BONES = ("spine04", "spine03", "spine02", "spine01", "clavicle.L", "clavicle.R")


def shirt_vertices(body: Body) -> np.ndarray:
    """Vertex mask of the shirt: the trunk's vertices and the top of the pelvis (a shirt reaches the waist)."""
    dom = body.w_idx[:, 0]
    shirt = np.isin(dom, [body.bone(b) for b in _SHIRT_BONES])
    neck_z = body.head[body.bone("neck")][2]
    shirt &= body.verts[:, 2] <= neck_z - 0.05   # the neckline, as the painted shirt's
    hip_z = body.head[body.bone("upperleg.L")][2]
    shirt |= (dom == body.bone("pelvis")) & (body.verts[:, 2] > hip_z + 0.07)
    return shirt


def vertex_normals(verts: np.ndarray, faces: np.ndarray) -> np.ndarray:
    q = verts[faces]
    n = np.cross(q[:, 2] - q[:, 0], q[:, 3] - q[:, 1])
    out = np.zeros_like(verts)
    for k in range(faces.shape[1]):
        np.add.at(out, faces[:, k], n)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _upper_hull(u: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Upper convex hull of the points (u, z), as arrays of its vertices in increasing u."""
    hull: list[tuple[float, float]] = []
    for p in sorted(zip(u.tolist(), z.tolist())):
        while len(hull) >= 2:
            (u1, z1), (u2, z2) = hull[-2], hull[-1]
            if (u2 - u1) * (p[1] - z1) - (z2 - z1) * (p[0] - u1) >= 0:  # the middle point is under the string
                hull.pop()
            else:
                break
        hull.append(p)
    h = np.array(hull)
    return h[:, 0], h[:, 1]


def loose_shirt(verts: np.ndarray, body: Body, shirt: np.ndarray) -> np.ndarray:
    """The posed world mesh with a loose shirt on (see the module docstring)."""
    v = verts.copy()
    n = vertex_normals(verts, body.faces)
    dom = body.w_idx[:, 0]
    top, bottom = verts[dom == body.bone("spine01")].mean(0), verts[dom == body.bone("pelvis")].mean(0)
    axis = top - bottom
    axis /= np.linalg.norm(axis)
    u = (verts - bottom) @ axis
    s = shirt
    # out from the skin, in folds along the trunk
    v[s] += n[s] * (INFLATE_M + WRINKLE_M * np.sin(2 * np.pi * u[s] / FOLD_M))[:, None]
    # span the hollows of the upper outline
    up = s & (n[:, 2] > 0.2)
    if up.sum() > 8:
        bins = np.floor(u[up] / _BIN_M).astype(int)
        keys, inv = np.unique(bins, return_inverse=True)
        ztop = np.full(keys.size, -np.inf)
        np.maximum.at(ztop, inv, v[up, 2])
        centres = (keys + 0.5) * _BIN_M
        hu, hz = _upper_hull(centres, ztop)
        string = np.interp(centres, hu, hz)
        lift = SPAN * np.maximum(string - ztop, 0.0)[inv]
        near_top = np.clip(1.0 - (ztop[inv] - v[up, 2]) / 0.04, 0.0, 1.0)  # the top of the trunk, not its sides
        v[np.flatnonzero(up), 2] += lift * near_top
    # hang where the shirt faces down
    down = s & (n[:, 2] < 0)
    v[down, 2] -= HANG_M * (-n[down, 2])
    floor = verts[:, 2].min()
    v[s, 2] = np.maximum(v[s, 2], np.minimum(floor + 0.002, verts[s, 2]))
    return v
