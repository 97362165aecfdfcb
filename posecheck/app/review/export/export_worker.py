"""ExportWorker: writes one export (CSV reps, CSV frames, JSON, PDF) on a worker thread.

The files come from the core (:mod:`posecheck.review.exports`) and, for the PDF, from
:func:`~posecheck.app.review.export.pdf_report.write_pdf_report`; decoding the fault key frames and
painting a multi-page PDF take long enough to freeze the window, so none of it runs on the UI
thread. The clinician's annotations are copied before the thread starts: the UI may go on editing.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QThread, pyqtSignal

from posecheck.capture.frames_by_index import FramesByIndex

from posecheck.review.annotations import Annotations
from posecheck.session.private_files import prepare_private_output

__all__ = ["EXPORT_KINDS", "ExportWorker", "default_export_name"]

EXPORT_KINDS = {"csv_reps": ".csv", "csv_frames": ".csv", "json": ".json", "pdf": ".pdf"}
_SUFFIX_NAMES = {"csv_reps": "reps", "csv_frames": "angles", "json": "report", "pdf": "report"}


def default_export_name(review, kind: str) -> str:
    stem = review.folder.name if review.folder is not None else (review.video_path.stem if review.video_path else "review")
    return f"{stem}-{_SUFFIX_NAMES[kind]}{EXPORT_KINDS[kind]}"


class ExportWorker(QThread):
    done = pyqtSignal(str, str, int)  # kind, path, PDF pages (0 for the other kinds)
    failed = pyqtSignal(str, str, str)  # kind, path, why

    def __init__(self, kind: str, path: str | Path, review, annotations: Annotations, poses, lang: str,
                 include_images: bool, parent=None):
        super().__init__(parent)
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown export kind {kind!r}")
        self.kind, self.path, self.review, self.poses = kind, Path(path), review, poses
        self.annotations = Annotations.from_dict(annotations.to_dict())
        self.lang, self.include_images = lang, include_images

    def run(self) -> None:
        from posecheck.review import exports

        pages = 0
        try:
            if self.kind == "csv_reps":
                exports.export_reps_csv(self.review, self.path, self.annotations)
            elif self.kind == "csv_frames":
                exports.export_frames_csv(self.review, self.path)
            elif self.kind == "json":
                exports.export_json(self.review, self.path, self.annotations)
            else:
                pages = self._pdf(exports)
        except OSError as e:
            self.failed.emit(self.kind, str(self.path), e.strerror or str(e))
            return
        except Exception as e:  # noqa: BLE001 (the clinician must hear about it; the thread must not die silently)
            self.failed.emit(self.kind, str(self.path), f"{type(e).__name__}: {e}")
            return
        self.done.emit(self.kind, str(self.path), pages)

    def _pdf(self, exports) -> int:
        from posecheck.app.review.export.pdf_report import write_pdf_report

        content = exports.pdf_report_content(self.review, self.annotations, self.lang, self.include_images)
        video = self.review.video_path
        frames = FramesByIndex(video) if self.include_images and video is not None else None

        def load(index: int):
            return frames.frame(index) if frames is not None and frames.opened else None

        try:
            # Check the file can be created before painting: QPdfWriter reports nothing when it cannot.
            # Created private: a patient report is health data (QPdfWriter keeps the mode it finds).
            prepare_private_output(self.path)
            return write_pdf_report(self.path, content, self.review, self.poses, load)
        finally:
            if frames is not None:
                frames.close()
