"""Render one clip of the catalogue: frames -> H.264 file; returns its manifest entry."""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from .birddog import bird_dog_clip
from .bridge import bridge_clip
from .character import ORIENT, Character
from .rig import rot
from .deadbug import dead_bug_clip
from .plank import plank_clip
from .registry import HOLD_KINDS, SCRIPTS
from .encode import H264Writer
from .looks import face_colours
from .raster import draw_mesh
from .scene import H, W, Room, finish, gain_at, make_camera

FPS = 15
SEED = 20261122
LIGHT = np.array([0.3, -0.6, 0.75]) / np.linalg.norm([0.3, -0.6, 0.75])


def build(clip: dict):
    """-> (people [(character, pose_fn, xyz offset)], duration, reps, holds, faults)."""
    look, kind = clip["look"], clip["kind"]
    if kind == "empty":
        return [], clip["duration"], [], [], []
    if kind in SCRIPTS:
        ch, fn, dur, reps, holds, faults = SCRIPTS[kind](look["body"], clip)
    elif kind == "dead_bug":
        ch, fn, dur, reps, holds, faults = dead_bug_clip(look["body"], clip["reps"])
    elif kind == "bird_dog":
        ch, fn, dur, reps, holds, faults = bird_dog_clip(look["body"], clip["reps"])
    elif kind == "plank":
        ch, fn, dur, reps, holds, faults = plank_clip(look["body"], clip["duration"], clip["fault"])
    elif kind == "bridge_out":
        ch, fn, dur, reps, holds, faults = bridge_out(look["body"], clip["reps"])
    elif kind == "bridge_settle":
        ch, fn, dur, reps, holds, faults = bridge_settle(look["body"], clip["reps"])
    elif kind == "bridge_hold":
        ch, fn, dur, reps, holds, faults = bridge_clip(look["body"], [], hold=clip["hold"])
    else:
        ch, fn, dur, reps, holds, faults = bridge_clip(look["body"], clip["reps"])
    people = [(ch, fn, np.zeros(3), look["skin"], look["clothes"])]
    if kind == "two_people":
        other = "male" if look["body"] == "female" else "female"
        ch2 = Character(other)
        floor = -ch2.body.verts[:, 2].min()

        def fn2(t, floor=floor):  # a second person standing at the end of the mat, watching
            q = {"neck_turn": 25.0 * np.sin(0.4 * t), "shoulder_abd.L": 8.0, "shoulder_abd.R": 8.0}
            return q, ORIENT["standing"] @ rot("z", 150.0), np.array([0.0, 0.0, floor])
        people.append((ch2, fn2, np.array([0.95, 1.25, 0.0]),
                       "dark" if look["skin"] == "light" else "light", "scheme1"))
    return people, dur, reps, holds, faults


def _smooth(x):
    x = min(max(x, 0.0), 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * x)


def bridge_out(shape, reps_spec, leave=10.0, away=6.0, slide=1.0, dx=3.2):
    """The person slides out of frame after the second rep and back in `away` s later; the
    script pauses meanwhile, so the reps after the gap are shifted by `away` seconds."""
    ch, fn, dur, reps, holds, faults = bridge_clip(shape, reps_spec)

    def person(t):
        if t < leave:
            return fn(t)
        if t > leave + away:
            return fn(t - away)
        q, R, tr = fn(leave)
        off = dx * min(_smooth((t - leave) / slide), _smooth((leave + away - t) / slide))
        return q, R, tr + np.array([off, 0.0, 0.0])

    for r in reps:
        if r["start_s"] >= leave:
            r["start_s"], r["end_s"] = round(r["start_s"] + away, 3), round(r["end_s"] + away, 3)
    for f in faults:
        if f["start_s"] >= leave:
            f["start_s"], f["end_s"] = round(f["start_s"] + away, 3), round(f["end_s"] + away, 3)
    return ch, person, dur + away, reps, holds, faults


def bridge_settle(shape, reps_spec, lead_in=5.0):
    """Getting into position: lies still off-centre, shuffles 0.35 m along the mat (2-3.5 s),
    settles, then starts the reps."""
    ch, fn, dur, reps, holds, faults = bridge_clip(shape, reps_spec, lead_in=lead_in)

    def person(t):
        q, R, tr = fn(t)
        off = 0.35 * (1 - _smooth((t - 2.0) / 1.5))
        return q, R, tr + np.array([off, 0.0, 0.02 * np.sin(np.pi * _smooth((t - 2.0) / 1.5))])
    return ch, person, dur, reps, holds, faults


def frames(clip: dict, n_max: int | None = None):
    """Yield (index, BGR uint8 frame); deterministic for a clip name and SEED."""
    look = clip["look"]
    people, dur, *_ = build(clip)
    # the camera aims at the mat, or higher for a standing person (target_z_m in the clip)
    cam = make_camera(clip["view"], look["camera_height_m"], look["camera_distance_m"],
                      np.array([0.0, 0.0, clip.get("target_z_m", 0.25)]))
    bg = Room().render(cam, LIGHT).astype(np.uint8)
    cols = [face_colours(ch.body, skin, scheme) for ch, _, _, skin, scheme in people]
    rng = np.random.default_rng([SEED, zlib.crc32(clip["file"].encode())])
    n = int(round(dur * FPS))
    for i in range(n if n_max is None else min(n, n_max)):
        t = i / FPS
        canvas = bg.copy()
        meshes = []
        for (ch, fn, off, _, _), col in zip(people, cols):
            p, R, tr = fn(t)
            v = ch.mesh(p, R, tr + off)
            meshes.append((cam.to_camera(v)[:, 2].mean(), v, ch, col))
        for _, v, ch, col in sorted(meshes, key=lambda m: -m[0]):
            draw_mesh(canvas, cam, v, ch.body.faces, col, LIGHT)
        yield i, finish(canvas, gain_at(look["lighting"], t, dur), look["noise_sigma"], rng)


def render_clip(clip: dict, out_dir: Path) -> dict:
    people, dur, reps, holds, faults = build(clip)
    w = H264Writer(out_dir / clip["file"], W, H, FPS)
    for _, img in frames(clip):
        w.write(img)
    w.close()
    return entry(clip, dur, reps, holds, faults)


def entry(clip, dur, reps, holds, faults) -> dict:
    err = clip.get("error")
    sides = {r["side"] for r in reps}
    alternating = bool(sides - {None})
    exp_faults: dict = {}
    for f in faults:
        exp_faults.setdefault(f["id"], [])
        if f["rep_index"] is not None and f["rep_index"] not in exp_faults[f["id"]]:
            exp_faults[f["id"]].append(f["rep_index"])
    hold_kind = clip["kind"] in ("bridge_hold", "plank") + HOLD_KINDS
    hold_s = round(sum(h["end_s"] - h["start_s"] for h in holds), 3) if hold_kind else None
    return {
        "file": clip["file"], "exercise": clip["exercise"], "view": clip["view"],
        "fps": FPS, "width": W, "height": H, "duration_s": round(int(round(dur * FPS)) / FPS, 3),
        "persons": 0 if clip["kind"] == "empty" else (2 if clip["kind"] == "two_people" else 1),
        "look": clip["look"], "reps": reps if err is None else reps, "holds": holds,
        "faults": faults,
        "expected": {
            "reps_total": None if err else len(reps),
            "reps_left": sum(r["side"] == "left" for r in reps) if alternating and not err else None,
            "reps_right": sum(r["side"] == "right" for r in reps) if alternating and not err else None,
            "hold_s": None if err else hold_s,
            "faults": {} if err else exp_faults,
            "error": err,
        },
    }
