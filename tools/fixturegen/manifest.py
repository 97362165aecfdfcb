"""A clip's manifest entry: the scripted truth moved to clip time (edits.py), who is in the
picture and when, the cameras, and what the engine is expected to give
(tests/fixtures_checks/test_manifest.py checks every field)."""
from __future__ import annotations

import numpy as np

from .edits import cut_truth, script_offsets, script_time, shots_of
from .registry import HOLD_KINDS
from .render import FPS, Person, build, camera_of_shot
from .scene import H, OBLIQUE_YAW_DEG, VFOV, W
from .spine_truth import lumbar_series, truth_keys


def truth(clip: dict) -> dict:
    """The clip's truth in clip time: duration, reps, holds, faults (cut-off reps apart)."""
    people, dur, reps, holds, faults = build(clip)
    shots = shots_of(clip)
    cut_off = []
    if len(shots) > 1:
        dur, reps, holds, faults, cut_off = cut_truth(shots, dur, reps, holds, faults)
    return dict(people=people, duration_s=dur, reps=reps, holds=holds, faults=faults, cut_off_reps=cut_off)


# The joints that decide whether a person is in the picture: at least IN_VIEW_SHARE of them
# project inside the frame (a head and shoulders peeping in from the side is not a person).
IN_VIEW_JOINTS = [f"{b}.{s}" for b in ("upperarm", "lowerarm", "hand", "upperleg", "lowerleg", "foot")
                  for s in "LR"] + ["head", "pelvis", "spine01"]
IN_VIEW_SHARE = 0.6
IN_VIEW_STEP = 3           # frames between looks: intervals are exact to 0.2 s


def people_truth(clip: dict, people: list[Person], duration_s: float) -> list[dict]:
    """Who is in the picture and when: role, action and the clip-time intervals in view."""
    shots = shots_of(clip)
    offsets = script_offsets(shots)
    cams = [camera_of_shot(s) for s in shots]
    n = int(round(duration_s * FPS))
    out = []
    for p in people:
        seen = []
        for i in range(0, n, IN_VIEW_STEP):
            k, t = script_time(clip, shots, offsets, i, FPS)
            q, R, tr = p.fn(t)
            j = p.ch.joints(q, R, tr + p.offset)
            pc = cams[k].to_camera(np.array([j[b] for b in IN_VIEW_JOINTS]))
            uv = cams[k].project_cam(pc)
            inside = (pc[:, 2] > 0.1) & (uv[:, 0] >= 0) & (uv[:, 0] < W) & (uv[:, 1] >= 0) & (uv[:, 1] < H)
            seen.append(inside.mean() >= IN_VIEW_SHARE)
        spans, start = [], None
        for m, ok in enumerate(seen + [False]):
            if ok and start is None:
                start = m * IN_VIEW_STEP / FPS
            if not ok and start is not None:
                spans.append([round(start, 3), round(min(m * IN_VIEW_STEP / FPS, n / FPS), 3)])
                start = None
        out.append({"role": p.role, "action": p.action, "in_view_s": spans})
    return out


def _expected(clip: dict, err, reps, holds, faults) -> dict:
    sides = {r["side"] for r in reps}
    alternating = bool(sides - {None})
    exp_faults: dict = {}
    for f in faults:
        exp_faults.setdefault(f["id"], [])
        if f["rep_index"] is not None and f["rep_index"] not in exp_faults[f["id"]]:
            exp_faults[f["id"]].append(f["rep_index"])
    hold_kind = clip.get("hold_timed", clip["kind"] in ("bridge_hold", "plank") + HOLD_KINDS)
    hold_s = round(sum(h["end_s"] - h["start_s"] for h in holds), 3) if hold_kind else None
    return {
        "reps_total": None if err else len(reps),
        "reps_left": sum(r["side"] == "left" for r in reps) if alternating and not err else None,
        "reps_right": sum(r["side"] == "right" for r in reps) if alternating and not err else None,
        "hold_s": None if err else hold_s,
        "faults": {} if err else exp_faults,
        "error": err,
    }


def entry(clip: dict) -> dict:
    """The clip's manifest entry (tests/fixtures_checks/test_manifest.py names every field)."""
    tr = truth(clip)
    dur, reps, holds, faults = tr["duration_s"], tr["reps"], tr["holds"], tr["faults"]
    err = clip.get("error")
    shots = shots_of(clip)
    e = {
        "file": clip["file"], "exercise": clip["exercise"], "view": clip["view"],
        "fps": FPS, "width": W, "height": H, "duration_s": round(int(round(dur * FPS)) / FPS, 3),
        "persons": len(tr["people"]),
        "look": clip["look"], "reps": reps, "holds": holds,
        "faults": faults,
        "expected": _expected(clip, err, reps, holds, faults),
        # issue 9: what the engine is judged on beyond the counts
        "class": clip.get("class", "edge" if clip["file"].startswith("edge__") else "standard"),
        # a clip that names none shows the exercise file's first variant (None: the file has no variants)
        "variant": clip.get("variant", _default_variant(clip["exercise"])),
        "people": people_truth(clip, tr["people"], dur),
        "shots": [{"start_s": s["start_s"], "skip_s": s["skip_s"], "view": s["view"],
                   "height_m": s["camera_height_m"], "distance_m": s["camera_distance_m"],
                   "yaw_deg": s["camera_yaw_deg"] if s["camera_yaw_deg"] is not None
                   else (OBLIQUE_YAW_DEG if s["view"] == "oblique" else 0.0),
                   "vfov_deg": s["camera_vfov_deg"] or VFOV, "target_m": [s["target_x_m"], 0.0, s["target_z_m"]]}
                  for s in shots],
        "cuts_s": [s["start_s"] for s in shots[1:]],
        "cut_off_reps": tr["cut_off_reps"],
        # the reps on each side of every cut (one count per shot)
        "reps_per_shot": [int(sum(a - 1e-9 <= r["start_s"] and r["end_s"] <= b + 1e-9 for r in reps))
                          for a, b in zip([s["start_s"] for s in shots], [s["start_s"] for s in shots[1:]] + [dur])],
        "frame_hold": clip.get("hold_frames", 1),
        "pending": clip.get("pending"),
    }
    if _reads_outline(clip["exercise"]) and not err and clip["kind"] != "empty":
        # issue 11: the rig's lumbar curve on every frame (extension positive, within 0.1 deg), the truth the
        # back's outline is scored against (spine_truth.py), kept as the frames between which it runs straight
        truth = lumbar_series(clip)[1]
        e["lumbar_ext_frames"] = len(truth)
        e["lumbar_ext_keys"] = truth_keys(np.round(truth, 1))
    if "expect_v2" in clip:   # what the reworked engine (issue 9) must give instead of "expected"
        v2 = clip["expect_v2"]
        e["expected_v2"] = _expected(clip, v2.get("error"), reps, holds, faults)
        e["pending_v2"] = clip.get("pending_v2")
    return e


def _reads_outline(exercise_id: str) -> bool:
    from posecheck.exercises.loader import get_exercise

    return get_exercise(exercise_id).needs_outline


def _default_variant(exercise_id: str) -> str | None:
    """The exercise file's own variant id (its first), the one home of the variant names."""
    from posecheck.exercises.loader import get_exercise

    ex = get_exercise(exercise_id)
    return ex.variant_id or None
