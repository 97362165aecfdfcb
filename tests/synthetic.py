"""Hand-built landmark sequences with exactly known angles, for engine tests without MediaPipe.

The body is drawn in "math" coordinates (x right, y up, units of image height), side view, head on
the left, the person's left side nearer the camera; then converted to MediaPipe's normalised image
coordinates (y down, x divided by the aspect ratio) and to camera-aligned world metres.
"""

from __future__ import annotations

import math

import numpy as np

from posecheck.landmarks import LANDMARK_INDEX, N_LANDMARKS, PoseSequence

W, H = 640, 480
ASPECT = W / H
TRUNK, THIGH, SHIN = 0.30, 0.22, 0.22  # segment lengths in image heights


def _rot(v: np.ndarray, deg: float) -> np.ndarray:
    a = math.radians(deg)
    return np.array([v[0] * math.cos(a) - v[1] * math.sin(a), v[0] * math.sin(a) + v[1] * math.cos(a)])


def _body_from_joints(sh, hip, knee, ankle) -> dict[str, np.ndarray]:
    """All 33 landmarks (math coords) from four joints: head beyond the shoulder, arms along the trunk."""
    trunk = (sh - hip) / np.linalg.norm(sh - hip)
    head = sh + trunk * 0.10
    p = {
        "shoulder": sh, "hip": hip, "knee": knee, "ankle": ankle,
        "elbow": sh - trunk * 0.12 + np.array([0, -0.01]), "wrist": sh - trunk * 0.22 + np.array([0, -0.01]),
        "heel": ankle + np.array([-0.02, -0.01]), "foot_index": ankle + np.array([0.05, 0.0]),
        "ear": head, "eye": head + trunk * 0.02, "eye_inner": head + trunk * 0.02, "eye_outer": head + trunk * 0.015,
        "pinky": sh - trunk * 0.25, "index": sh - trunk * 0.26, "thumb": sh - trunk * 0.24, "mouth": head + trunk * 0.01,
    }
    return p


def frame_arrays(sh, hip, knee, ankle, near_left: bool = True):
    """(xyz (33,3) normalised, visibility (33,), world (33,3)) for one side-view frame."""
    parts = _body_from_joints(np.asarray(sh, float), np.asarray(hip, float), np.asarray(knee, float),
                              np.asarray(ankle, float))
    return frame_arrays_sides(parts, parts, near_left)


def frame_arrays_sides(left: dict, right: dict, near_left: bool = True):
    """Like :func:`frame_arrays` with each side's parts given separately (limbs moving on their own)."""
    parts = left
    xyz = np.zeros((N_LANDMARKS, 3), np.float32)
    vis = np.zeros(N_LANDMARKS, np.float32)
    world = np.zeros((N_LANDMARKS, 3), np.float32)
    hip_c = parts["hip"]
    for name, i in LANDMARK_INDEX.items():
        if name == "nose":
            pt, side = parts["ear"] + np.array([0.02, 0.02]), None
        else:
            side, _, part = name.partition("_")
            if part in ("left", "right"):  # mouth_left / mouth_right
                pt, side = parts["mouth"], part
            else:
                pt = (left if side == "left" else right)[part]
        near = side is None or (side == "left") == near_left
        offset = 0.0 if near else 0.004  # far side drawn a hair apart, as MediaPipe does
        xyz[i] = ((pt[0] + offset) / ASPECT, 1.0 - (pt[1] + offset), -0.1 if near else 0.1)
        vis[i] = 0.95 if near else 0.6
        world[i] = ((pt[0] - hip_c[0]) * 2.0, -(pt[1] - hip_c[1]) * 2.0, -0.12 if near else 0.12)
    return xyz, vis, world


def bridge_joints(lift_deg: float, hip_angle_deg: float):
    """Joints of a bridge with the trunk raised ``lift_deg`` and the given shoulder-hip-knee angle."""
    sh = np.array([0.35, 0.25])
    d_trunk = np.array([math.cos(math.radians(lift_deg)), math.sin(math.radians(lift_deg))])
    hip = sh + TRUNK * d_trunk
    thigh = _rot(d_trunk, 180.0 - hip_angle_deg)  # knee above the trunk line when the hip is flexed
    knee = hip + THIGH * thigh
    ankle = np.array([knee[0] + 0.04, 0.25])
    if knee[1] - ankle[1] < 0.05:
        ankle = knee + SHIN * np.array([0.2, -0.98])
    return sh, hip, knee, ankle


def standing_joints():
    return np.array([0.6, 0.85]), np.array([0.6, 0.55]), np.array([0.6, 0.33]), np.array([0.6, 0.1])


def sequence(frames: list[tuple | None], fps: float = 15.0, n_poses: list[int] | None = None) -> PoseSequence:
    """A PoseSequence from per-frame joint tuples (None = nobody in view)."""
    n = len(frames)
    xyz = np.full((n, N_LANDMARKS, 3), np.nan, np.float32)
    world = np.full((n, N_LANDMARKS, 3), np.nan, np.float32)
    vis = np.zeros((n, N_LANDMARKS), np.float32)
    poses = np.zeros(n, np.int8)
    for i, joints in enumerate(frames):
        if joints is None:
            continue
        xyz[i], vis[i], world[i] = frame_arrays(*joints)
        poses[i] = 1 if n_poses is None else n_poses[i]
    t_ms = np.round(np.arange(n) * 1000.0 / fps).astype(np.int64)
    return PoseSequence(t_ms=t_ms, xyz=xyz, visibility=vis, world_xyz=world, n_poses=poses, image_size=(W, H),
                        model_variant="synthetic", model_sha256="0" * 64)


def bridge_trace(n_reps: int, fps: float = 15.0, top_hip_deg=180.0, bottom_s=1.5, up_s=1.5, top_s=1.0,
                 down_s=1.5, lift_top_deg=30.0, lift_bottom_deg=3.0, noise_deg=0.0, seed=0, lead_s=1.5):
    """Per-frame (lift_deg, hip_angle_deg) of ``n_reps`` bridges; ``top_hip_deg`` may be a list per rep."""
    rng = np.random.default_rng(seed)
    tops = top_hip_deg if isinstance(top_hip_deg, (list, tuple)) else [top_hip_deg] * n_reps
    bottom_hip = 135.0
    out = []

    def hold(lift, hip, secs):
        out.extend([(lift, hip)] * int(round(secs * fps)))

    def move(l0, h0, l1, h1, secs):
        k = int(round(secs * fps))
        for j in range(k):
            s = 0.5 - 0.5 * math.cos(math.pi * (j + 1) / k)  # smooth start and stop
            out.append((l0 + (l1 - l0) * s, h0 + (h1 - h0) * s))

    hold(lift_bottom_deg, bottom_hip, lead_s)
    for r in range(n_reps):
        move(lift_bottom_deg, bottom_hip, lift_top_deg, tops[r], up_s)
        hold(lift_top_deg, tops[r], top_s)
        move(lift_top_deg, tops[r], lift_bottom_deg, bottom_hip, down_s)
        hold(lift_bottom_deg, bottom_hip, bottom_s)
    if noise_deg:
        out = [(a + rng.normal(0, noise_deg), b + rng.normal(0, noise_deg)) for a, b in out]
    return out


def bridge_sequence(n_reps: int, fps: float = 15.0, **kw) -> PoseSequence:
    return sequence([bridge_joints(lift, hip) for lift, hip in bridge_trace(n_reps, fps, **kw)], fps)


def quadruped_parts(leg_elev_deg: float) -> dict[str, np.ndarray]:
    """One side of a hands-and-knees body (head left): the leg stretched back at ``leg_elev_deg``
    (-90 = knee on the floor under the hip, 0 = level with the hip)."""
    sh, hip = np.array([0.30, 0.50]), np.array([0.62, 0.50])
    e = math.radians(leg_elev_deg)
    knee = hip + THIGH * np.array([math.cos(e), math.sin(e)])
    rest = leg_elev_deg < -80
    ankle = knee + SHIN * (np.array([1.0, 0.0]) if rest else np.array([math.cos(e), math.sin(e)]))
    parts = _body_from_joints(sh, hip, knee, ankle)
    parts["elbow"], parts["wrist"] = sh + np.array([0, -0.12]), sh + np.array([0, -0.24])  # arms straight down
    return parts


def bird_dog_sequence(sides: list[str], fps: float = 15.0, top_deg: float = -5.0, hold_s: float = 2.0):
    """Alternating leg extensions; ``sides`` lists which leg moves in each rep."""
    frames = []

    def add(l_deg, r_deg, n):
        frames.extend([frame_arrays_sides(quadruped_parts(l_deg), quadruped_parts(r_deg))] * n)

    add(-90, -90, int(1.5 * fps))
    for side in sides:
        k = int(1.0 * fps)
        for j in range(1, k + 1):
            e = -90 + (top_deg + 90) * j / k
            add(e if side == "left" else -90, e if side == "right" else -90, 1)
        add(top_deg if side == "left" else -90, top_deg if side == "right" else -90, int(hold_s * fps))
        for j in range(1, k + 1):
            e = top_deg + (-90 - top_deg) * j / k
            add(e if side == "left" else -90, e if side == "right" else -90, 1)
        add(-90, -90, int(1.0 * fps))
    return sequence_from_arrays(frames, fps)


def sequence_from_arrays(arrays: list[tuple], fps: float = 15.0) -> PoseSequence:
    n = len(arrays)
    xyz = np.stack([a[0] for a in arrays]).astype(np.float32)
    vis = np.stack([a[1] for a in arrays]).astype(np.float32)
    world = np.stack([a[2] for a in arrays]).astype(np.float32)
    t_ms = np.round(np.arange(n) * 1000.0 / fps).astype(np.int64)
    return PoseSequence(t_ms=t_ms, xyz=xyz, visibility=vis, world_xyz=world, n_poses=np.ones(n, np.int8),
                        image_size=(W, H), model_variant="synthetic", model_sha256="0" * 64)


def batch_and_live(exercise, seq: PoseSequence):
    """The same recording analysed both ways: (batch Analyzer, live Analyzer, the live events in order)."""
    from posecheck.engine.analyzer import Analyzer

    batch = Analyzer(exercise)
    batch.analyze(seq)
    live = Analyzer(exercise)
    streamed = []
    for f in seq.frames():
        streamed += live.push(f)
    streamed += live.finish()
    return batch, live, streamed
