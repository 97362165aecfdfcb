"""How long opening a 30-minute session for physio review takes (target: under 2 s), and the exports.

    python benchmarks/review_open.py [--minutes 30] [--fps 30] [--runs 3] [--keep DIR]

Builds a synthetic session folder in a temporary directory the way the app records one: the real
SessionWriter (a landmark chunk about every second, joined into poses.npz on close), a fresh engine
per set, events tagged with the set, SetStarted/SetEnded around each set and a rest lying still
between sets. The bodies are hand-built side-view glute bridges (tests/synthetic.py) with exactly
known angles; every third set has arched reps, so there are faults to mark. No video file is
written (the review core never decodes video; the Qt side reads frames on demand).

``load_review`` is timed cold: each run is a fresh Python process (imports timed apart, scipy.signal
among them: the review window imports it on a background thread as it opens), so no
parsed exercise or numpy state is reused; the operating system's file cache is warm after the first
run, as it is on a clinician's machine that just received the files. Median of ``--runs``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


from posecheck.engine.analyzer import Analyzer  # noqa: E402
from posecheck.engine.events import event_to_dict  # noqa: E402
from posecheck.exercises.loader import get_exercise  # noqa: E402
from posecheck.landmarks import PoseSequence  # noqa: E402
from posecheck.session.store import SessionWriter  # noqa: E402

REPS_PER_SET = 12
REST_S = 20.0


def _set_block(fps: float, arched: bool) -> PoseSequence:
    from synthetic import bridge_sequence

    tops = [208.0 if arched and i % 3 == 1 else 180.0 for i in range(REPS_PER_SET)]
    return bridge_sequence(REPS_PER_SET, fps=fps, top_hip_deg=tops)


def _rest_block(fps: float) -> PoseSequence:
    from synthetic import bridge_sequence

    seq = bridge_sequence(0, fps=fps, lead_s=REST_S)  # lying flat, nothing to count
    return seq


def build_session(folder: Path, minutes: float, fps: float) -> dict:
    """Write the session; returns counts for the printout."""
    ex = get_exercise("glute_bridge")
    blocks = {False: _set_block(fps, False), True: _set_block(fps, True)}
    # One engine run per kind of set: every set of that kind gives the same events, shifted in time
    # (the app starts a fresh engine per set, so this is what it would record).
    events = {}
    for arched, seq in blocks.items():
        an = Analyzer(ex)
        an.analyze(seq)
        events[arched] = [event_to_dict(e) for e in an.events]
    rest = _rest_block(fps)
    clock = [0.0]
    meta = {"exercise_id": ex.id, "exercise_file": ex.source_path,
            "exercise_definition_toml": Path(ex.source_path).read_text(encoding="utf-8"),
            "prescription": dataclasses.asdict(ex.prescription), "model": {"variant": "full", "sha256": "0" * 64},
            "app_version": "benchmark", "language": "en",
            "source": {"spec": "0", "is_live": True, "fps": fps, "size": [640, 480]}}
    w = SessionWriter(folder, meta, clock=lambda: clock[0])
    total_frames = int(minutes * 60 * fps)
    frame_no, t_off_ms, set_index, n_reps, n_faults = 0, 0, 0, 0, 0
    dt_ms = 1000.0 / fps

    def add(seq: PoseSequence) -> int:
        nonlocal frame_no
        k = min(len(seq), total_frames - frame_no)
        for i in range(k):
            f = seq.frame(i)
            w.add_pose(dataclasses.replace(f, t_ms=int(round(frame_no * dt_ms)), index=frame_no), in_video=True)
            frame_no += 1
            clock[0] += 1.0 / fps
            w.maybe_flush()
        return k

    while frame_no < total_frames:
        set_index += 1
        arched = set_index % 3 == 0
        t_off_ms = int(round(frame_no * dt_ms))
        tag = {"exercise_id": ex.id, "set_index": set_index}
        w.add_event({"type": "SetStarted", "t_ms": t_off_ms, **tag, "wall_time": 0.0})
        done = add(blocks[arched])
        end_ms = t_off_ms + int(blocks[arched].t_ms[done - 1])
        reps_here = 0
        for d in events[arched]:
            if d["t_ms"] > end_ms - t_off_ms:
                continue  # the session ended inside this set
            d = json.loads(json.dumps(d))
            d["t_ms"] += t_off_ms
            if d["type"] == "RepCompleted":
                for k in ("start_ms", "top_start_ms", "top_end_ms", "end_ms"):
                    d["rep"][k] += t_off_ms
                reps_here += 1
            elif d["type"] == "HoldEnded":
                d["hold"]["start_ms"] += t_off_ms
                d["hold"]["end_ms"] += t_off_ms
            n_faults += d["type"] == "FaultRaised"
            w.add_event({**d, **tag})
        n_reps += reps_here
        w.add_event({"type": "SetEnded", "t_ms": end_ms, **tag, "reason": "done", "reps_total": reps_here,
                     "reps_left": 0, "reps_right": 0, "hold_s": 0.0})
        if frame_no < total_frames:
            add(rest)
    w.close()
    return {"frames": frame_no, "sets": set_index, "reps": n_reps, "faults": n_faults}


_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from posecheck.review.model import load_review
import scipy.signal  # imported in the background when the review window opens (qt_review_window.py)
t1 = time.perf_counter()
r = load_review(sys.argv[1])
t2 = time.perf_counter()
r2 = load_review(sys.argv[1])
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "warm_s": t3 - t2, "reps": len(r.reps),
                  "faults": len(r.faults), "frames": len(r.series)}))
"""


def _time_exports(folder: Path, out: Path) -> dict:
    from posecheck.review.annotations import Annotations
    from posecheck.review.exports import export_frames_csv, export_json, export_reps_csv, pdf_report_content
    from posecheck.review.model import load_review

    review = load_review(folder)
    ann = Annotations()
    if review.faults:
        ann.mark_false_alarm(review.faults[0])
    times = {}
    for name, fn in (("reps_csv", lambda: export_reps_csv(review, out / "reps.csv", ann)),
                     ("frames_csv", lambda: export_frames_csv(review, out / "frames.csv")),
                     ("json", lambda: export_json(review, out / "report.json", ann)),
                     ("pdf_content", lambda: pdf_report_content(review, ann, "en", include_images=True))):
        t = time.perf_counter()
        fn()
        times[name] = time.perf_counter() - t
    times["frames_csv_mb"] = (out / "frames.csv").stat().st_size / 1e6
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--fps", type=float, default=30.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the session here and keep it")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="posecheck-review-bench-")
    base = args.keep or Path(tmp.name)
    folder = base / "20260302-100000-glute_bridge"
    t = time.perf_counter()
    if not (folder / "meta.json").is_file():
        info = build_session(folder, args.minutes, args.fps)
        print(f"built {info['frames']} landmark frames, {info['sets']} sets, {info['reps']} reps, "
              f"{info['faults']} faults in {time.perf_counter() - t:.1f} s")
    size_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
    print(f"session folder: {size_mb:.0f} MB")
    runs = []
    for _ in range(args.runs):
        res = subprocess.run([sys.executable, "-c", _CHILD, str(folder)], capture_output=True, text=True,
                             check=True, cwd=REPO)
        runs.append(json.loads(res.stdout.strip().splitlines()[-1]))
    load = statistics.median(r["load_s"] for r in runs)
    print(f"load_review cold: median {load:.3f} s of {args.runs} "
          f"({', '.join('%.3f' % r['load_s'] for r in runs)}); warm {statistics.median(r['warm_s'] for r in runs):.3f} s; "
          f"imports {statistics.median(r['import_s'] for r in runs):.3f} s; "
          f"{runs[0]['frames']} frames, {runs[0]['reps']} reps, {runs[0]['faults']} faults")
    ex = _time_exports(folder, base)
    print("exports: " + ", ".join(f"{k} {v:.3f} s" for k, v in ex.items() if k.endswith(("csv", "json", "content")))
          + f" (frames.csv {ex['frames_csv_mb']:.1f} MB)")
    target = 2.0
    print(f"target: open under {target:.0f} s: {'PASS' if load < target else 'FAIL'}")
    tmp.cleanup()
    return 0 if load < target else 1


if __name__ == "__main__":
    sys.exit(main())
