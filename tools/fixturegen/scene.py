"""Camera, room (floor, mat, back wall), lighting ramp and sensor noise."""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .raster import SS

W, H, VFOV = 640, 480, 45.0


@dataclass
class Camera:
    position: np.ndarray
    target: np.ndarray
    width: int = W
    height: int = H
    vfov_deg: float = VFOV

    def __post_init__(self):
        f = self.target - self.position
        f = f / np.linalg.norm(f)
        r = np.cross(f, [0.0, 0.0, 1.0])
        r = r / np.linalg.norm(r)
        d = np.cross(f, r)                     # image down
        self.R_wc = np.stack([r, d, f])        # rows: camera axes in world
        self.focal = (self.height / 2) / np.tan(np.radians(self.vfov_deg / 2))

    def to_camera(self, pts: np.ndarray) -> np.ndarray:
        return (pts - self.position) @ self.R_wc.T

    def project_cam(self, pc: np.ndarray) -> np.ndarray:
        z = np.maximum(pc[:, 2], 1e-6)
        return np.stack([self.focal * pc[:, 0] / z + self.width / 2,
                         self.focal * pc[:, 1] / z + self.height / 2], axis=1)

    def project(self, pts: np.ndarray) -> np.ndarray:
        return self.project_cam(self.to_camera(pts))


OBLIQUE_YAW_DEG = 35.0


def make_camera(view: str, height_m: float, distance_m: float, target: np.ndarray,
                yaw_deg: float | None = None, vfov_deg: float = VFOV) -> Camera:
    """side: on -Y looking +Y; oblique: swung ``yaw_deg`` (35 unless given) toward the head end
    (-X; a negative yaw swings toward +X); front: also on -Y looking +Y. Views are named after
    the body: the side-lying scripts (side plank, clamshell) turn the chest toward -Y, so the same
    placement faces the chest; front_above / above: at the feet end (+X), raised, looking along
    the body. ``yaw_deg`` also swings a side or front camera (a front-oblique clamshell).
    ``vfov_deg`` < 45 zooms in (an edited clip's second shot)."""
    target = np.asarray(target, float)
    if view in ("front_above", "above"):
        off = np.array([distance_m, 0.0, 0.0])
    else:
        a = np.radians(yaw_deg if yaw_deg is not None else (OBLIQUE_YAW_DEG if view == "oblique" else 0.0))
        off = np.array([-np.sin(a), -np.cos(a), 0.0]) * distance_m
    pos = target + off
    pos[2] = height_m
    return Camera(pos, target, vfov_deg=vfov_deg)


def camera_of(view: str, look: dict, target_z_m: float = 0.25) -> Camera:
    """The camera a clip's look describes (camera_yaw_deg and camera_vfov_deg are optional)."""
    return make_camera(view, look["camera_height_m"], look["camera_distance_m"],
                       np.array([0.0, 0.0, target_z_m]), look.get("camera_yaw_deg"),
                       look.get("camera_vfov_deg", VFOV))


@dataclass
class Room:
    wall_y: float = 1.6
    floor_bgr: tuple = (96, 128, 150)
    wall_bgr: tuple = (200, 205, 208)
    mat_bgr: tuple = (150, 90, 60)
    mat_half: tuple = (1.0, 0.33)       # half length (X), half width (Y)

    def render(self, cam: Camera, light_dir: np.ndarray) -> np.ndarray:
        """Background at SS scale: per-pixel ray cast onto floor (z=0) and wall (y=wall_y)."""
        h, w = cam.height * SS, cam.width * SS
        u, v = np.meshgrid((np.arange(w) + 0.5) / SS, (np.arange(h) + 0.5) / SS)
        dirs_c = np.stack([(u - cam.width / 2) / cam.focal, (v - cam.height / 2) / cam.focal,
                           np.ones_like(u)], -1)
        dirs = dirs_c @ cam.R_wc                     # world directions
        o = cam.position
        with np.errstate(divide="ignore", invalid="ignore"):
            t_floor = np.where(dirs[..., 2] < 0, -o[2] / dirs[..., 2], np.inf)
            dy = dirs[..., 1]
            wall_y = self.wall_y if abs(cam.R_wc[2, 1]) > 0.3 else 1e9
            t_wall = np.where(np.abs(dy) > 1e-6, (wall_y - o[1]) / dy, np.inf)
            t_wall = np.where(t_wall > 0, t_wall, np.inf)
        img = np.empty((h, w, 3), np.float32)
        hit_floor = t_floor < t_wall
        p = o + dirs * np.where(hit_floor, t_floor, np.minimum(t_wall, 50))[..., None]
        floor = np.array(self.floor_bgr, np.float32)
        # wooden planks: subtle stripes along X
        plank = 0.92 + 0.08 * (np.floor(p[..., 1] / 0.18) % 2)
        img[:] = np.array(self.wall_bgr, np.float32)
        wall_shade = 0.85 + 0.15 * np.clip(1 - p[..., 2] / 3, 0, 1)
        img *= wall_shade[..., None]
        skirting = (~hit_floor) & (p[..., 2] < 0.1)
        img[skirting] = (230, 232, 235)
        frame = (~hit_floor) & (np.abs(p[..., 0] - 0.9) < 0.35) & (np.abs(p[..., 2] - 1.5) < 0.25)
        img[frame] = (70, 90, 110)
        f_img = floor * plank[..., None]
        mat = hit_floor & (np.abs(p[..., 0]) < self.mat_half[0]) & (np.abs(p[..., 1]) < self.mat_half[1])
        f_img[mat] = np.array(self.mat_bgr, np.float32)
        img[hit_floor] = f_img[hit_floor]
        far = ~np.isfinite(t_floor) & ~np.isfinite(t_wall)
        img[far] = self.wall_bgr
        return img


def finish(frame_ss: np.ndarray, gain: float, noise_sigma: float,
           rng: np.random.Generator) -> np.ndarray:
    """Downsample, apply the lighting gain and Gaussian sensor noise; uint8 BGR out."""
    from .raster import downsample
    img = downsample(frame_ss).astype(np.float32) * gain
    if noise_sigma > 0:
        img += rng.normal(0.0, noise_sigma, img.shape).astype(np.float32)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def gain_at(lighting: str, t: float, duration: float) -> float:
    """Brightness multiplier: 'even', 'dim→bright', 'bright→dim', 'dim'."""
    x = np.clip(t / max(duration, 1e-6), 0, 1)
    if lighting == "dim→bright":
        return float(0.55 + 0.45 * x)
    if lighting == "bright→dim":
        return float(1.0 - 0.4 * x)
    if lighting == "dim":
        return 0.65
    return 1.0
