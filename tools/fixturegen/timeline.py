"""Keyframed parameter tracks with smooth (cosine) easing, and rep phase plans."""
from __future__ import annotations

import numpy as np


class Track:
    def __init__(self):
        self.keys: list[tuple[float, dict]] = []

    def key(self, t: float, **params) -> "Track":
        self.keys.append((t, params))
        self.keys.sort(key=lambda k: k[0])
        return self

    def at(self, t: float) -> dict:
        names = {n for _, p in self.keys for n in p}
        out = {}
        for n in names:
            ks = [(kt, p[n]) for kt, p in self.keys if n in p]
            if t <= ks[0][0]:
                out[n] = ks[0][1]
                continue
            if t >= ks[-1][0]:
                out[n] = ks[-1][1]
                continue
            for (t0, v0), (t1, v1) in zip(ks, ks[1:]):
                if t0 <= t <= t1:
                    x = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                    w = 0.5 - 0.5 * np.cos(np.pi * x)
                    out[n] = v0 + (v1 - v0) * w
                    break
        return out


def rep_plan(n: int, start: float, up: float, top: float, down: float, bottom: float):
    """List of (start_s, top_start, top_end, end_s) per rep."""
    reps, t = [], start
    for _ in range(n):
        reps.append((t, t + up, t + up + top, t + up + top + down))
        t += up + top + down + bottom
    return reps


def hold_track(name: str, lead_in: float, ramp: float, hold_s: float) -> tuple[Track, float, float]:
    """``name`` at 0 until ``lead_in``, eased to 1 over ``ramp``, held for ``hold_s``, eased back to 0:
    the track and the hold's start and end (a superman, a child's pose)."""
    top0, top1 = lead_in + ramp, lead_in + ramp + hold_s
    tr = Track().key(0.0, **{name: 0.0}).key(lead_in, **{name: 0.0}).key(top0, **{name: 1.0}).key(top1, **{name: 1.0})
    tr.key(top1 + ramp, **{name: 0.0})
    return tr, top0, top1


def posed_by(track: Track, name: str, solve):
    """person(t) for a render: ``solve(value)`` of the track's ``name`` at t, rounded to 1e-4 and
    remembered, so a held position is solved once and not once per frame."""
    cache = {}

    def person(t):
        v = round(track.at(t)[name], 4)
        if v not in cache:
            cache[v] = solve(v)
        return cache[v]

    return person


SIDE_NAME = {"L": "left", "R": "right", None: None}


def keyed_reps(track: Track, plan: list[tuple], sides: list | None = None, name: str = "a",
               top: float = 1.0) -> list[dict]:
    """Key ``name`` 0 -> ``top`` -> ``top`` -> 0 on every rep of ``plan`` and return the reps' truth
    (index, side, start_s, end_s, no faults; ``_peak`` = the middle of the top, for the caller to
    measure there and pop)."""
    reps = []
    for i, (s, ts, te, e) in enumerate(plan):
        track.key(s, **{name: 0.0}).key(ts, **{name: top}).key(te, **{name: top}).key(e, **{name: 0.0})
        side = sides[i] if sides else None
        reps.append({"index": i, "side": SIDE_NAME[side], "start_s": round(s, 3), "end_s": round(e, 3),
                     "top_angle_deg": None, "faults": [], "_peak": (ts + te) / 2})
    return reps


def side_at(plan: list[tuple], sides: list, t: float, linger_s: float = 0.4, default: str = "L") -> str:
    """The side moving at t: the rep's side from its start until ``linger_s`` after its end."""
    return next((sd for (s, _, _, e), sd in zip(plan, sides) if s - 0.01 <= t <= e + linger_s), default)
