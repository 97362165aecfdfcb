"""Headless analysis of a recording: video → landmarks → events → report.

This is the path the CLI, the tests and the benchmarks use. Pose extraction (MediaPipe, cv2) and
analysis (numpy core) are separate steps, so stored landmarks can be re-analysed in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2

from posecheck.capture.sources import VideoFileSource
from posecheck.engine.analyzer import Analyzer
from posecheck.errors import MultiplePeopleError, NoPersonError
from posecheck.exercises.loader import get_exercise
from posecheck.exercises.schema import ExerciseDef
from posecheck.landmarks import PoseSequence
from posecheck.report import build_report

__all__ = ["Analysis", "extract_poses", "analyze_sequence", "run_video", "analyze_video", "check_people"]

# When at least this share of frames with a person shows two people, the recording is refused:
# we cannot know whose form we would be judging.
TWO_PEOPLE_SHARE = 0.3

Progress = Callable[[int, int], None]


@dataclass
class Analysis:
    report: dict
    analyzer: Analyzer
    sequence: PoseSequence


def extract_poses(source: VideoFileSource, backend, progress: Progress | None = None) -> PoseSequence:
    """Run the pose backend over every frame of a file source."""
    frames = []
    total = source.frames_expected
    for frame in source:
        rgb = cv2.cvtColor(frame.image_bgr, cv2.COLOR_BGR2RGB)
        frames.append(backend.detect(rgb, frame.t_ms, frame.index))
        if progress:
            progress(len(frames), total)
    return PoseSequence.from_frames(frames, image_size=source.size, model_variant=backend.variant,
                                    model_sha256=backend.sha256)


def check_people(seq: PoseSequence, source_name: str) -> None:
    """Refuse recordings with nobody, or mostly two people, in view (each with what to do)."""
    with_pose = int((seq.n_poses > 0).sum())
    if with_pose == 0:
        raise NoPersonError(f"no person found in any of the {len(seq)} frames of {source_name}",
                            "Check that the whole body is in the picture and the room is lit")
    two = int((seq.n_poses >= 2).sum())
    if two / with_pose >= TWO_PEOPLE_SHARE:
        raise MultiplePeopleError(f"two people are in view in {two} of {with_pose} frames of {source_name}",
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
              check: bool = True) -> Analysis:
    """The whole pipeline on one video file."""
    from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
    from posecheck.pose.model_files import resolve_model

    ex = get_exercise(exercise) if isinstance(exercise, str) else exercise  # fail fast, before decoding
    resolved = resolve_model(model, model_path)
    source = VideoFileSource(path, start_s, end_s)
    try:
        with MediaPipePoseBackend(resolved) as backend:
            seq = extract_poses(source, backend, progress)
    finally:
        source.close()
    if check:
        check_people(seq, Path(path).name)
    return analyze_sequence(seq, ex, source=str(path))


def analyze_video(path: str | Path, exercise_id: str, model: str = "full", start_s: float | None = None,
                  end_s: float | None = None) -> dict:
    """The report dict for one video (convenience for tests and scripts)."""
    return run_video(path, exercise_id, model, start_s, end_s).report
