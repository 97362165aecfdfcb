"""Render one clip of the catalogue: its people and props, frames -> H.264 file (the manifest
entry is manifest.py's)."""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from .birddog import bird_dog_clip
from .bridge import bridge_clip
from .bystanders import BYSTANDERS
from .character import ORIENT, Character
from .clothes import loose_shirt, shirt_vertices
from .rig import rot
from .deadbug import dead_bug_clip
from .plank import plank_clip
from .registry import SCRIPTS
from .edits import script_offsets, script_time, shots_of
from .encode import H264Writer
from .looks import face_colours
from .props import make_props
from .raster import draw_mesh
from .scene import H, VFOV, W, Room, finish, gain_at, make_camera

FPS = 15
SEED = 20261122
LIGHT = np.array([0.3, -0.6, 0.75]) / np.linalg.norm([0.3, -0.6, 0.75])


class Person(NamedTuple):
    ch: Character
    fn: Callable            # script time -> (pose, root rotation, translation)
    offset: np.ndarray      # added to the translation: where this person is in the room
    skin: str
    clothes: str
    role: str = "exerciser"  # or "bystander"
    action: str | None = None
    fit: str = "tight"      # "loose": a baggy shirt changes the trunk's outline (clothes.py, issue 11)


def build(clip: dict):
    """-> (people [Person], duration, reps, holds, faults), in script time (see edits.py)."""
    people, dur, reps, holds, faults = _build_exerciser(clip)
    for spec in clip.get("others", []):
        people.append(_other(clip, spec))
    return people, dur, reps, holds, faults


def _other(clip: dict, spec: dict) -> Person:
    """A second person: a bystander (BYSTANDERS[spec['who']]) or another exerciser (spec['clip']:
    overrides of this clip, e.g. another body and its own reps)."""
    at = np.array([*spec["at_m"], 0.0])
    if spec["who"] == "exerciser":
        p = _build_exerciser(dict(clip, **spec["clip"]))[0][0]
        return p._replace(offset=at, skin=spec["skin"], clothes=spec["clothes"])
    ch = Character(spec["body"])
    fn = BYSTANDERS[spec["who"]](ch, **spec.get("args", {}))
    return Person(ch, fn, at, spec["skin"], spec["clothes"], "bystander", spec["who"])


def _build_exerciser(clip: dict):
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
        ch, fn, dur, reps, holds, faults = bridge_clip(look["body"], clip["reps"], **clip.get("script_args", {}))
    people = [Person(ch, fn, np.zeros(3), look["skin"], look["clothes"], fit=look.get("fit", "tight"))]
    if kind == "two_people":
        other = "male" if look["body"] == "female" else "female"
        ch2 = Character(other)
        floor = -ch2.body.verts[:, 2].min()

        def fn2(t, floor=floor):  # a second person standing at the end of the mat, watching
            q = {"neck_turn": 25.0 * np.sin(0.4 * t), "shoulder_abd.L": 8.0, "shoulder_abd.R": 8.0}
            return q, ORIENT["standing"] @ rot("z", 150.0), np.array([0.0, 0.0, floor])
        people.append(Person(ch2, fn2, np.array([0.95, 1.25, 0.0]),
                             "dark" if look["skin"] == "light" else "light", "scheme1", "bystander", "standing"))
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


def camera_of_shot(shot: dict):
    return make_camera(shot["view"], shot["camera_height_m"], shot["camera_distance_m"],
                       np.array([shot["target_x_m"], 0.0, shot["target_z_m"]]), shot["camera_yaw_deg"],
                       shot["camera_vfov_deg"] or VFOV)


def filming(clip: dict):
    """frame index -> (camera, script time) for the clip's shots and held frames (edits.py)."""
    shots = shots_of(clip)
    offsets = script_offsets(shots)
    cams = [camera_of_shot(s) for s in shots]

    def at(i: int):
        k, t = script_time(clip, shots, offsets, i, FPS)
        return cams[k], t

    return at


def frames(clip: dict, n_max: int | None = None, only: set[int] | None = None):
    """Yield (index, BGR uint8 frame); deterministic for a clip name and SEED. ``only``: render
    just these frames (the noise of the others is still drawn, so they come out as in the video)."""
    look = clip["look"]
    people, script_dur, *_ = build(clip)
    # the camera aims at the mat, or higher for a standing person (target_z_m in the clip);
    # an edited clip cuts between shots, each with its own camera and room background
    shots = shots_of(clip)
    offsets = script_offsets(shots)
    dur = script_dur - offsets[-1]
    cams = [camera_of_shot(s) for s in shots]
    bgs = [Room().render(cam, LIGHT).astype(np.uint8) for cam in cams]
    props = make_props(clip.get("props", []))
    cols = [face_colours(p.ch.body, p.skin, p.clothes) for p in people]
    shirts = [shirt_vertices(p.ch.body) if p.fit == "loose" else None for p in people]
    rng = np.random.default_rng([SEED, zlib.crc32(clip["file"].encode())])
    n = int(round(dur * FPS))
    held = (None, None)
    for i in range(n if n_max is None else min(n, n_max)):
        k, t = script_time(clip, shots, offsets, i, FPS)
        if only is not None and i not in only:
            if held[0] != (k, t) and look["noise_sigma"] > 0:
                rng.normal(0.0, look["noise_sigma"], (H, W, 3))
                held = ((k, t), None)
            continue
        if held[0] == (k, t) and held[1] is not None:          # a held pose (edits.py): the same frame again
            yield i, held[1]
            continue
        cam = cams[k]
        canvas = bgs[k].copy()
        for v, faces, col in props:    # furniture stands under and behind the people
            draw_mesh(canvas, cam, v, faces, col, LIGHT)
        meshes = []
        for p, col, shirt in zip(people, cols, shirts):
            q, R, tr = p.fn(t)
            v = p.ch.mesh(q, R, tr + p.offset)
            if shirt is not None:
                v = loose_shirt(v, p.ch.body, shirt)
            meshes.append((cam.to_camera(v)[:, 2].mean(), v, p.ch, col))
        for _, v, ch, col in sorted(meshes, key=lambda m: -m[0]):
            draw_mesh(canvas, cam, v, ch.body.faces, col, LIGHT)
        img = finish(canvas, gain_at(look["lighting"], i / FPS, dur), look["noise_sigma"], rng)
        held = ((k, t), img)
        yield i, img


def render_clip(clip: dict, out_dir: Path) -> None:
    w = H264Writer(out_dir / clip["file"], W, H, FPS)
    for _, img in frames(clip):
        w.write(img)
    w.close()
