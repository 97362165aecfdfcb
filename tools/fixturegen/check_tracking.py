"""Detection rate and camera-side shoulder-hip-knee angle tracking: scripted (rig joint
centres) against MediaPipe's 2D image landmarks from the stored landmark files.
python -m tools.fixturegen.check_tracking [substring]"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .bridge import hip_angle
from .catalogue import CLIPS
from .render import build, filming

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# camera side per exercise kind: supine shows the body's right side, prone the left
CAM_SIDE = {"bridge": "R", "bridge_hold": "R", "two_people": "R", "plank": "L", "bird_dog": "L", "dead_bug": "R",
            "cat_cow": "L", "superman": "L", "childs_pose": "L", "pelvic_tilt": "L",
            "dead_bug_extended": "R", "pelvic_tilt_lying": "R", "pelvic_tilt_seated": "L", "superman_reps": "L",
            "superman_alternating": "L", "childs_pose_rocking": "L"}
MP = {"L": (11, 23, 25), "R": (12, 24, 26)}


def angle2d(s, h, k, w, hgt):
    u = (s - h) * [w, hgt]
    v = (k - h) * [w, hgt]
    return np.degrees(np.arctan2(u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0],
                                 (u * v).sum(-1))) % 360


def main(only: str = "") -> None:
    for clip in CLIPS:
        if only not in clip["file"]:
            continue
        d = np.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))
        det = (d["n_poses"] > 0).mean()
        two = (d["n_poses"] >= 2).mean()
        side = CAM_SIDE.get(clip["kind"])
        line = f"{clip['file']:48s} detected {det * 100:5.1f}%  two poses {two * 100:5.1f}%"
        # with someone else in the picture MediaPipe's first person may not be the exerciser
        if side and clip["kind"] != "two_people" and not clip.get("others"):
            people, *_ = build(clip)
            ch, fn = people[0][0], people[0][1]
            T = len(d["t_ms"])
            step = 3
            idx = np.arange(0, T, step)
            truth = []
            at = filming(clip)
            for i in idx:
                q, R, t = fn(at(i)[1])
                truth.append(hip_angle(ch.joints(q, R, t), R, side))
            truth = np.array(truth)
            a, b, c = (d["xyz"][idx, m, :2] for m in MP[side])
            est = angle2d(a, b, c, 640, 480)
            ok = ~np.isnan(est)
            # orientation of the signed angle in the image depends on the view: pick the one
            # closer to the truth
            e1, e2 = est[ok], 360 - est[ok]
            est_ok = e1 if np.abs(e1 - truth[ok]).mean() < np.abs(e2 - truth[ok]).mean() else e2
            err = est_ok - truth[ok]
            r = np.corrcoef(est_ok, truth[ok])[0, 1]
            line += (f"  angle r={r:.3f} mean err {err.mean():+.1f} deg, MAE {np.abs(err).mean():.1f}"
                     f", MAE after offset {np.abs(err - err.mean()).mean():.1f}"
                     f", truth {truth.min():.0f}-{truth.max():.0f}")
        print(line, flush=True)


if __name__ == "__main__":
    import sys
    main(*sys.argv[1:2])
