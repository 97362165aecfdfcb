"""Headless analysis of a recording: video → landmarks → events → report.

This is the path the CLI, the tests and the benchmarks use. Pose extraction (MediaPipe, cv2) and
analysis (numpy core) are separate steps, so stored landmarks can be re-analysed in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from posecheck.capture.frames_by_index import announced_frame_count
from posecheck.capture.prefetch import plain_rgb, prefetched_rgb
from posecheck.capture.sources import VideoFileSource
from posecheck.engine.analyzer import Analyzer
from posecheck.errors import MultiplePeopleError, NoPersonError
from posecheck.exercises.loader import get_exercise
from posecheck.exercises.schema import ExerciseDef
from posecheck.landmarks import PoseSequence
from posecheck.pose.stage import PoseStage
from posecheck.report import build_report, mark_cut_short

__all__ = ["Analysis", "extract_poses", "analyze_sequence", "run_video", "analyze_video", "check_people", "refuse_ambiguous", "BatchJob",
           "BatchResult", "expand_videos", "run_job", "run_jobs"]

# When in at least this share of frames with a person two people plausibly do the exercise, the
# recording is refused: we cannot know whose form we would be judging. (A bystander who does not do the
# exercise is not a reason: the engine follows the exerciser, posecheck/engine/people.py.)
TWO_PEOPLE_SHARE = 0.3

Progress = Callable[[int, int], None]


@dataclass
class Analysis:
    report: dict
    analyzer: Analyzer
    sequence: PoseSequence


def extract_poses(source: VideoFileSource, pose, progress: Progress | None = None,
                  prefetch: bool = True) -> PoseSequence:
    """Run the pose model over every frame of a file source.

    ``pose`` is a :class:`~posecheck.pose.stage.PoseStage` (several instances on alternate frames,
    results in frame order) or a single backend (a stage of one). With ``prefetch`` a reader thread
    decodes and converts the next frames while the model works (same frames, same timestamps, same
    order; see ``posecheck/capture/prefetch.py``).
    """
    from dataclasses import replace

    from posecheck.capture.scene_cuts import SceneCutDetector

    stage = pose if isinstance(pose, PoseStage) else PoseStage.of(pose)
    ahead = 2 * stage.workers  # each instance has its next frame queued while it works on one
    frames = []
    total = source.frames_expected
    # The reader's ring must outlive the frames in flight: an image is read by MediaPipe when its
    # instance gets to it, up to ``ahead`` frames after it was handed over.
    frames_in = prefetched_rgb(source, held=ahead) if prefetch else plain_rgb(source)
    detector, cut_at = SceneCutDetector(), set()  # edited footage: the engine restarts after a cut

    def looked_at(frames_rgb):
        for rgb, t_ms, index in frames_rgb:
            if detector.update(rgb):
                cut_at.add(index)
            yield rgb, t_ms, index

    try:
        for pf in stage.map(looked_at(frames_in), ahead=ahead):
            frames.append(replace(pf, scene_cut=True) if pf.index in cut_at else pf)
            if progress:
                progress(len(frames), total)
    finally:
        frames_in.close()
        if stage is not pose:
            stage.close()
    return PoseSequence.from_frames(frames, image_size=source.size, model_variant=stage.variant,
                                    model_sha256=stage.sha256)


def check_people(seq: PoseSequence, source_name: str) -> None:
    """Refuse recordings with nobody in view; and, for landmarks stored without everyone in view (older
    files keep only the first person), mostly two people, as those cannot be told apart."""
    with_pose = int((seq.n_poses > 0).sum())
    if with_pose == 0:
        raise NoPersonError(f"no person found in any of the {len(seq)} frames of {source_name}",
                            "Check that the whole body is in the picture and the room is lit")
    if seq.people_xyz is None:
        _refuse_two(int((seq.n_poses >= 2).sum()), with_pose, source_name)


def refuse_ambiguous(analysis: "Analysis", source_name: str) -> None:
    """Refuse a recording in which two people plausibly did the exercise in much of it."""
    tr = analysis.analyzer.trace
    with_pose = sum(tr.anyone)
    if with_pose:
        _refuse_two(sum(tr.ambiguous), with_pose, source_name)


def _refuse_two(frames_two: int, frames_with_pose: int, source_name: str) -> None:
    if frames_two / frames_with_pose >= TWO_PEOPLE_SHARE:
        raise MultiplePeopleError(f"two people are in view in {frames_two} of {frames_with_pose} frames of "
                                  f"{source_name}, and both seem to do the exercise",
                                  "Film one person at a time, or trim the video with --start/--end")


def analyze_sequence(seq: PoseSequence, exercise: str | ExerciseDef, source: str = "",
                     frames_total: int | None = None) -> Analysis:
    ex = get_exercise(exercise) if isinstance(exercise, str) else exercise
    an = Analyzer(ex)
    an.analyze(seq)
    report = build_report(an, model_variant=seq.model_variant, model_sha256=seq.model_sha256, source=source,
                          frames_total=frames_total if frames_total is not None else len(seq),
                          frames_with_pose=int(seq.has_pose.sum()))
    return Analysis(report, an, seq)


def run_video(path: str | Path, exercise: str | ExerciseDef, model: str = "full", start_s: float | None = None,
              end_s: float | None = None, model_path: str | None = None, progress: Progress | None = None,
              check: bool = True, pose_workers: int | None = None, source_label: str | None = None) -> Analysis:
    """The whole pipeline on one video file; ``pose_workers`` MediaPipe instances on alternate frames
    (None or 0: one per core, at most 4; see ``posecheck/pose/stage.py``). ``source_label`` names the
    recording in the report (default: ``path``; a cluster worker analyses a copy under another path)."""
    from posecheck.pose.mediapipe_backend import mediapipe_stage
    from posecheck.pose.model_files import resolve_model
    from posecheck.pose.stage import pose_workers_for

    ex = get_exercise(exercise) if isinstance(exercise, str) else exercise  # fail fast, before decoding
    resolved = resolve_model(model, model_path)
    source = VideoFileSource(path, start_s, end_s)
    try:
        with mediapipe_stage(resolved, pose_workers_for(pose_workers), outlines=ex.needs_outline) as stage:
            seq = extract_poses(source, stage, progress)
    finally:
        source.close()
    if check:
        check_people(seq, Path(path).name)
    result = analyze_sequence(seq, ex, source=source_label or str(path))
    cut = source.cut_short()
    if cut:  # the report says so; the CLI also fails unless --partial-ok
        mark_cut_short(result.report, cut.frames_decoded, cut.frames_announced, cut.decoded_s, cut.announced_s)
    if check:
        refuse_ambiguous(result, Path(path).name)
    return result


def analyze_video(path: str | Path, exercise_id: str, model: str = "full", start_s: float | None = None,
                  end_s: float | None = None) -> dict:
    """The report dict for one video (convenience for tests and scripts)."""
    return run_video(path, exercise_id, model, start_s, end_s).report


# ---------------------------------------------------------------------------- several recordings
@dataclass(frozen=True)
class BatchJob:
    """One recording of a batch and where its outputs go (written by the process that analyses it)."""

    video: str
    exercise: str | ExerciseDef  # an id, or a definition loaded from a file of its own
    model: str = "full"
    start_s: float | None = None
    end_s: float | None = None
    model_path: str | None = None
    json_path: str | None = None
    csv_path: str | None = None
    landmarks_path: str | None = None
    pose_workers: int | None = None  # MediaPipe instances for this recording (None: its share of the cores)


@dataclass(frozen=True)
class BatchResult:
    video: str
    report: dict | None
    error: str | None = None
    exit_code: int = 0


def expand_videos(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the videos directly inside it, by name."""
    from posecheck.capture.sources import VIDEO_SUFFIXES

    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in VIDEO_SUFFIXES) if p.is_dir() else [p]
    return out


def run_job(job: BatchJob, video_copy: str | None = None) -> BatchResult:
    """Analyse one recording and write its outputs; an expected problem becomes the result's error.
    ``video_copy``: analyse this copy of ``job.video`` instead (same file name; a cluster worker's)."""
    from posecheck.errors import PosecheckError
    from posecheck.report import write_frames_csv

    try:
        result = run_video(video_copy or job.video, job.exercise, job.model, job.start_s, job.end_s, job.model_path,
                           pose_workers=job.pose_workers, source_label=job.video)
    except PosecheckError as e:
        return BatchResult(job.video, None, str(e), e.exit_code)
    if job.json_path:
        import json

        Path(job.json_path).write_text(json.dumps(result.report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if job.csv_path:
        write_frames_csv(result.analyzer, job.csv_path)
    if job.landmarks_path:
        result.sequence.save(job.landmarks_path)
    return BatchResult(job.video, result.report)


def run_jobs(jobs: list[BatchJob], workers: int = 1, done: Callable[[BatchResult], None] | None = None) -> list[BatchResult]:
    """Results in the order of ``jobs``. With ``workers`` > 1, one process per worker; the reports are the
    same. The cores are shared, not oversubscribed: each MediaPipe instance keeps one core busy, so a
    recording gets ``cores // processes`` instances unless its job says otherwise (and never more)."""
    import dataclasses

    from posecheck.pose.stage import pose_workers_for

    procs = max(1, min(workers, len(jobs)))
    jobs = [dataclasses.replace(j, pose_workers=pose_workers_for(j.pose_workers, jobs=procs)) for j in jobs]
    if procs <= 1:
        results = []
        for job in jobs:
            results.append(run_job(job))
            if done:
                done(results[-1])
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, not fork: a forked child would inherit the parent's threads' locks (OpenCV, MediaPipe).
    with ProcessPoolExecutor(max_workers=procs, mp_context=multiprocessing.get_context("spawn")) as pool:
        # Longest first, so that the last recording does not run alone on one core at the end.
        order = sorted(range(len(jobs)), key=lambda i: -announced_frame_count(jobs[i].video))
        futures = {pool.submit(run_job, jobs[i]): i for i in order}
        results: list[BatchResult | None] = [None] * len(jobs)
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            if done:
                done(results[futures[fut]])
    return results  # type: ignore[return-value]
