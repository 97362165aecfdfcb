"""Load the converted CC0 body bundle and build one body shape (rest mesh + joints)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

BUNDLE = Path(__file__).resolve().parent / "body" / "makehuman_cc0.npz"


@dataclass(frozen=True)
class Body:
    verts: np.ndarray        # (N,3) rest vertices, metres; z up, -y front, +x body left
    faces: np.ndarray        # (F,4) quads
    face_part: np.ndarray    # (F,) 0 body, 1 eye, 2 hair
    bone_names: tuple
    parent: np.ndarray       # (B,)
    head: np.ndarray         # (B,3) joint (bone head) positions
    tail: np.ndarray         # (B,3)
    w_idx: np.ndarray        # (N,K)
    w_val: np.ndarray        # (N,K)

    def bone(self, name: str) -> int:
        return self.bone_names.index(name)


@lru_cache(maxsize=4)
def load_body(shape: str = "female") -> Body:
    z = np.load(BUNDLE)
    verts = z["verts"].astype(np.float64)
    if f"delta_{shape}" in z:
        verts = verts + z[f"delta_{shape}"].astype(np.float64)
    key = shape if f"head_{shape}" in z else "neutral"
    # the hair helper is long hair that hangs over the face; the scalp is painted instead
    keep = z["face_part"] != 2
    return Body(
        verts=verts,
        faces=z["faces"][keep].astype(np.int64),
        face_part=z["face_part"][keep],
        bone_names=tuple(str(n) for n in z["bone_names"]),
        parent=z["bone_parent"].astype(np.int64),
        head=z[f"head_{key}"].astype(np.float64),
        tail=z[f"tail_{key}"].astype(np.float64),
        w_idx=z["weight_idx"].astype(np.int64),
        w_val=z["weight_val"].astype(np.float64),
    )
