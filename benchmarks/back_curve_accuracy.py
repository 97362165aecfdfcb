"""How well the back's outline measures the lumbar curve on the renders (issue 11).

    python benchmarks/back_curve_accuracy.py [--fixtures tests/fixtures] [--only SUBSTRING] [--out FILE.md]

Every rendered clip whose manifest entry carries the rig's lumbar curve (``lumbar_ext_keys``, the frames
between which it runs straight; tools/fixturegen/spine_truth.py) and whose landmark file carries the trunk's outline is replayed
through the engine; its per-frame ``lumbar_curve_deg`` (raw, before the filter: what the outline
measured on that frame) is compared with the truth on the frames it judged:

- judged: the share of frames with a value (the rest is "cannot judge": no outline, or a ragged one);
- r: correlation with the truth; slope: measured degrees per scripted degree (the outline is skin and
  muscle, not vertebrae, and bends less than the bones);
- offset: the mean of measured minus true (a straight rig reads the body's own shape: buttocks, shoulder
  blades, chest);
- MAE after offset: the mean absolute error once the offset is taken away (what a limit relative to the
  person's own rest, or one set with the offset in mind, has to live with).

Clips whose truth does not move (a clean plank) have no correlation; their spread is what a limit must
stay clear of. The graded renders (class ``back_curve``) are summed up per exercise, view and fit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from posecheck.analysis import analyze_sequence  # noqa: E402
from posecheck.landmarks import PoseSequence  # noqa: E402
from tools.fixturegen.spine_truth import truth_from_keys  # noqa: E402

FEATURE = "lumbar_curve_deg"
# Today's landmark signal for the same thing, per exercise (what the outline is compared with): the
# shoulder-hip-knee line for the bridge and the plank, the trunk's tilt for the cat-cow.
LANDMARK_SIGNAL = {"glute_bridge": "hip_angle_deg", "plank": "body_line_deg", "cat_cow": "trunk_tilt_deg",
                   "bird_dog": "trunk_tilt_deg", "dead_bug": "trunk_tilt_deg"}


def measured(clip: dict, fixtures: Path, feature: str = FEATURE) -> tuple[np.ndarray, np.ndarray] | None:
    """(truth, measured) per frame for one clip, or None without an outline in its landmark file."""
    seq = PoseSequence.load(fixtures / "landmarks" / (Path(clip["file"]).stem + ".npz"))
    if seq.outline is None:
        return None
    an = analyze_sequence(seq, clip["exercise"], source=clip["file"]).analyzer
    raw = np.array(an.trace.raw.get(feature, []), float)
    truth = truth_from_keys(clip["lumbar_ext_keys"], clip["lumbar_ext_frames"])
    n = min(len(raw), len(truth))
    return truth[:n], raw[:n]


def figures(truth: np.ndarray, meas: np.ndarray) -> dict:
    ok = np.isfinite(meas) & np.isfinite(truth)
    out = {"frames": int(len(truth)), "judged": round(float(ok.mean()), 3) if len(truth) else 0.0,
           "truth_range": [round(float(truth.min()), 1), round(float(truth.max()), 1)] if len(truth) else None}
    if ok.sum() < 10:
        return out
    t, m = truth[ok], meas[ok]
    offset = float(np.mean(m - t))
    out.update(offset=round(offset, 1), mae_after_offset=round(float(np.mean(np.abs(m - t - offset))), 2),
               measured_range=[round(float(m.min()), 1), round(float(m.max()), 1)],
               measured_sd=round(float(np.std(m)), 2))
    if np.ptp(t) >= 2.0:
        slope, icpt = np.polyfit(t, m, 1)
        out.update(r=round(float(np.corrcoef(t, m)[0, 1]), 3), slope=round(float(slope), 2),
                   mae_after_fit=round(float(np.mean(np.abs(m - (slope * t + icpt)))), 2))
    return out


def group_of(clip: dict) -> str:
    if clip.get("class") == "back_curve":
        parts = Path(clip["file"]).stem.split("__")
        return f"{clip['exercise']} graded, {parts[2]}, {parts[3]}"
    return f"{clip['exercise']} (other renders)"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fixtures", default=str(REPO / "tests" / "fixtures"))
    p.add_argument("--only", default="")
    p.add_argument("--out", help="also write the markdown tables here")
    p.add_argument("--json", help="also write the figures as JSON here")
    args = p.parse_args(argv)
    fixtures = Path(args.fixtures)
    clips = [c for c in json.loads((fixtures / "manifest.json").read_text())["clips"]
             if c.get("lumbar_ext_keys") and args.only in c["file"]]
    rows, groups, landmark_groups = [], {}, {}
    for clip in clips:
        got = measured(clip, fixtures)
        if got is None:
            continue
        f = figures(*got)
        rows.append((clip["file"], f))
        groups.setdefault(group_of(clip), []).append(got)
        lm = LANDMARK_SIGNAL.get(clip["exercise"])
        if lm:
            landmark_groups.setdefault(group_of(clip), (lm, []))[1].append(measured(clip, fixtures, lm))
    lines = ["| clip | judged | truth range | measured range | r | slope | offset | MAE after offset | MAE after fit |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, f in rows:
        lines.append(f"| {name} | {f['judged']:.0%} | {f.get('truth_range')} | {f.get('measured_range', '–')} | "
                     f"{f.get('r', '–')} | {f.get('slope', '–')} | {f.get('offset', '–')} | {f.get('mae_after_offset', '–')} "
                     f"| {f.get('mae_after_fit', '–')} |")
    summary = ["| renders (exercise, view, clothes) | judged | r | slope | offset | MAE after offset | MAE after fit "
               "| landmark signal: r |", "|---|---|---|---|---|---|---|---|"]
    pooled = {}
    for g, items in sorted(groups.items()):
        f = figures(np.concatenate([t for t, _ in items]), np.concatenate([m for _, m in items]))
        pooled[g] = f
        lm, lm_items = landmark_groups.get(g, ("", []))
        lf = figures(np.concatenate([t for t, _ in lm_items]), np.concatenate([m for _, m in lm_items])) if lm_items else {}
        lm_r = f"{lm} {lf['r']}" if "r" in lf else "–"
        summary.append(f"| {g} | {f['judged']:.0%} | {f.get('r', '–')} | {f.get('slope', '–')} | {f.get('offset', '–')} "
                       f"| {f.get('mae_after_offset', '–')} | {f.get('mae_after_fit', '–')} | {lm_r} |")
    head = ["## The lower-back curve from the outline: its error on the renders", "",
            "Printed by `python benchmarks/back_curve_accuracy.py --out docs/back_curve_accuracy.md` (issue 11). "
            "`lumbar_curve_deg` per frame (raw, before the filter) against the rig's scripted lumbar extension "
            "(tools/fixturegen/spine_truth.py), on the frames it judged. r: correlation; slope: outline degrees "
            "per degree of lumbar extension; offset: mean of measured minus true (a straight rig reads the body's "
            "own shape: buttocks, shoulder blades, belly); MAE after offset: the mean absolute error once that "
            "offset is taken away; judged: the share of frames with a value (the rest is \"cannot judge\"). "
            "Landmark signal: the correlation of today's landmark angle with the same truth (the graded "
            "renders keep the hips on the line, so it barely moves).", ""]
    text = "\n".join(head + summary + ["", "Per clip:", ""] + lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps({"clips": dict(rows), "groups": pooled}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
