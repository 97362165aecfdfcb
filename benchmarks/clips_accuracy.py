"""Accuracy of posecheck on real footage: counts, holds and faults against hand-made labels.

    python benchmarks/clips_accuracy.py [--clips ../shared/clips] [--model full] [--out results/]

Runs the engine over each labelled clip, only inside its labelled segments, and compares with
``labels.json``: exact count, off-by-one (OBO), relative count error (MAE), per-side errors, hold
error, fault hits and misses on labelled spans and false alarms on clips with no labelled fault.
Clips the engine cannot judge are reported as such, never dropped. Exercises outside the catalogue
(lunge, push-up, deadlift) are listed as "not in catalogue".

The clips are third-party footage for evaluation only: nothing of them (frames, landmarks) is written
into the repository. Extracted landmarks are cached outside it (``--cache``) so that re-running the
analysis after an engine change takes seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from posecheck.analysis import analyze_sequence, extract_poses  # noqa: E402
from posecheck.capture.sources import VideoFileSource  # noqa: E402
from posecheck.errors import PosecheckError  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402
from posecheck.landmarks import PoseSequence  # noqa: E402

# Labels name faults in the raters' words; these are the ones posecheck checks, under its own ids.
LABEL_TO_FAULT = {
    "incomplete_hip_extension": "incomplete_hip_extension",
    "over_arched_back": "over_arched_back",
    "leg_above_hip_height": "leg_above_hip",
    "hips_piked": "hips_piked",
    "hips_high_slight_pike": "hips_piked",
    "hips_sagging": "hips_sagging",
    "hips_dropping": "hips_dropping",
    "pelvis_rocking": "pelvis_rocking",
    "lower_back_lifting": "lower_back_lifting",
    "pelvis_rolling_back": "pelvis_rolling_back",
}
SPAN_SLACK_S = 0.5
# The marching-bridge label counts the marches (4); its own note says a hip up/down bridge counter
# should find 0 bridge reps, and that is what posecheck's glute_bridge counts.
BRIDGE_REPS_TRUTH = {"glute_bridge__marching_studio_side.mp4": 0}


def _landmarks(clip: Path, start_s: float, end_s: float, model: str, cache: Path) -> PoseSequence:
    cache.mkdir(parents=True, exist_ok=True)
    key = cache / f"{clip.stem}__{start_s:.2f}-{end_s:.2f}__{model}.npz"
    if key.is_file():
        return PoseSequence.load(key)
    from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
    from posecheck.pose.model_files import resolve_model

    source = VideoFileSource(clip, start_s, end_s)
    with MediaPipePoseBackend(resolve_model(model)) as backend:
        seq = extract_poses(source, backend)
    source.close()
    seq.save(key)
    return seq


def _fault_score(label: dict, report_faults: list[dict], reps: list[dict], offset_s: float) -> dict:
    """Hits / misses on labelled spans and fault ids raised outside any labelled span."""
    labelled = [f for f in label["faults"] if f["fault"] in LABEL_TO_FAULT]
    unchecked = sorted({f["fault"] for f in label["faults"] if f["fault"] not in LABEL_TO_FAULT})
    hits, misses = [], []
    spans = {}
    for f in labelled:
        spans.setdefault(LABEL_TO_FAULT[f["fault"]], []).append((f["start_s"], f["end_s"]))
    raised = []
    for f in report_faults:
        t = f["t_s"] + offset_s
        if f["rep_index"] is not None and f["rep_index"] < len(reps):
            r = reps[f["rep_index"]]
            raised.append((f["id"], r["start_s"] + offset_s, r["end_s"] + offset_s))
        else:
            raised.append((f["id"], t, t))
    for fid, sp in spans.items():
        ok = any(rid == fid and a <= e + SPAN_SLACK_S and b >= s - SPAN_SLACK_S for rid, a, b in raised for s, e in sp)
        (hits if ok else misses).append(fid)
    false_alarms = [rid for rid, a, b in raised
                    if not any(a <= e + SPAN_SLACK_S and b >= s - SPAN_SLACK_S for s, e in spans.get(rid, []))]
    return {"hits": hits, "misses": misses, "false_alarms": false_alarms, "unchecked_label_faults": unchecked}


def evaluate_clip(label: dict, clips_dir: Path, model: str, cache: Path, catalogue: dict) -> dict:
    row = {"file": label["file"], "exercise": label["exercise"], "view": label["view"],
           "usable": label.get("usable_for_counting", True)}
    if label["exercise"] not in catalogue:
        row["status"] = "not in catalogue"
        return row
    reps_total, left, right, hold_s = 0, 0, 0, 0.0
    truth = label["reps"]
    if label["file"] in BRIDGE_REPS_TRUTH:
        truth = BRIDGE_REPS_TRUTH[label["file"]]
    cannot, faults = [], {"hits": [], "misses": [], "false_alarms": [], "unchecked_label_faults": []}
    for start_s, end_s in label["segments"]:
        try:
            seq = _landmarks(clips_dir / label["file"], start_s, end_s, model, cache)
            rep = analyze_sequence(seq, catalogue[label["exercise"]], source=label["file"]).report
        except PosecheckError as e:
            cannot.append(str(e))
            continue
        reps_total += rep["reps"]["total"]
        left += rep["reps"]["left"] or 0
        right += rep["reps"]["right"] or 0
        hold_s += rep["hold_total_s"] or 0.0
        cannot += rep["cannot_judge"]
        fs = _fault_score(label, rep["faults"], rep["rep_list"], start_s)
        for k in faults:
            faults[k] += fs[k]
    # Reasons that only concern one fault leave the counts judgeable: report them, but as "partial".
    whole = [c for c in cannot if not c.startswith("fault ")]
    row.update(status="cannot judge" if whole else ("partial" if cannot else "ok"), cannot_judge=cannot, reps_pred=reps_total,
               reps_truth=truth, reps_range=label.get("reps_range"), left_pred=left, right_pred=right,
               by_side_truth=label.get("reps_by_side"), hold_pred_s=round(hold_s, 2), hold_truth_s=label.get("hold_s"),
               hold_tolerance_s=label.get("hold_tolerance_s", 1.0), faults=faults)
    return row


def summarise(rows: list[dict]) -> dict:
    counted = [r for r in rows if r.get("reps_truth") is not None and r.get("status") in ("ok", "partial", "cannot judge")
               and r["usable"] and r.get("reps_truth", 0) > 0]
    exact = [r for r in counted if r["reps_pred"] == r["reps_truth"]]
    obo = [r for r in counted if abs(r["reps_pred"] - r["reps_truth"]) <= 1]
    mae = sum(abs(r["reps_pred"] - r["reps_truth"]) / r["reps_truth"] for r in counted) / max(len(counted), 1)
    holds = [r for r in rows if r.get("hold_truth_s") and r.get("status") in ("ok", "partial", "cannot judge")]
    hold_err = [abs(r["hold_pred_s"] - r["hold_truth_s"]) for r in holds]
    hits = sum(len(r["faults"]["hits"]) for r in rows if "faults" in r)
    misses = sum(len(r["faults"]["misses"]) for r in rows if "faults" in r)
    clean = [r for r in rows if "faults" in r and not r["faults"]["hits"] and not r["faults"]["misses"]]
    fa_clips = [r for r in clean if r["faults"]["false_alarms"]]
    return {
        "clips": len(rows), "counted_clips": len(counted),
        "exact_rate": round(len(exact) / max(len(counted), 1), 3), "obo_rate": round(len(obo) / max(len(counted), 1), 3),
        "mae": round(mae, 3), "hold_clips": len(holds),
        "hold_mean_abs_error_s": round(sum(hold_err) / len(hold_err), 2) if hold_err else None,
        "fault_recall": round(hits / (hits + misses), 3) if hits + misses else None,
        "fault_hits": hits, "fault_misses": misses,
        "false_alarm_clips": f"{len(fa_clips)}/{len(clean)} clips with no labelled fault",
        "cannot_judge_clips": sum(r.get("status") == "cannot judge" for r in rows),
    }


def markdown(rows: list[dict], summary: dict) -> str:
    out = ["| clip | exercise | status | reps pred / truth (range) | L / R pred (truth) | hold pred / truth s | faults hit / missed / false alarms |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["status"] == "not in catalogue":
            out.append(f"| {r['file']} | {r['exercise']} | not in catalogue | | | | |")
            continue
        side = f"{r['left_pred']} / {r['right_pred']} ({r['by_side_truth']['left']} / {r['by_side_truth']['right']})" \
            if r.get("by_side_truth") else ""
        hold = f"{r['hold_pred_s']} / {r['hold_truth_s']}" if r.get("hold_truth_s") else (f"{r['hold_pred_s']} / –" if r['hold_pred_s'] else "")
        f = r["faults"]
        faults = f"{','.join(f['hits']) or '–'} / {','.join(f['misses']) or '–'} / {','.join(f['false_alarms']) or '–'}"
        status = r["status"] + (f" ({'; '.join(r['cannot_judge'])})" if r["cannot_judge"] else "")
        truth = r["reps_truth"] if r["reps_truth"] is not None else "–"
        out.append(f"| {r['file']} | {r['exercise']} | {status} | {r['reps_pred']} / {truth} ({r['reps_range']}) | {side} | {hold} | {faults} |")
    out.append("")
    out.append("| figure | value |")
    out.append("|---|---|")
    for k, v in summary.items():
        out.append(f"| {k} | {v} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clips", default=str(REPO.parent / "shared" / "clips"))
    p.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    p.add_argument("--cache", default=str(Path.home() / ".cache" / "posecheck" / "clip-landmarks"))
    p.add_argument("--out", help="folder for accuracy.md and accuracy.json")
    p.add_argument("--only", help="substring of clip file names to run")
    args = p.parse_args(argv)
    clips_dir = Path(args.clips)
    labels = json.loads((clips_dir / "labels.json").read_text())
    catalogue = load_catalogue()
    rows = []
    for label in labels["clips"]:
        if args.only and args.only not in label["file"]:
            continue
        print(f"… {label['file']}", file=sys.stderr, flush=True)
        rows.append(evaluate_clip(label, clips_dir, args.model, Path(args.cache), catalogue))
    summary = summarise(rows)
    md = markdown(rows, summary)
    print(md)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "accuracy.md").write_text(md + "\n")
        (out / "accuracy.json").write_text(json.dumps({"model": args.model, "summary": summary, "clips": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
