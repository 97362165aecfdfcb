"""ExportController: the workstation's export buttons: ask where, write in a worker, say how it went.

The privacy box decides whether the PDF gets video frames. Each export runs in its own
:class:`~posecheck.app.review.export.export_worker.ExportWorker`; the controller keeps it referenced
until it has finished and waits for running ones when the review closes.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal

from posecheck.app.review.export.export_worker import ExportWorker, default_export_name
from posecheck.i18n import N_, tr

__all__ = ["ExportController"]

_FILTERS = {"csv_reps": "CSV (*.csv)", "csv_frames": "CSV (*.csv)", "json": "JSON (*.json)", "pdf": "PDF (*.pdf)"}
_TITLES = {"csv_reps": N_("CSV: reps…"), "csv_frames": N_("CSV: angles per frame…"), "json": N_("JSON report…"),
           "pdf": N_("PDF report…")}


class ExportController(QObject):
    finished = pyqtSignal(str, str, bool)  # kind, path, ok

    def __init__(self, panel, review, clinician, poses, lang: str, parent=None):
        super().__init__(parent)
        self.panel, self.review, self.clinician, self.poses, self.lang = panel, review, clinician, poses, lang
        self.quiet = False  # tests: report problems in the panel only, no modal dialog
        self.last_pages = 0
        self._running: list[ExportWorker] = []
        for button, kind in ((panel.csv_reps, "csv_reps"), (panel.csv_frames, "csv_frames"), (panel.json, "json"),
                             (panel.pdf, "pdf")):
            button.clicked.connect(lambda _checked=False, kind=kind: self.ask(kind))

    def ask(self, kind: str) -> None:
        from PyQt6.QtWidgets import QFileDialog

        r = self.review
        folder = r.folder or (r.video_path.parent if r.video_path else Path.home())
        suggested = str(Path(folder) / default_export_name(r, kind))
        path, _ = QFileDialog.getSaveFileName(self.panel, tr(_TITLES[kind], self.lang), suggested, _FILTERS[kind])
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str | Path) -> ExportWorker:
        worker = ExportWorker(kind, path, self.review, self.clinician.annotations, self.poses, self.lang,
                              not self.panel.privacy.isChecked(), self)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(lambda w=worker: self._running.remove(w) if w in self._running else None)
        self._running.append(worker)
        self.panel.status.setText("…")
        worker.start()
        return worker

    def wait(self) -> None:
        for w in list(self._running):
            w.wait(30000)

    def _on_done(self, kind: str, path: str, pages: int) -> None:
        self.last_pages = pages
        self.panel.status.setStyleSheet("color: #7a7;")
        self.panel.status.setText(tr("Written: {path}", self.lang, path=path))
        self.finished.emit(kind, path, True)

    def _on_failed(self, kind: str, path: str, why: str) -> None:
        from PyQt6.QtWidgets import QMessageBox

        text = tr("Could not write {path}: {why}. Choose another folder.", self.lang, path=path, why=why)
        self.panel.status.setStyleSheet("color: #e66;")
        self.panel.status.setText(text)
        self.finished.emit(kind, path, False)
        if self.panel.isVisible() and not self.quiet:
            QMessageBox.warning(self.panel, tr("Export", self.lang), text)
