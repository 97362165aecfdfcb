"""VideoAnalysisWorker: analyses any video file for review in a QThread, reporting progress.

The same pipeline as ``posecheck analyze`` (:func:`posecheck.analysis.extract_poses`, then
:func:`~posecheck.analysis.check_people` and :func:`~posecheck.analysis.analyze_sequence`); the pose
model is made by ``backend_factory`` once per pose worker, each in its own thread (MediaPipe by
default; tests pass a replay backend), because MediaPipe objects must stay on the thread that made
them; the workers take alternate frames (``posecheck/pose/stage.py``). Cancelling stops between
frames. The UI only receives signals: ``progress(done, total)``, ``finished_ok((review, poses))`` with
the core :class:`~posecheck.review.model.Review` built in this thread too, ``failed(message)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QThread, pyqtSignal

from posecheck.errors import PosecheckError

__all__ = ["AnalysisCancelled", "VideoAnalysisWorker", "mediapipe_backend_factory"]


class AnalysisCancelled(Exception):
    pass


def mediapipe_backend_factory(variant: str, outlines: bool = False) -> Callable[[], object]:
    """MediaPipe with ``variant``; ``outlines``: with person masks (an exercise that reads the back's outline)."""
    def make():
        from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
        from posecheck.pose.model_files import resolve_model

        return MediaPipePoseBackend(resolve_model(variant), outlines=outlines)
    return make


class VideoAnalysisWorker(QThread):
    progress = pyqtSignal(int, int)  # frames done, frames expected (0 when the container does not say)
    finished_ok = pyqtSignal(object)  # (posecheck.review.model.Review, PoseSequence)
    failed = pyqtSignal(str)  # one line: what went wrong and what to do

    def __init__(self, path: str | Path, exercise_id: str, backend_factory: Callable[[], object],
                 parent=None, pose_workers: int | None = None):
        super().__init__(parent)
        self.path, self.exercise_id, self.backend_factory = Path(path), exercise_id, backend_factory
        self.pose_workers = pose_workers  # instances on alternate frames (None/0: one per core, at most 4)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from posecheck.analysis import analyze_sequence, check_people, extract_poses, refuse_ambiguous
        from posecheck.capture.sources import VideoFileSource
        from posecheck.pose.stage import PoseStage, pose_workers_for
        from posecheck.review.model import review_from_analysis

        try:
            source = VideoFileSource(self.path)
            fps = source.fps
            try:
                with PoseStage(self.backend_factory, workers=pose_workers_for(self.pose_workers)) as stage:
                    seq = extract_poses(source, stage, self._on_progress)
            finally:
                source.close()
            check_people(seq, self.path.name)
            analysis = analyze_sequence(seq, self.exercise_id, source=str(self.path))
            refuse_ambiguous(analysis, self.path.name)
            review = review_from_analysis(analysis, self.exercise_id, video_path=self.path, fps=fps)
            self.finished_ok.emit((review, seq))
        except AnalysisCancelled:
            self.failed.emit("")
        except PosecheckError as e:
            self.failed.emit(str(e))
        except Exception as e:  # noqa: BLE001 (a bug must reach the person as a message, not a silent thread death)
            self.failed.emit(f"{type(e).__name__}: {e}")

    def _on_progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise AnalysisCancelled
        # At most ~100 progress signals per video: one per frame would flood the UI's event queue.
        step = max(1, total // 100) if total else 10
        if done % step == 0 or done == total:
            self.progress.emit(done, total)
