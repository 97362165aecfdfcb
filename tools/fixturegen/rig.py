"""Forward kinematics and linear blend skinning.

A pose gives each bone a local rotation expressed in the body's rest axes (x body-left,
y back, z up) about the bone's head joint, plus a root rotation/translation placing the body
in the world.  Helpers build rotations from anatomical angles.
"""
from __future__ import annotations

import numpy as np

from .body import Body


def rot(axis: str, deg: float) -> np.ndarray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def euler(x: float = 0.0, y: float = 0.0, z: float = 0.0) -> np.ndarray:
    """Rotation about rest x (flex/extend), then y (side bend / abduction), then z (twist)."""
    return rot("z", z) @ rot("y", y) @ rot("x", x)


def forward(body: Body, local: dict[str, np.ndarray]):
    """Global rotations (B,3,3) and posed joint positions (B,3) in the body frame."""
    B = len(body.bone_names)
    G = np.zeros((B, 3, 3))
    P = np.zeros((B, 3))
    for b in range(B):  # parents precede children in the bundle
        L = local.get(body.bone_names[b], np.eye(3))
        p = body.parent[b]
        if p < 0:
            G[b] = L
            P[b] = body.head[b]
        else:
            G[b] = G[p] @ L
            P[b] = P[p] + G[p] @ (body.head[b] - body.head[p])
    return G, P


def skin(body: Body, G: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Linear blend skinning: v' = sum_k w_k (G_k (v - head_k) + P_k)."""
    v = body.verts
    idx, w = body.w_idx, body.w_val
    rel = v[:, None, :] - body.head[idx]                   # (N,K,3)
    moved = np.einsum("nkij,nkj->nki", G[idx], rel) + P[idx]
    return np.einsum("nk,nki->ni", w, moved)


def place(points: np.ndarray, R: np.ndarray, t: np.ndarray) -> np.ndarray:
    return points @ R.T + t
