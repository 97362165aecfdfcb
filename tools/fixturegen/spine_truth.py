"""The scripted lumbar curve of a clip's exerciser, frame by frame (issue 11: the truth for the outline).

Truth is the rig's own bend of the spine between the pelvis and the lowest thoracic bone (``spine02``,
whose head sits a little above the middle of the hip-shoulder chord), in the body's sagittal plane:
the rotation about the body's left-right axis of ``spine02`` relative to the pelvis, extension
positive (the convention of ``lumbar_curve_deg`` in posecheck/kinematics/angles.py). It is the sum of
the script's lumbar extension and the lumbar share of a whole-spine bend (``spine_flex`` puts 0.6 of
itself on the two lumbar bones; the cat-cow's spine), and it includes a pelvis tilted under a still
trunk (``pelvis_isolated``: the dead bug's and the marching bridge's arching).

A straight rig reads 0. A person's back is not straight at rest, and the outline measures skin and
clothes over muscle, not vertebrae: the outline's reading is compared with this as correlation, an
offset, and the error once the offset is removed."""
from __future__ import annotations

import numpy as np

from .edits import script_offsets, script_time, shots_of
from .render import FPS, build

LOWER, UPPER = "pelvis", "spine02"


def lumbar_extension_deg(ch, pose: dict) -> float:
    """The rig's lumbar extension for one pose (degrees; flexion negative)."""
    G, _ = ch.fk(pose)
    b = ch.body
    rel = G[b.bone(LOWER)].T @ G[b.bone(UPPER)]
    flex = np.degrees(np.arctan2(rel[2, 1], rel[1, 1]))  # rotation about the body's x (left) axis
    return float(-flex)


def lumbar_series(clip: dict, step: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(t_s, lumbar extension deg) of the clip's exerciser on every ``step``-th frame, in clip time."""
    people, dur, *_ = build(clip)
    shots = shots_of(clip)
    offsets = script_offsets(shots)
    n = int(round((dur - offsets[-1]) * FPS))
    person = people[0]
    ts, vals = [], []
    for i in range(0, n, step):
        _, t = script_time(clip, shots, offsets, i, FPS)
        q, _, _ = person.fn(t)
        ts.append(i / FPS)
        vals.append(lumbar_extension_deg(person.ch, q))
    return np.array(ts), np.array(vals)


def truth_keys(values, tol: float = 0.1) -> str:
    """The per-frame truth as the few frames between which it runs straight (within ``tol`` degrees, the
    rounding it is stored with), ``"frame:deg frame:deg ..."``: one short line in the manifest instead of a
    number per frame. :func:`truth_from_keys` (np.interp between the keys) gives the frames back."""
    v = np.asarray(values, float)
    n = len(v)
    if n == 0:
        return ""
    keys, start = [0], 0
    while start < n - 1:
        end = start + 1
        # stretch the segment while every frame inside stays within tol of the straight line
        while end + 1 < n:
            cand = end + 1
            line = np.interp(np.arange(start, cand + 1), [start, cand], [v[start], v[cand]])
            if np.max(np.abs(line - v[start:cand + 1])) > tol:
                break
            end = cand
        keys.append(end)
        start = end
    return " ".join(f"{k}:{v[k]:.1f}" for k in keys)


def truth_from_keys(keys: str, n_frames: int) -> np.ndarray:
    """The per-frame truth (n_frames,) from :func:`truth_keys`'s line."""
    pairs = [p.split(":") for p in keys.split()]
    f = np.array([int(a) for a, _ in pairs], float)
    d = np.array([float(b) for _, b in pairs], float)
    return np.interp(np.arange(n_frames), f, d)
