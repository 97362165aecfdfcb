"""Command line: ``posecheck`` (the app), ``posecheck analyze``, ``posecheck review``, ``posecheck exercises``,
``posecheck models``.

Expected problems (a missing file, a bad exercise file, a model with the wrong checksum) are printed
as one line that says what to do, with a non-zero exit code and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from posecheck import __version__
from posecheck.errors import PosecheckError
from posecheck.i18n import languages
from posecheck.session.private_files import make_private, prepare_private_output, use_private_umask

__all__ = ["main", "build_parser"]


def _progress_bar(label: str, unit: str = "frames"):
    start = time.monotonic()
    state = {"last": 0.0}

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if now - state["last"] < 0.2 and done != total:
            return
        state["last"] = now
        if total:
            frac = min(done / total, 1.0)
            bar = "#" * int(frac * 30)
            sys.stderr.write(f"\r{label} [{bar:<30}] {done}/{total} {unit}  {now - start:5.1f} s")
        else:
            sys.stderr.write(f"\r{label} {done} {unit}  {now - start:5.1f} s")
        sys.stderr.flush()

    return update


def _cmd_analyze(args) -> int:
    from posecheck.analysis import expand_videos, run_video
    from posecheck.capture.sources import check_time_range
    from posecheck.report import format_summary, write_frames_csv

    # Everything a person can get wrong in the command is checked before the model and the video are
    # loaded: a mistake found after minutes of analysis would cost the report.
    check_time_range(args.start, args.end)
    exercise = _exercise_of(args)
    if len(args.video) > 1 or Path(args.video[0]).is_dir() or args.cluster:
        return _analyze_many(args, expand_videos(args.video), exercise)
    outputs = _output_files(args)
    progress = _progress_bar("analysing") if sys.stderr.isatty() or args.progress else None
    result = run_video(args.video[0], exercise, model=args.model, start_s=args.start, end_s=args.end,
                       model_path=args.model_path, progress=progress, pose_workers=args.pose_workers)
    if progress:
        sys.stderr.write("\n")
    report = result.report
    _private_outputs(*(str(p) for p in outputs.values()))
    if "json" in outputs:
        outputs["json"].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if "csv" in outputs:
        write_frames_csv(result.analyzer, outputs["csv"])
    if "landmarks" in outputs:
        result.sequence.save(outputs["landmarks"])
    print(format_summary(report, args.lang))
    if report["frames"].get("cut_short") and not args.partial_ok:
        raise _cut_short_error(report, args.video[0])  # after the report is out: nothing is lost
    return 0


def _exercise_of(args):
    """The exercise to judge with: a catalogue id (``-e``), or a file named explicitly (``--exercise-file``),
    loaded now so that a mistake in it is reported before any decoding."""
    from posecheck.exercises.loader import get_exercise, load_exercise

    if args.exercise_file:
        return load_exercise(args.exercise_file)
    get_exercise(args.exercise)
    return args.exercise  # by id: each batch process reads it from the catalogue itself


def _output_files(args) -> dict[str, Path]:
    from posecheck.output_paths import check_output_file

    out = {}
    for opt in ("json", "csv", "landmarks"):
        if getattr(args, opt):
            path = Path(getattr(args, opt))
            if opt == "landmarks" and path.suffix != ".npz":
                path = path.with_name(path.name + ".npz")  # numpy adds it; check the file really written
            out[opt] = check_output_file(path, f"--{opt}")
    return out


def _cut_short_error(report: dict, video: str) -> PosecheckError:
    from posecheck.errors import SourceError

    cut = report["frames"]["cut_short"]
    return SourceError(f"{Path(video).name} is cut short: only {cut['frames_readable']} of the "
                       f"{cut['frames_announced']} frames it announces could be read "
                       f"({cut['readable_s']:.1f} of {cut['announced_s']:.1f} s)",
                       "The report covers only that part. Export the video again, or add --partial-ok to accept it")


def _analyze_many(args, videos: list[Path], exercise) -> int:
    """Several recordings (or a folder): --json/--csv/--landmarks name folders; --jobs N processes."""
    import os

    from posecheck.analysis import BatchJob, run_jobs
    from posecheck.output_paths import prepare_output_folder
    from posecheck.report import format_summary

    if not videos:
        raise PosecheckError(f"no videos found in {', '.join(args.video)}",
                             "Give video files (mp4, mov, avi, webm, mkv, gif) or a folder that holds them")
    stems = [v.stem for v in videos]
    if len(set(stems)) < len(stems):  # same name in two folders: number the outputs instead
        stems = [f"{i + 1:03d}_{s}" for i, s in enumerate(stems)]
    outs = {}
    for opt, ext in (("json", ".json"), ("csv", ".csv"), ("landmarks", ".npz")):
        if getattr(args, opt):
            folder = prepare_output_folder(getattr(args, opt), f"--{opt}")
            outs[opt] = lambda stem, d=folder, e=ext: str(d / (stem + e))
    jobs = [BatchJob(str(v), exercise, args.model, args.start, args.end, args.model_path,
                     json_path=outs["json"](stem) if "json" in outs else None,
                     csv_path=outs["csv"](stem) if "csv" in outs else None,
                     landmarks_path=outs["landmarks"](stem) if "landmarks" in outs else None,
                     pose_workers=args.pose_workers)
            for v, stem in zip(videos, stems)]
    workers = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    count = {"n": 0}

    def done(r) -> None:
        count["n"] += 1
        if sys.stderr.isatty() or args.progress:
            sys.stderr.write(f"[{count['n']}/{len(jobs)}] {Path(r.video).name}{'' if r.report else ': error'}\n")

    if args.cluster:
        from posecheck.cluster import run_jobs_on_cluster

        bar = _progress_bar(f"analysing on {args.cluster}", "files") if sys.stderr.isatty() or args.progress else None

        def file_done(r) -> None:
            count["n"] += 1
            if bar:
                bar(count["n"], len(jobs))

        if bar:
            bar(0, len(jobs))
        results = run_jobs_on_cluster(jobs, args.cluster, file_done)
        if bar:
            sys.stderr.write("\n")
    else:
        results = run_jobs(jobs, workers, done)
    code = 0
    for job, r in zip(jobs, results, strict=True):
        if r.report is None:
            print(f"posecheck: error: {r.video}: {r.error}", file=sys.stderr)
            code = max(code, r.exit_code)
            continue
        # New files are private already (the umask, inherited by the job processes); this narrows
        # older ones they overwrote. A failed job writes nothing, so nothing is created for it.
        for path in (job.json_path, job.csv_path, job.landmarks_path):
            if path:
                make_private(path)
        print(format_summary(r.report, args.lang))
        if r.report["frames"].get("cut_short") and not args.partial_ok:
            err = _cut_short_error(r.report, r.video)
            print(f"posecheck: error: {r.video}: {err}", file=sys.stderr)
            code = max(code, err.exit_code)
    return code


def _private_outputs(*paths: str | None) -> None:
    """Reports, angles and landmarks are health data: their files are the user's alone (0600)."""
    for p in paths:
        if p:
            prepare_private_output(p)


def _cmd_exercises(args) -> int:
    from posecheck.exercises.loader import load_catalogue

    cat = load_catalogue(args.dir)
    for ex in cat.values():
        p = ex.prescription
        dose = f"{p.sets} × {p.reps}" if p.reps else f"{p.sets} × {p.hold_s:g} s"
        print(f"{ex.id:<18} {ex.name.get(args.lang):<28} {ex.kind.value:<17} view: {ex.view.value:<8} {dose}")
        if args.verbose:
            print(f"    {ex.description.get(args.lang)}")
            print(f"    camera: {ex.camera.get(args.lang)}")
            for v in ex.all_variants if ex.variants else ():
                print(f"    variant {v.variant_id}: {v.variant_name.get(args.lang)} ({v.kind.value}, view: {v.view.value})")
            for f in ex.faults:
                print(f"    fault {f.id}: {f.message.get(args.lang)}")
            for n in ex.not_judged:
                print(f"    not judged {n.fault} ({n.label.get(args.lang)}): {n.reason.get(args.lang)}")
    return 0


def _cmd_models(args) -> int:
    from posecheck.pose import model_files as mf

    manifest = mf.load_manifest()
    variants = [args.variant] if getattr(args, "variant", None) else list(manifest)
    failed = 0
    for v in variants:
        info = manifest.get(v)
        if info is None:
            raise PosecheckError(f"unknown model variant {v!r}", f"Use one of: {', '.join(manifest)}")
        if args.action == "fetch":
            r = mf.fetch_model(v) if not _find(mf, info) else mf.resolve_model(v, download=False)
            print(f"{v:<6} ok  {r.path}")
            continue
        path = _find(mf, info)
        if path is None:
            print(f"{v:<6} missing  (looked in: {', '.join(str(d) for d in mf.candidate_dirs())})")
            failed += args.action == "verify"
            continue
        if args.action == "verify":
            try:
                mf.resolve_model(v, download=False)
                print(f"{v:<6} ok  sha256 {info.sha256[:16]}…  {path}")
            except PosecheckError as e:
                print(f"{v:<6} BAD  {e}")
                failed += 1
        else:
            print(f"{v:<6} {info.size_bytes / 1e6:5.1f} MB  {info.description}  {path}")
    return 1 if failed else 0


def _find(mf, info) -> Path | None:
    for d in mf.candidate_dirs():
        if (d / info.file).is_file():
            return d / info.file
    return None


def _require_app(what: str) -> None:
    """The desktop app and the review window need Qt, which ``pip install posecheck`` (the command line
    analysis) leaves out: say how to add it instead of a traceback."""
    try:
        import pyqtgraph  # noqa: F401
        from PyQt6 import QtWidgets  # noqa: F401
    except ImportError as e:
        raise PosecheckError(f"{what} cannot start ({e})",
                             'Install the desktop app: pip install "posecheck[app]"') from None


def _cmd_app(args) -> int:
    _require_app("the desktop app")
    from posecheck.app.application import run_app

    return run_app(args)


def _cmd_review(args) -> int:
    _require_app("the review window")
    from posecheck.app.review.launch import run_review

    lang = args.lang if "--lang" in sys.argv else None  # otherwise the language from the app's settings
    return run_review(args.path, args.exercise, lang, args.model)


def _cmd_export(args) -> int:
    """A session as one .zip for the physiotherapist (what `posecheck review` imports)."""
    from posecheck.app.settings import Settings
    from posecheck.output_paths import check_output_file
    from posecheck.review.archive import export_session_archive
    from posecheck.session.store import list_sessions

    if args.session == "last":
        library = Settings.load().storage_path
        sessions = list_sessions(library)
        if not sessions:
            raise PosecheckError(f"there is no recorded session in {library}",
                                 "Record a session first, or name the session folder")
        folder = sessions[-1]
    else:
        folder = Path(args.session)
    out = Path(args.out) if args.out else Path.cwd() / f"{folder.name}.zip"
    if out.is_dir():
        out = out / f"{folder.name}.zip"
    check_output_file(out, "the archive")
    written = export_session_archive(folder, out, include_video=not args.no_video)
    mb = written.stat().st_size / 1e6
    print(f"{written} ({mb:.1f} MB): send this file to your physiotherapist; "
          "they open it with `posecheck review` (Import archive)")
    return 0


def _pose_worker_count(text: str) -> int:
    n = int(text) if text.strip().isdigit() else -1
    if not 0 <= n <= 8:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 0 (one per core) to 8")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="posecheck", description="Webcam exercise coach for the lower back.")
    p.add_argument("--version", action="version", version=f"posecheck {__version__}")
    p.add_argument("--lang", choices=languages(), default="en", help="language of messages (default en)")
    sub = p.add_subparsers(dest="command")

    a = sub.add_parser("analyze", aliases=["analyse"], help="analyse a recorded video")
    a.add_argument("video", nargs="+", help="video file(s) (mp4, mov, avi, webm, mkv, gif) or a folder of videos")
    which = a.add_mutually_exclusive_group(required=True)
    which.add_argument("--exercise", "-e", help="exercise id (see `posecheck exercises`)")
    which.add_argument("--exercise-file", metavar="PATH",
                       help="judge with this exercise file (TOML, see exercises/README.md) instead of the catalogue")
    a.add_argument("--model", choices=["lite", "full", "heavy"], default="full")
    a.add_argument("--model-path", help="use this .task file (must match the pinned checksum)")
    a.add_argument("--start", type=float, help="start at this second")
    a.add_argument("--end", type=float, help="stop at this second")
    a.add_argument("--json", help="write the report as JSON here (with several videos: a folder, one file each)")
    a.add_argument("--csv", help="write per-frame angles as CSV here (several videos: a folder)")
    a.add_argument("--landmarks", help="write the landmark sequence (.npz) here, for re-analysis (several videos: a folder)")
    a.add_argument("--jobs", "-j", type=int, default=1,
                   help="analyse several videos in this many processes at once (0 = one per CPU core)")
    a.add_argument("--pose-workers", type=_pose_worker_count, default=None, metavar="N",
                   help="pose model instances per video, on alternate frames (default: one per core, at most 4; "
                        "with --jobs the cores are shared out)")
    a.add_argument("--cluster", metavar="ADDRESS",
                   help="analyse the videos on a Dask scheduler, e.g. tcp://192.168.1.20:8786; --json/--csv/--landmarks "
                        "then name folders, as with several videos (pip install \"posecheck[cluster]\")")
    a.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    a.add_argument("--partial-ok", action="store_true",
                   help="accept a video file that is cut short: report on the part that can be read, exit 0")
    a.add_argument("--verbose", action="store_true", help="also show MediaPipe's own log lines")
    a.set_defaults(func=_cmd_analyze)

    e = sub.add_parser("exercises", help="list the exercise catalogue")
    e.add_argument("--dir", help="read exercise files from this folder")
    e.add_argument("--verbose", "-v", action="store_true")
    e.set_defaults(func=_cmd_exercises)

    m = sub.add_parser("models", help="list, verify or fetch the pose models")
    m.add_argument("action", choices=["list", "verify", "fetch"], nargs="?", default="list")
    m.add_argument("variant", nargs="?", choices=["lite", "full", "heavy"])
    m.set_defaults(func=_cmd_models)

    r = sub.add_parser("review", help="review recorded sessions (library), one session folder, or a video")
    r.add_argument("path", nargs="?", help="a session folder or a video file (none: the session library)")
    r.add_argument("--exercise", "-e", help="exercise id of the video (asked when missing)")
    r.add_argument("--model", choices=["lite", "full", "heavy"], help="pose model for a video (default: the settings)")
    r.add_argument("--verbose", action="store_true", help="also show MediaPipe's own log lines")
    r.set_defaults(func=_cmd_review)

    x = sub.add_parser("export", help="pack a recorded session into one .zip for your physiotherapist")
    x.add_argument("session", help="a session folder, or 'last' for the newest session in the library")
    x.add_argument("out", nargs="?", help="the .zip to write, or a folder (default: <session>.zip here)")
    x.add_argument("--no-video", action="store_true", help="leave the video out (landmarks and events only)")
    x.set_defaults(func=_cmd_export)

    g = sub.add_parser("app", help="open the desktop app (the default)")
    g.add_argument("--video", help="use this video instead of the camera")
    g.add_argument("--exercise", help="start with this exercise")
    g.add_argument("--pose-workers", type=_pose_worker_count, default=None, metavar="N",
                   help="pose model instances on alternate frames (default: the settings; 0 = one per core)")
    g.add_argument("--verbose", action="store_true", help="also show MediaPipe's own log lines")
    g.set_defaults(func=_cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    use_private_umask()  # sessions, exports and reports are health data: nothing we write is for other users
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["app", *(sys.argv[1:] if argv is None else argv)])
    if not getattr(args, "verbose", False):
        from posecheck.native_logs import filter_native_logs

        filter_native_logs()  # MediaPipe's C++ log lines off the terminal; posecheck's own output untouched
    try:
        return args.func(args)
    except PosecheckError as e:
        print(f"posecheck: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("posecheck: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
