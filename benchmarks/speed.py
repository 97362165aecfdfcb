"""Speed of posecheck against the inference limit: lite, full and heavy on the same video, in one run.

    python benchmarks/speed.py [VIDEO_OR_FOLDER ...] [--models lite,full,heavy] [--max-frames 300] [--json out.json]

With no path it uses the real clips in ../shared/clips (the 4 longest mp4s); any video works.
Per model variant, each measurement in its own subprocess (so peak memory is the process's own):

- decode: ms per frame to decode the video (OpenCV/FFmpeg) and convert BGR to RGB;
- bare: ``PoseLandmarker.detect_for_video`` on pre-decoded RGB frames, with the options posecheck
  uses (VIDEO mode, num_poses=2), frames/s; this is the inference limit;
- pipeline: ``posecheck analyze`` (the CLI's code, in-process after imports) on the same frames:
  decode, convert, inference, landmark conversion, analysis, report; overhead = pipeline / bare - 1;
- numpy core: features + engine step + report on the stored PoseSequence, ms per frame, for the
  recording path (``Analyzer.analyze``) and the live path (``Analyzer.push``, one frame at a time);
- live: a simulated webcam loop at 640x480 (BGR->RGB, inference, ``Analyzer.push``), frames/s;
- peak memory: ``ru_maxrss`` of the pipeline subprocess (native memory included);
- real time: video seconds analysed per wall-clock second.

Whole process (``--whole``, the issue-10 figure): ``posecheck analyze`` as a command, start to exit,
against two bare loops run as commands on the same file and model: OpenCV decode + BGR→RGB +
``detect_for_video`` with one PoseLandmarker, once with MediaPipe's default options (num_poses=1) and
once with num_poses=2 (what posecheck asks). The three (and ``analyze --pose-workers 1``) alternate,
``--whole-repeat`` rounds, so every ratio compares runs made under the same load; the median of each.

Then several recordings analysed by ``posecheck analyze --jobs 1`` (one after another) and
``--jobs 2`` (one process per job), wall time and speed-up.

The machine has 2 cores; when others are working on it the figures are lower than on an idle
machine, and the report says so (load average at start and end).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_CLIPS = REPO.parent / "shared" / "clips"
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".webm", ".mkv", ".gif", ".m4v")
LIVE_SIZE = (640, 480)


def _exercise_for(path: Path, default: str = "glute_bridge") -> str:
    from posecheck.exercises.loader import load_catalogue

    guess = path.stem.split("__")[0]
    return guess if guess in load_catalogue() else default


def _rusage() -> dict:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_rss_mb": round(r.ru_maxrss / 1024, 1), "cpu_s": r.ru_utime + r.ru_stime}


def _end_s(video: Path, max_frames: int | None) -> float | None:
    if not max_frames:
        return None
    from posecheck.capture.sources import VideoFileSource

    src = VideoFileSource(video)
    fps, n = src.fps, src.frames_expected
    src.close()
    return None if n and n <= max_frames else (max_frames - 0.5) / fps


# ---------------------------------------------------------------------------- workers (subprocesses)
def _cli_pipeline(video: Path, variant: str, exercise: str, end_s: float | None, plain: bool = False) -> tuple[float, float]:
    """`posecheck analyze` in-process (after imports): wall and CPU seconds. ``plain``: decode and
    convert in the inference thread (no reader thread), for the before/after figure."""
    import contextlib
    import functools
    import io

    import mediapipe  # noqa: F401  (imports are not part of the timing)

    from posecheck import analysis, cli

    argv = ["analyze", str(video), "-e", exercise, "--model", variant] + (["--end", f"{end_s:.3f}"] if end_s else [])
    orig = analysis.extract_poses
    if plain:
        analysis.extract_poses = functools.partial(orig, prefetch=False)
    try:
        c0, t0 = _rusage()["cpu_s"], time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rc = cli.main(argv)
        wall, cpu = time.perf_counter() - t0, _rusage()["cpu_s"] - c0
    finally:
        analysis.extract_poses = orig
    if rc != 0:
        raise RuntimeError(f"posecheck {' '.join(argv)} exited with {rc}")
    return wall, cpu


def worker_pipeline(video: Path, variant: str, exercise: str, end_s: float | None, plain: bool = False) -> dict:
    """One `posecheck analyze` in a fresh process: its peak memory (ru_maxrss, native memory included)."""
    wall, _ = _cli_pipeline(video, variant, exercise, end_s, plain)
    key = "plain_" if plain else ""
    return {f"{key}pipeline_once_s": wall, f"{key}peak_rss_mb": _rusage()["peak_rss_mb"]}


def worker_bare(video: Path, variant: str, exercise: str, end_s: float | None, live_frames: int, repeat: int) -> dict:
    """Decode; bare inference and the pipeline, alternated ``repeat`` times (the fastest of each counts,
    which is what the machine does when the other users leave it a core); backend, numpy core, live loop."""
    import cv2
    import mediapipe as mp
    import numpy as np
    from mediapipe.tasks.python import BaseOptions, vision

    from posecheck.analysis import analyze_sequence
    from posecheck.capture.sources import VideoFileSource
    from posecheck.engine.analyzer import Analyzer
    from posecheck.exercises.loader import get_exercise
    from posecheck.landmarks import PoseSequence
    from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
    from posecheck.pose.model_files import resolve_model

    out: dict = {}
    model = resolve_model(variant)
    # Decode and conversion as the plain pipeline does them: one frame at a time, nothing kept.
    src = VideoFileSource(video, None, end_s)
    n, t_dec, t_cvt = 0, 0.0, 0.0
    t0 = time.perf_counter()
    for f in src:
        t1 = time.perf_counter()
        cv2.cvtColor(f.image_bgr, cv2.COLOR_BGR2RGB)
        t_cvt += time.perf_counter() - t1
        n += 1
    t_dec = time.perf_counter() - t0 - t_cvt
    src.close()
    out["decode_ms"], out["bgr2rgb_ms"] = t_dec * 1000 / n, t_cvt * 1000 / n
    src = VideoFileSource(video, None, end_s)  # again, keeping the RGB frames for the bare model
    rgb, stamps = [], []
    for f in src:
        rgb.append(cv2.cvtColor(f.image_bgr, cv2.COLOR_BGR2RGB))
        stamps.append(f.t_ms)
    fps = src.fps
    src.close()
    out.update(frames=len(rgb), size=list(rgb[0].shape[1::-1]), video_s=len(rgb) / fps)

    def bare(num_poses: int, images: list, key: str) -> float:
        opts = vision.PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=str(model.path)),
                                            running_mode=vision.RunningMode.VIDEO, num_poses=num_poses)
        with vision.PoseLandmarker.create_from_options(opts) as lm:
            c0, t0 = _rusage()["cpu_s"], time.perf_counter()
            for img, t in zip(images, stamps):
                lm.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=img), t)
            wall = time.perf_counter() - t0
            out[f"{key}_cpu_s"] = _rusage()["cpu_s"] - c0
        return wall

    samples: dict[str, list] = {"bare_s": [], "pipeline_s": [], "plain_pipeline_s": []}
    for _ in range(repeat):
        samples["bare_s"].append((bare(2, rgb, "bare_np2"), out["bare_np2_cpu_s"]))
        samples["pipeline_s"].append(_cli_pipeline(video, variant, exercise, end_s))
        samples["plain_pipeline_s"].append(_cli_pipeline(video, variant, exercise, end_s, plain=True))
    for k, xs in samples.items():
        wall, cpu = min(xs)
        out[k], out[k.replace("_s", "_cpu_s") if k != "bare_s" else "bare_np2_cpu_s"] = wall, cpu
    out["samples_s"] = {k: [round(w, 3) for w, _ in xs] for k, xs in samples.items()}
    out["bare_np1_s"] = bare(1, rgb, "bare_np1")  # what asking for a second person costs (the detector runs more often)
    # What the input size costs: the same frames downscaled to 640 px wide (not what posecheck does:
    # it would change the landmarks slightly, so events could differ from the full-size frames).
    w, h = rgb[0].shape[1], rgb[0].shape[0]
    small = (640, max(2, round(h * 640 / w)))
    out["bare_640_s"] = bare(2, [cv2.resize(img, small, interpolation=cv2.INTER_AREA) for img in rgb], "bare_640")
    t0 = time.perf_counter()
    with MediaPipePoseBackend(model) as backend:
        out["model_load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pframes = [backend.detect(img, t, i) for i, (img, t) in enumerate(zip(rgb, stamps))]
        out["backend_s"] = time.perf_counter() - t0
    seq = PoseSequence.from_frames(pframes, model_variant=variant)
    ex = get_exercise(exercise)
    reps = 5
    t0 = time.perf_counter()
    for _ in range(reps):
        analyze_sequence(seq, ex)
    out["core_recording_ms"] = (time.perf_counter() - t0) * 1000 / (reps * len(seq))
    an = Analyzer(ex)
    t0 = time.perf_counter()
    for f in seq.frames():
        an.push(f)
    out["core_live_ms"] = (time.perf_counter() - t0) * 1000 / len(seq)

    # Simulated webcam: 640x480 BGR frames (as a camera delivers them), convert, infer, push.
    live_bgr = [cv2.resize(cv2.cvtColor(img, cv2.COLOR_RGB2BGR), LIVE_SIZE, interpolation=cv2.INTER_AREA)
                for img in rgb[:live_frames]]
    del rgb
    an = Analyzer(ex)
    buf = np.empty((LIVE_SIZE[1], LIVE_SIZE[0], 3), np.uint8)
    with MediaPipePoseBackend(model) as backend:
        t0 = time.perf_counter()
        for i, (img, t) in enumerate(zip(live_bgr, stamps)):
            cv2.cvtColor(img, cv2.COLOR_BGR2RGB, dst=buf)
            an.push(backend.detect(buf, t, i))
        out["live_fps"] = len(live_bgr) / (time.perf_counter() - t0)
    out["live_frames"] = len(live_bgr)
    return out


def _run_worker(kind: str, video: Path, variant: str, exercise: str, end_s: float | None, live_frames: int,
                repeat: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--variant", variant, "--exercise", exercise,
           "--live-frames", str(live_frames), "--repeat", str(repeat), str(video)] + (["--end", repr(end_s)] if end_s else [])
    p = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if p.returncode != 0:
        raise RuntimeError(f"worker {kind} {variant} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- whole process: analyze vs bare loops
BARE_LOOP = r"""
import sys
import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision

video, model, num_poses, end_s = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
options = {"num_poses": num_poses} if num_poses != 1 else {}  # 1: MediaPipe's defaults as they are
opts = vision.PoseLandmarkerOptions(base_options=BaseOptions(model_asset_path=model),
                                    running_mode=vision.RunningMode.VIDEO, **options)
cap = cv2.VideoCapture(video)
fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
n = 0
with vision.PoseLandmarker.create_from_options(opts) as lm:
    while True:
        ok, bgr = cap.read()
        if not ok or (end_s > 0 and n / fps > end_s):
            break
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        lm.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), int(round(n * 1000 / fps)))
        n += 1
print(n)
"""


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads) of a command."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}:\n{p.stderr[-2000:]}")
    return wall, (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)


def whole_process(video: Path, variant: str, exercise: str, end_s: float | None, repeat: int) -> dict:
    """Wall seconds, start to exit, of each command, alternated ``repeat`` times (median, and every sample)."""
    import statistics

    from posecheck.pose.model_files import resolve_model
    from posecheck.pose.stage import pose_workers_for

    model = str(resolve_model(variant).path)
    end = f"{end_s:.3f}" if end_s else "0"
    analyze = [sys.executable, "-m", "posecheck.cli", "analyze", str(video), "-e", exercise, "--model", variant] + \
        (["--end", end] if end_s else [])
    cmds = {
        "bare_np1": [sys.executable, "-c", BARE_LOOP, str(video), model, "1", end],
        "bare_np2": [sys.executable, "-c", BARE_LOOP, str(video), model, "2", end],
        "analyze": analyze,
        "analyze_1_instance": analyze + ["--pose-workers", "1"],
    }
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):
        for k, cmd in cmds.items():
            wall, cpu_s = _timed(cmd)
            samples[k].append(wall)
            cpu[k].append(cpu_s)
            loads.append(os.getloadavg()[0])
    out = {k: statistics.median(v) for k, v in samples.items()}
    # cores busy = CPU s / wall s: on a shared machine a command with two busy threads may get no more
    # than one command with one (the kernel shares the CPU between sessions), which this shows
    busy = {k: round(statistics.median(c / w for c, w in zip(cpu[k], samples[k])), 2) for k in cmds}
    return {"median_s": out, "cores_busy": busy, "cpu_s": {k: round(statistics.median(v), 1) for k, v in cpu.items()},
            "samples_s": {k: [round(x, 2) for x in v] for k, v in samples.items()},
            "pose_workers": pose_workers_for(None), "load_1min": [round(x, 2) for x in loads]}


def whole_table(res: dict) -> str:
    rows = ["| model | bare loop, num_poses=1 (MediaPipe defaults) s | bare loop, num_poses=2 s | `posecheck analyze` s "
            "| analyze / bare np=1 | analyze / bare np=2 | `analyze --pose-workers 1` s (its ratio to bare np=2) "
            "| cores busy: bare np=1 / np=2 / analyze / analyze 1 instance | CPU s: the same | load (1 min) during |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|---:|"]
    for v, r in res.items():
        m = r["median_s"]
        rows.append(f"| {v} | {m['bare_np1']:.1f} | {m['bare_np2']:.1f} | {m['analyze']:.1f} (pose workers: {r['pose_workers']}) "
                    f"| {m['analyze'] / m['bare_np1']:.2f}× | {m['analyze'] / m['bare_np2']:.2f}× "
                    f"| {m['analyze_1_instance']:.1f} ({m['analyze_1_instance'] / m['bare_np2']:.2f}×) "
                    f"| {' / '.join(str(r['cores_busy'][k]) for k in ('bare_np1', 'bare_np2', 'analyze', 'analyze_1_instance'))} "
                    f"| {' / '.join(str(r['cpu_s'][k]) for k in ('bare_np1', 'bare_np2', 'analyze', 'analyze_1_instance'))} "
                    f"| {min(r['load_1min']):.1f}–{max(r['load_1min']):.1f} |")
    return "\n".join(rows)


# ---------------------------------------------------------------------------- batch: sequential vs parallel
def batch(videos: list[Path], exercise: str, model: str, jobs: int) -> dict:
    """One `posecheck analyze` over all recordings (the exercise only changes the millisecond-cheap analysis)."""
    cmd = [sys.executable, "-m", "posecheck.cli", "analyze", *map(str, videos), "-e", exercise, "--model", model,
           "--jobs", str(jobs)]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    errors = [ln for ln in p.stderr.splitlines() if ln.startswith("posecheck: error:")]
    if p.returncode != 0 and not errors:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{p.stderr[-3000:]}")
    return {"jobs": jobs, "wall_s": wall, "errors": errors}  # a refused recording (nobody in view) still counts


def _frames_and_seconds(videos: list[Path]) -> tuple[int, float]:
    from posecheck.capture.sources import VideoFileSource

    n, s = 0, 0.0
    for v in videos:
        src = VideoFileSource(v)
        n += src.frames_expected
        s += src.duration_s
        src.close()
    return n, s


# ---------------------------------------------------------------------------- main
def _videos(paths: list[str], count: int) -> list[Path]:
    if not paths:
        paths = [str(DEFAULT_CLIPS)]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            suffixes = (".mp4",) if p.resolve() == DEFAULT_CLIPS.resolve() else VIDEO_SUFFIXES
            found = sorted((f for f in p.iterdir() if f.suffix.lower() in suffixes), key=_frame_count, reverse=True)
            out += found[:count]  # the longest recordings
        else:
            out.append(p)
    return out


def _frame_count(path: Path) -> int:
    import cv2

    cap = cv2.VideoCapture(str(path))
    n = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    cap.release()
    return n


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(res: dict) -> str:
    if not res["models"]:
        rows = []
    else:
        rows = ["| model | bare fps (inference limit) | pipeline fps | overhead | without reader thread: fps / overhead | decode + BGR→RGB ms/frame "
            "| numpy core ms/frame (recording / live) | live loop 640×480 fps | peak RSS MB | × real time | CPU cores busy (bare / pipeline) "
            "| pipeline time / bare num_poses=1 time |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for v, r in res["models"].items():
        n = r["frames"]
        bare_fps, pipe_fps = n / r["bare_s"], n / r["pipeline_s"]
        plain = f"{n / r['plain_pipeline_s']:.1f} / {r['plain_pipeline_s'] / r['bare_s'] - 1:+.0%}"
        rows.append(
            f"| {v} | {bare_fps:.1f} | {pipe_fps:.1f} | {r['pipeline_s'] / r['bare_s'] - 1:+.0%} | {plain} "
            f"| {r['decode_ms']:.1f} + {r['bgr2rgb_ms']:.1f} | {r['core_recording_ms']:.2f} / {r['core_live_ms']:.2f} "
            f"| {r['live_fps']:.1f} | {r['peak_rss_mb']:.0f} | {r['video_s'] / r['pipeline_s']:.2f} "
            f"| {r['bare_np2_cpu_s'] / r['bare_s']:.2f} / {r['pipeline_cpu_s'] / r['pipeline_s']:.2f} "
            f"| {r['pipeline_s'] / r['bare_np1_s']:.2f}× |")
    out = "\n".join(rows)
    if res["models"]:
        out += ("\n\n| model | bare fps, num_poses=2 (posecheck) | bare fps, num_poses=1 | bare fps, frames downscaled to 640 px wide "
            "| backend fps (bare + landmark conversion) | model load s |\n|---|---:|---:|---:|---:|---:|\n")
    for v, r in res["models"].items():
        n = r["frames"]
        out += (f"| {v} | {n / r['bare_s']:.1f} | {n / r['bare_np1_s']:.1f} | {n / r['bare_640_s']:.1f} "
                f"| {n / r['backend_s']:.1f} | {r['model_load_s']:.2f} |\n")
    if res.get("batch"):
        b = res["batch"]
        out += ("\n\n| batch (" + b["model"] + f", {len(b['videos'])} recordings, {b['frames']} frames, {b['video_s']:.0f} s of video) "
                "| wall s | × real time |\n|---|---:|---:|\n")
        for k in ("sequential", "parallel"):
            out += f"| {k} (--jobs {b[k]['jobs']}) | {b[k]['wall_s']:.1f} | {b['video_s'] / b[k]['wall_s']:.2f} |\n"
        out += f"| speed-up | {b['sequential']['wall_s'] / b['parallel']['wall_s']:.2f}× | |\n"
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", nargs="*", help="videos or folders (default: the longest mp4s in ../shared/clips)")
    p.add_argument("--models", default="lite,full,heavy")
    p.add_argument("--video", help="the video for the per-model figures (default: the first of the paths)")
    p.add_argument("--exercise", help="exercise id (default: from the file name, else glute_bridge)")
    p.add_argument("--max-frames", type=int, default=300, help="frames of the per-model video (0 = all)")
    p.add_argument("--live-frames", type=int, default=150)
    p.add_argument("--count", type=int, default=4, help="recordings taken from a folder for the batch figures")
    p.add_argument("--batch-model", default="full")
    p.add_argument("--no-batch", action="store_true")
    p.add_argument("--json", help="write the figures here")
    p.add_argument("--repeat", type=int, default=3, help="alternate bare and pipeline runs this often, keep the fastest")
    p.add_argument("--batch-repeat", type=int, default=2, help="alternate --jobs 1 and --jobs 2 this often, keep the fastest")
    p.add_argument("--whole", action="store_true", help="also time whole commands: analyze against the bare loops")
    p.add_argument("--whole-only", action="store_true", help="only the whole-command figures")
    p.add_argument("--whole-repeat", type=int, default=3, help="rounds of the whole-command comparison")
    p.add_argument("--worker", choices=["pipeline", "plain", "bare"], help=argparse.SUPPRESS)
    p.add_argument("--variant", help=argparse.SUPPRESS)
    p.add_argument("--end", type=float, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        video = Path(args.paths[0])
        if args.worker in ("pipeline", "plain"):
            r = worker_pipeline(video, args.variant, args.exercise, args.end, plain=args.worker == "plain")
        else:
            r = worker_bare(video, args.variant, args.exercise, args.end, args.live_frames, args.repeat)
        print(json.dumps(r))
        return 0

    missing = [x for x in (args.paths or [str(DEFAULT_CLIPS)]) if not Path(x).exists()]
    if missing:
        p.error(f"not found: {', '.join(missing)} (give a video or a folder of videos)")
    videos = _videos(args.paths, args.count)
    video = Path(args.video) if args.video else videos[0]
    exercise = args.exercise or _exercise_for(video)
    end_s = _end_s(video, args.max_frames)
    res = {"video": video.name, "exercise": exercise, "end_s": end_s, "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}",
           "load_before": _load(), "models": {}}
    variants = [m.strip() for m in args.models.split(",") if m.strip()]
    if args.whole or args.whole_only:
        res["whole"] = {}
        for v in variants:
            print(f"… whole process, {v}", file=sys.stderr, flush=True)
            res["whole"][v] = whole_process(video, v, exercise, end_s, args.whole_repeat)
    for v in ([] if args.whole_only else variants):
        print(f"… {v}", file=sys.stderr, flush=True)
        r = _run_worker("bare", video, v, exercise, end_s, args.live_frames, args.repeat)
        r.update(_run_worker("pipeline", video, v, exercise, end_s, args.live_frames))
        r.update(_run_worker("plain", video, v, exercise, end_s, args.live_frames))
        res["models"][v] = r
    if not args.no_batch and not args.whole_only and len(videos) > 1:
        print("… batch", file=sys.stderr, flush=True)
        n, secs = _frames_and_seconds(videos)
        runs: dict[str, list] = {"sequential": [], "parallel": []}
        for _ in range(args.batch_repeat):
            runs["sequential"].append(batch(videos, exercise, args.batch_model, 1))
            runs["parallel"].append(batch(videos, exercise, args.batch_model, 2))
        res["batch"] = {"model": args.batch_model, "videos": [x.name for x in videos], "frames": n, "video_s": secs,
                        **{k: min(xs, key=lambda x: x["wall_s"]) for k, xs in runs.items()},
                        "samples_s": {k: [round(x["wall_s"], 1) for x in xs] for k, xs in runs.items()}}
    res["load_after"] = _load()
    first = next(iter(res["models"].values()), None)
    what = f"Video: {video.name} ({first['frames']} frames, {'x'.join(map(str, first['size']))}), exercise {exercise}; " \
        if first else ""
    if not first:
        what = f"Video: {video.name} (up to {args.max_frames or 'all'} frames), exercise {exercise}; "
    text = f"{what}{res['machine']}; load average before {res['load_before']}, after {res['load_after']}.\n\n" + table(res)
    if res.get("whole"):
        text += "\n\nWhole process, start to exit (median of the alternated rounds):\n\n" + whole_table(res["whole"])
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
