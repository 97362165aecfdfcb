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
