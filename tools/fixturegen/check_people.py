"""Who MediaPipe found in a clip with more than one person (issue 9), from the stored landmark
files' people_* arrays: each detected pose is matched to the scripted person whose projected
rig joints it lies closest to (median pixel distance over shoulders, hips, knees, ankles).

Prints, per person, the share of frames in view (script) and detected, and how often MediaPipe's
first pose (the one the engine judged until issue 9) was not the exerciser.
python -m tools.fixturegen.check_people [substring]"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .catalogue import CLIPS
from .manifest import people_truth, truth
from .render import FPS, build, filming

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# MediaPipe landmark index -> rig joint (bone head)
RIG = {11: "upperarm.L", 12: "upperarm.R", 23: "upperleg.L", 24: "upperleg.R",
       25: "lowerleg.L", 26: "lowerleg.R", 27: "foot.L", 28: "foot.R"}
MATCH_PX = 60.0          # a pose further than this from every scripted person matches nobody


def _in_view(spans, t):
    return any(a <= t < b for a, b in spans)


def main(only: str = "") -> None:
    for clip in CLIPS:
        if only not in clip["file"] or not (clip.get("others") or clip["kind"] == "two_people"):
            continue
        d = np.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))
        if "people_xyz" not in d.files:
            print(f"{clip['file']}: no people_* in the landmark file (extracted before issue 9)")
            continue
        people, *_ = build(clip)
        tr = truth(clip)
        views = [p["in_view_s"] for p in people_truth(clip, tr["people"], tr["duration_s"])]
        at = filming(clip)
        T, P = d["people_xyz"].shape[:2]
        size = np.array(d["image_size"], float)
        found = np.zeros((T, len(people)), bool)
        first_not_exerciser = 0
        for i in range(T):
            cam, t = at(i)
            rig = []
            for p in people:
                q, R, tt = p.fn(t)
                j = p.ch.joints(q, R, tt + p.offset)
                rig.append(cam.project(np.array([j[b] for b in RIG.values()])))
            for k in range(P):
                pts = d["people_xyz"][i, k, list(RIG), :2] * size
                if np.isnan(pts).any():
                    continue
                dist = [np.median(np.linalg.norm(pts - r, axis=1)) for r in rig]
                who = int(np.argmin(dist))
                if dist[who] < MATCH_PX:
                    found[i, who] = True
                    if k == 0 and who != 0:
                        first_not_exerciser += 1
                elif k == 0:
                    first_not_exerciser += 1
        line = [f"{clip['file']:48s} frames {T}, 2+ poses {np.mean(d['n_poses'] >= 2) * 100:5.1f}%"]
        for n, p in enumerate(people):
            seen = np.array([_in_view(views[n], i / FPS) for i in range(T)])
            rate = found[seen, n].mean() * 100 if seen.any() else 0.0
            line.append(f"{p.role}{'/' + p.action if p.action else ''} in view {seen.mean() * 100:.0f}%, "
                        f"detected {rate:.1f}% of those")
        line.append(f"first pose not the exerciser {first_not_exerciser / T * 100:.1f}%")
        print("; ".join(line), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:2])
