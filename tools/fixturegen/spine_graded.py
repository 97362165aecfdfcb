"""Graded lumbar curves (issue 11): the back's outline against known lumbar extension and flexion.

- ``bridge_curve``: glute bridge reps whose tops all keep shoulders, hips and knees on one line (180),
  the lumbar spine extended by a scripted amount at the top (``arch``; negative: flattened). An arch
  with the hips on the line is what the shoulder-hip-knee angle cannot see.
- ``plank_curve``: a forearm plank held through steps of lumbar extension (the hips sag with it, the
  legs stay straight) and flexion (the back rounds up).
- ``cat_cow_curve``: cat-cow cycles whose spine moves through a graded share of the full range while
  the head moves all the way (the head drives the count; the outline is to measure the spine's range).

Each step is held long enough for the engine's filters to settle; the truth is the rig's own lumbar
bend, frame by frame (spine_truth.py), and each script's faults are the steps past the fault's limit.
"""
from __future__ import annotations

import numpy as np

from . import catcow
from .bridge import bridge_clip
from .catcow import CatCowSolver
from .character import Character
from .plank import PlankSolver
from .character import ORIENT
from .rig import rot
from .timeline import Track, posed_by

# The shoulder-hip-knee angle stays on the line, so only the lumbar spine's extension can make the fault.
ARCH_FAULT_DEG = 15.0   # a bridge arched more than this (scripted lumbar extension) is over-arched
SAG_FAULT_DEG = 15.0    # a plank sagging more than this (lumbar extension) is sagging


def bridge_curve_clip(shape: str, arches: list[float]):
    """One rep per entry of ``arches`` (lumbar extension at the top, degrees), the top at 180 every time."""
    reps = [{"top": 180.0, "arch": float(a), "faults": ["lower_back_arched"] if a > ARCH_FAULT_DEG else []}
            for a in arches]
    return bridge_clip(shape, reps, tempo=(1.5, 1.2, 1.5, 0.8))


class _PlankCurveSolver(PlankSolver):
    """The plank, the hips straight, the lumbar spine extended (sag, positive) or flexed (negative)."""

    def pose(self, p, lumbar):
        q = super().pose(p, 0.0)
        q["lumbar_flex"] = -lumbar
        # the arms hang from the chest, which the lumbar bend turns: keep the upper arms under the shoulders
        q.update({f"shoulder_flex.{s}": 90.0 + p - lumbar for s in "LR"})
        return q


def plank_curve_clip(shape: str, steps: list[tuple[float, float]], ramp_s: float = 0.8):
    """``steps``: (lumbar extension deg, seconds held); ramps of ``ramp_s`` between them. Steps past
    SAG_FAULT_DEG are ``hips_sagging`` spans; the hold's good form is the rest."""
    ch = Character(shape)
    solver = _PlankCurveSolver(ch)
    tr = Track().key(0.0, lum=steps[0][0])
    t, faults, holds = 0.0, [], []
    spans = []
    for k, (lum, secs) in enumerate(steps):
        start = t + (ramp_s if k else 0.0)
        tr.key(start, lum=lum).key(start + secs, lum=lum)
        spans.append((lum, start, start + secs))
        t = start + secs
    duration = t
    # a sag span runs from the middle of the ramp into the step to the middle of the ramp out of it
    good_from = 0.0
    for k, (lum, a, b) in enumerate(spans):
        if lum <= SAG_FAULT_DEG:
            continue
        s = a - ramp_s / 2 if k else a
        e = b + ramp_s / 2 if k + 1 < len(spans) else b
        if faults and s <= faults[-1]["end_s"] + 1e-9:  # one sag running on through two steps
            faults[-1]["end_s"] = round(e, 3)
            good_from = e
            continue
        faults.append({"id": "hips_sagging", "rep_index": None, "start_s": round(s, 3), "end_s": round(e, 3)})
        if s > good_from:
            holds.append({"side": None, "start_s": round(good_from, 3), "end_s": round(s, 3)})
        good_from = e
    if duration > good_from:
        holds.append({"side": None, "start_s": round(good_from, 3), "end_s": round(duration, 3)})
    return ch, posed_by(tr, "lum", solver.solve), duration, [], holds, faults


def _cat_cow_pose(scale: float):
    """catcow.pose with the spine and pelvis moving ``scale`` of their range and the head all of its own."""
    def pose(c, p, dshoulder):
        q = catcow.pose(c, p, dshoulder)
        end = catcow.CAT if c >= 0 else catcow.COW
        w = abs(c)
        q["spine_flex"] = scale * w * end["spine"]
        q["pelvis_tilt"] = scale * w * end["pelvis"]
        return q
    return pose


def cat_cow_curve_clip(shape: str, scales: list[float], lead_in=1.5, to_cat=1.5, half=2.0, pause=0.4, tail=1.5):
    """One cat-cow cycle per entry of ``scales`` (the share of the spine's full range moved in it)."""
    ch = Character(shape)
    tr = Track().key(0.0, c=0.0, s=scales[0]).key(lead_in, c=0.0, s=scales[0])
    t = lead_in + to_cat
    tr.key(t, c=1.0)
    reps = []
    for i, sc in enumerate(scales):
        start = t
        tr.key(t, s=sc).key(t + pause, c=1.0).key(t + pause + half, c=-1.0)
        t += pause + half
        tr.key(t + pause, c=-1.0).key(t + pause + half, c=1.0)
        t += pause + half
        tr.key(t, s=sc)
        reps.append({"index": i, "side": None, "start_s": round(start, 3), "end_s": round(t, 3),
                     "top_angle_deg": None, "faults": []})
    tr.key(t + pause, c=1.0).key(t + pause + to_cat, c=0.0)
    duration = t + pause + to_cat + tail
    cache: dict = {}

    def person(tt):
        v = tr.at(tt)
        c, sc = round(v["c"], 4), round(v["s"], 4)
        if (c, sc) not in cache:
            cache[(c, sc)] = _solve_scaled(ch, c, sc)
        return cache[(c, sc)]
    return ch, person, duration, reps, [], []


_SOLVERS: dict = {}


def _solve_scaled(ch: Character, c: float, scale: float):
    """CatCowSolver's placement (hands and knees on the floor) for a spine moving ``scale`` of its range."""
    key = (id(ch), scale)
    if key not in _SOLVERS:
        _SOLVERS[key] = _ScaledCatCow(ch, scale)
    return _SOLVERS[key].solve(c)


class _ScaledCatCow(CatCowSolver):
    def __init__(self, ch: Character, scale: float):
        self._pose_fn = _cat_cow_pose(scale)
        super().__init__(ch)

    def _joints(self, x, c):
        p, tz, ds = x
        R = ORIENT["prone"] @ rot("x", p)
        return self.ch.joints(self._pose_fn(c, p, ds), R, np.array([0.0, 0.0, tz]))

    def solve(self, c: float):
        _, R, t = super().solve(c)
        p, tz, ds = self.x
        return self._pose_fn(c, p, ds), R, t
