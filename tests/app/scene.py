"""A hand-built lying person for app tests (module name `scene`: tests/synthetic.py is the engine's):

A supine side view (left side towards the camera). The bridge is driven by the hip lift (mid-shoulder
to mid-hip against the floor); ``arch_deg`` bends the camera-side shoulder-hip-knee angle past 180°
at the top to make the over-arched-back fault.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from posecheck.landmarks import LANDMARK_INDEX as I
from posecheck.landmarks import N_LANDMARKS, PoseSequence

W, H, FPS = 320, 240, 20


def _smooth(x: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, x)))


def bridge_profile(reps: int, lead_s: float = 1.5, rise_s: float = 0.8, top_s: float = 0.8,
                   fall_s: float = 0.8, rest_s: float = 0.6, tail_s: float = 1.2) -> tuple[np.ndarray, np.ndarray]:
    """(t_s, lift 0..1) per frame at FPS."""
    cycle = rise_s + top_s + fall_s + rest_s
    total = lead_s + reps * cycle + tail_s
    t = np.arange(int(total * FPS)) / FPS
    lift = np.zeros_like(t)
    for i, ts in enumerate(t):
        u = ts - lead_s
        if u < 0 or u >= reps * cycle:
            continue
        u %= cycle
        if u < rise_s:
            lift[i] = _smooth(u / rise_s)
        elif u < rise_s + top_s:
            lift[i] = 1.0
        elif u < rise_s + top_s + fall_s:
            lift[i] = 1.0 - _smooth((u - rise_s - top_s) / fall_s)
    return t, lift


def _px(pt) -> tuple[float, float]:
    return pt[0] * W, pt[1] * H


def body_points(lift: float, lift_deg: float = 25.0, arch_deg: float = 0.0) -> dict[str, tuple[float, float]]:
    """Normalised image points of the camera-side body for a bridge ``lift`` (0 flat, 1 top)."""
    sh = np.array([0.22 * W, 0.72 * H])
    torso = 0.30 * W
    a = math.radians(lift * lift_deg)
    hip = sh + torso * np.array([math.cos(a), -math.sin(a)])
    # Knee: the thigh continues the torso line at the top (hip angle 180°) and bends when lying flat;
    # past-straight arching turns the thigh further down (hips above the shoulder-knee line).
    knee_bend = (1 - lift) * 55.0
    thigh_dir = -math.radians(lift * lift_deg) + math.radians(-knee_bend) + math.radians(lift * arch_deg)
    thigh = 0.24 * W
    knee = hip + thigh * np.array([math.cos(thigh_dir), math.sin(thigh_dir)])
    ankle = np.array([knee[0] + 0.06 * W, 0.74 * H])
    pts = {"shoulder": sh, "hip": hip, "knee": knee, "ankle": ankle,
           "heel": ankle + np.array([-0.02 * W, 0.02 * H]), "foot_index": ankle + np.array([0.05 * W, 0.02 * H]),
           "elbow": sh + np.array([0.08 * W, 0.02 * H]), "wrist": sh + np.array([0.16 * W, 0.02 * H])}
    return {k: (float(v[0]) / W, float(v[1]) / H) for k, v in pts.items()}


def _sequence(frames: list[dict[str, tuple[float, float]]]) -> PoseSequence:
    """A PoseSequence from per-frame camera-side points (normalised), the far side hidden behind."""
    n = len(frames)
    xyz = np.zeros((n, N_LANDMARKS, 3), np.float32)
    world = np.zeros((n, N_LANDMARKS, 3), np.float32)
    vis = np.full((n, N_LANDMARKS), 0.95, np.float32)
    for i, pts in enumerate(frames):
        for side, dz, dv in (("left", -0.1, 0.0), ("right", 0.1, -0.25)):
            for part, (x, y) in pts.items():
                if part == "nose":
                    continue
                j = I[f"{side}_{part}"]
                xyz[i, j] = (x, y, dz)
                world[i, j] = ((x - 0.5) * 1.6, (y - 0.7) * 1.2, dz * 2)
                vis[i, j] = 0.95 + dv
        nx, ny = pts["nose"]
        for name in ("nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
                     "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right"):
            xyz[i, I[name]] = (nx, ny, 0.0)
            world[i, I[name]] = ((nx - 0.5) * 1.6, (ny - 0.7) * 1.2, 0.0)
    t_ms = np.round(np.arange(n) * 1000.0 / FPS).astype(np.int64)
    return PoseSequence(t_ms=t_ms, xyz=xyz, visibility=vis, world_xyz=world, n_poses=np.ones(n, np.int8),
                        image_size=(W, H), model_variant="synthetic")


def bridge_sequence(reps: int = 3, arch_deg: float = 0.0, lift_deg: float = 25.0) -> PoseSequence:
    _, lift = bridge_profile(reps)
    frames = []
    for v in lift:
        pts = body_points(v, lift_deg, arch_deg)
        sx, sy = pts["shoulder"]
        pts["nose"] = (sx - 0.10, sy - 0.04)
        frames.append(pts)
    return _sequence(frames)


def plank_points(sag_px: float) -> dict[str, tuple[float, float]]:
    """A forearm plank seen from the side; ``sag_px`` drops the hips below the shoulder-ankle line."""
    sh, ankle = np.array([80.0, 120.0]), np.array([272.0, 154.0])
    along = ankle - sh
    normal = np.array([-along[1], along[0]]) / np.linalg.norm(along)  # points down-left: towards the floor
    hip = sh + 0.45 * along + sag_px * normal
    knee = hip + 0.5 * (ankle - hip)
    elbow = sh + np.array([0.0, 48.0])
    pts = {"shoulder": sh, "hip": hip, "knee": knee, "ankle": ankle, "heel": ankle + np.array([-6.0, -4.0]),
           "foot_index": ankle + np.array([4.0, 8.0]), "elbow": elbow, "wrist": elbow + np.array([-32.0, 0.0]),
           "nose": sh + np.array([-26.0, -6.0])}
    return {k: (float(v[0]) / W, float(v[1]) / H) for k, v in pts.items()}


def plank_sequence(segments: list[tuple[float, float]]) -> PoseSequence:
    """``segments``: (seconds, hip sag in px) in order; 0 = a straight plank, 26 px ≈ 30° of sag."""
    frames = []
    for seconds, sag in segments:
        frames += [plank_points(sag)] * round(seconds * FPS)
    return _sequence(frames)


STAMP_BITS = 12  # frame indices up to 4095 (3.4 minutes at 20 fps)
_STAMP_PX = W // STAMP_BITS


def stamp_index(img: np.ndarray, index: int) -> None:
    """Write ``index`` into the top row of the picture as white (1) and black (0) squares, one per bit:
    coarse enough to survive mp4v and Motion-JPEG, so a test can tell which source frame it sees."""
    for b in range(STAMP_BITS):
        img[:_STAMP_PX, b * _STAMP_PX:(b + 1) * _STAMP_PX] = 255 if (index >> b) & 1 else 0


def read_stamp(img: np.ndarray) -> int:
    """The index :func:`stamp_index` wrote (the centre of each square decides its bit)."""
    q = _STAMP_PX // 4
    return sum(1 << b for b in range(STAMP_BITS)
               if img[q:_STAMP_PX - q, b * _STAMP_PX + q:(b + 1) * _STAMP_PX - q].mean() > 128)


def write_video(seq: PoseSequence, path: str | Path, stamp: bool = False) -> Path:
    """A plain video of the stick figure (so the overlay lines up with something in screenshots);
    ``stamp``: each frame also carries its index (:func:`stamp_index`)."""
    path = Path(path)
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    assert vw.isOpened(), "cv2.VideoWriter could not open an mp4v writer"
    edges = [("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle"), ("shoulder", "elbow"), ("elbow", "wrist")]
    for i in range(len(seq)):
        img = np.full((H, W, 3), (70, 60, 50), np.uint8)
        cv2.rectangle(img, (0, int(0.76 * H)), (W, H), (90, 110, 120), -1)
        p = {k: (int(seq.xyz[i, I[f"left_{k}"], 0] * W), int(seq.xyz[i, I[f"left_{k}"], 1] * H))
             for k in ("shoulder", "hip", "knee", "ankle", "elbow", "wrist")}
        for a, b in edges:
            cv2.line(img, p[a], p[b], (200, 190, 180), 9, cv2.LINE_AA)
        nose = (int(seq.xyz[i, I["nose"], 0] * W), int(seq.xyz[i, I["nose"], 1] * H))
        cv2.circle(img, nose, 14, (200, 190, 180), -1, cv2.LINE_AA)
        if stamp:
            stamp_index(img, i)
        vw.write(img)
    vw.release()
    return path
