"""Which landmark signals separate faulty from clean reps on the renders?
Per rep, at the middle 60% of the top hold, print candidate signals from the stored landmarks.
python -m tools.fixturegen.investigate bird_dog"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
LS, RS, LH, RH, LK, RK, LA, RA = 11, 12, 23, 24, 25, 26, 27, 28


def signals(d, t0, t1, side):
    t = d["t_ms"] / 1000
    m = (t >= t0) & (t <= t1) & (d["n_poses"] > 0)
    x = d["xyz"][m]
    w = d["world_xyz"][m]
    hk, ha = (LK, LA) if side == "left" else (RK, RA)
    img = x[..., :2] * [640, 480]
    hipv = img[:, LH] - img[:, RH]
    shv = img[:, LS] - img[:, RS]
    mid = (img[:, LH] + img[:, RH]) / 2
    return {
        "hip_line_2d_deg": np.degrees(np.arctan2(hipv[:, 1], hipv[:, 0])).mean(),
        "hip_sep_2d_px": np.linalg.norm(hipv, axis=1).mean(),
        "shoulder_line_2d_deg": np.degrees(np.arctan2(shv[:, 1], shv[:, 0])).mean(),
        "hip_mid_y_px": mid[:, 1].mean(),
        "lifted_knee_above_hip_px": (mid[:, 1] - img[:, hk, 1]).mean(),
        "lifted_ankle_above_hip_px": (mid[:, 1] - img[:, ha, 1]).mean(),
        "world_hip_dy_cm": 100 * (w[:, LH, 1] - w[:, RH, 1]).mean(),
        "world_hip_dz_cm": 100 * (w[:, LH, 2] - w[:, RH, 2]).mean(),
        "z_hip_diff": (x[:, LH, 2] - x[:, RH, 2]).mean(),
        "trunk_tilt_2d_deg": np.degrees(np.arctan2(*(mid - (img[:, LS] + img[:, RS]) / 2).T[::-1])).mean(),
        "world_hip_mid_y_cm": 100 * ((w[:, LH, 1] + w[:, RH, 1]) / 2 - (w[:, LS, 1] + w[:, RS, 1]) / 2).mean(),
    }


def main(exercise: str) -> None:
    clips = [c for c in json.loads((FIX / "manifest.json").read_text())["clips"]
             if c["exercise"] == exercise and c["reps"]]
    for c in clips:
        d = np.load(FIX / "landmarks" / (Path(c["file"]).stem + ".npz"))
        print(c["file"])
        holds = c["holds"] or [{"start_s": (r["start_s"] * 0.6 + r["end_s"] * 0.4),
                                "end_s": (r["start_s"] * 0.4 + r["end_s"] * 0.6)} for r in c["reps"]]
        for h, r in zip(holds, c["reps"]):
            span = h["end_s"] - h["start_s"]
            s = signals(d, h["start_s"] + 0.2 * span, h["end_s"] - 0.2 * span, r["side"])
            print(f"  rep {r['index']} {r['side']:5s} {','.join(r['faults']) or 'clean':15s} "
                  + " ".join(f"{k}={v:+.1f}" for k, v in s.items()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bird_dog")
