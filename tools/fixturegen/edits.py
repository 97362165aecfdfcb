"""Edited footage (issue 9): cuts between camera shots and poses held for several frames.

A clip with ``shots`` is one continuous scripted set filmed by several cameras and cut
together: shot k starts at clip time ``start_s`` and shows the script ``skip_s`` seconds later
than the previous shot would have (the editor dropped that much). Clip time t therefore shows
script time t + (sum of skip_s of the shots so far). A rep is true only if its whole span lies
inside one shot: a rep cut off by a cut is neither before nor after it (no rep across a cut).
The catalogue places cuts so that a cut-off rep's top is shown in neither shot (the cut jumps
from its rise into its lowering): the real clips' labels count a rep whose start is missing but
whose top and return are shown, and this keeps the truth the same under either convention.

A clip with ``hold_frames`` = n shows a new pose only every n frames, as a looped animation of
a real person does (a GIF made of a few photos per rep): the frames in between repeat the last
one pixel for pixel."""
from __future__ import annotations

import numpy as np


def shots_of(clip: dict) -> list[dict]:
    """The clip's shots (start_s, skip_s, camera settings); one shot from the look otherwise."""
    look = clip["look"]
    base = dict(start_s=0.0, skip_s=0.0, view=clip["view"], camera_height_m=look["camera_height_m"],
                camera_distance_m=look["camera_distance_m"], camera_yaw_deg=look.get("camera_yaw_deg"),
                camera_vfov_deg=look.get("camera_vfov_deg"), target_z_m=clip.get("target_z_m", 0.25),
                target_x_m=clip.get("target_x_m", 0.0))
    return [dict(base, **s) for s in clip.get("shots", [{}])]


def script_offsets(shots: list[dict]) -> list[float]:
    """Script time minus clip time in each shot (the skips so far, added up)."""
    return [float(o) for o in np.cumsum([s["skip_s"] for s in shots])]


def shot_index(shots: list[dict], t: float) -> int:
    return max(k for k, s in enumerate(shots) if s["start_s"] <= t + 1e-9)


def script_time(clip: dict, shots: list[dict], offsets: list[float], i: int, fps: int) -> tuple[int, float]:
    """(shot index, script time) shown by frame i; held frames show the pose of the frame that
    started their hold."""
    n = clip.get("hold_frames", 1)
    t = (i // n) * n / fps
    k = shot_index(shots, i / fps)
    return k, t + offsets[k]


def cut_truth(shots: list[dict], duration_s: float, reps: list[dict], holds: list[dict],
              faults: list[dict]) -> tuple[float, list, list, list, list]:
    """Script-time truth -> clip-time truth: (clip duration, reps, holds, faults, cut-off reps
    with the parts of them shown).
    Reps wholly inside one shot keep their place (re-indexed); holds are clipped to the shots;
    faults follow their rep (those on cut-off reps go with them)."""
    offs = script_offsets(shots)
    ends = [s["start_s"] for s in shots[1:]] + [duration_s - offs[-1]]
    windows = [(s["start_s"] + o, e + o, o) for s, e, o in zip(shots, ends, offs)]  # script time

    def inside(a, b):
        return next((o for s, e, o in windows if s - 1e-9 <= a and b <= e + 1e-9), None)

    kept, dropped, new_index = [], [], {}
    for r in reps:
        o = inside(r["start_s"], r["end_s"])
        if o is None:   # the parts of it that are shown, in clip time
            shown = [[round(max(r["start_s"], s) - o2, 3), round(min(r["end_s"], e) - o2, 3)]
                     for s, e, o2 in windows if min(r["end_s"], e) > max(r["start_s"], s)]
            dropped.append({"side": r["side"], "shown_s": shown})
            continue
        new_index[r["index"]] = len(kept)
        kept.append(dict(r, index=len(kept), start_s=round(r["start_s"] - o, 3), end_s=round(r["end_s"] - o, 3)))
    out_holds = []
    for h in holds:
        for s, e, o in windows:
            a, b = max(h["start_s"], s), min(h["end_s"], e)
            if b > a:
                out_holds.append(dict(h, start_s=round(a - o, 3), end_s=round(b - o, 3)))
    out_faults = []
    for f in faults:
        if f["rep_index"] is not None and f["rep_index"] not in new_index:
            continue
        o = inside(f["start_s"], f["end_s"]) or 0.0
        out_faults.append(dict(f, rep_index=new_index.get(f["rep_index"]),
                               start_s=round(f["start_s"] - o, 3), end_s=round(f["end_s"] - o, 3)))
    return duration_s - offs[-1], kept, out_holds, out_faults, dropped
