"""Painter's-algorithm rasteriser in numpy + OpenCV (no GL): project quads, cull back faces,
sort far to near, fill with flat Lambert-shaded colours, render at 2x and downsample."""
from __future__ import annotations

import cv2
import numpy as np

SS = 2          # supersampling factor
SHIFT = 3       # fixed-point bits for cv2.fillConvexPoly


def shade(normals: np.ndarray, base: np.ndarray, light_dir: np.ndarray,
          ambient: float = 0.38) -> np.ndarray:
    lam = np.clip(normals @ light_dir, 0, 1)
    fill = 0.25 * np.clip(normals @ np.array([0.0, 0.0, 1.0]), 0, 1)
    return np.clip(base * (ambient + 0.62 * lam + fill)[:, None], 0, 255)


def draw_mesh(canvas: np.ndarray, cam, verts: np.ndarray, faces: np.ndarray,
              colours: np.ndarray, light_dir: np.ndarray) -> None:
    """Draw one mesh onto an SS-scaled BGR canvas in place. colours: (F,3) BGR base colours."""
    pc = cam.to_camera(verts)                       # (N,3) camera coords, z forward
    q = pc[faces]                                   # (F,4,3)
    n = np.cross(q[:, 2] - q[:, 0], q[:, 3] - q[:, 1])
    nn = np.linalg.norm(n, axis=1, keepdims=True)
    n = n / np.maximum(nn, 1e-12)
    centre = q.mean(1)
    visible = (np.einsum("fi,fi->f", n, centre) < 0) & (q[:, :, 2].min(1) > 0.05)
    if not visible.any():
        return
    idx = np.nonzero(visible)[0]
    order = idx[np.argsort(-centre[idx, 2], kind="stable")]
    nw = n @ cam.R_wc                                 # normals back to world for lighting
    col = shade(nw[order], colours[order].astype(float), light_dir)
    uv = cam.project_cam(q[order].reshape(-1, 3)).reshape(-1, 4, 2)
    pts = np.round(uv * SS * (1 << SHIFT)).astype(np.int32)
    col = col.astype(np.int32)
    for poly, c in zip(pts, col):
        cv2.fillConvexPoly(canvas, poly, (int(c[0]), int(c[1]), int(c[2])), cv2.LINE_8, SHIFT)


def downsample(canvas: np.ndarray) -> np.ndarray:
    h, w = canvas.shape[:2]
    return cv2.resize(canvas, (w // SS, h // SS), interpolation=cv2.INTER_AREA)
