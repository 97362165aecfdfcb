"""QtReviewWindow: the physiotherapist's window: the session library and the review workstation.

Everything slow runs off the UI thread: opening a session (:class:`CallWorker` with
:func:`load_for_review`), analysing a video on open (:class:`VideoAnalysisWorker`, with a progress
dialog), importing a folder or archive (:class:`CallWorker` with the core ``import_session``), the
library's progress charts (the page's :class:`ProgressLoader` with :func:`progress_series`).
Problems are shown in a (non-blocking) message box in the chosen language; the box stays in
:attr:`message_box` so tests can read it.
"""

from __future__ import annotations


from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox, QProgressDialog, QStackedWidget

from posecheck.app.review.workstation.analysis_worker import VideoAnalysisWorker, mediapipe_backend_factory
from posecheck.app.call_worker import CallWorker
from posecheck.app.review.library.progress_adapter import progress_series
from posecheck.app.review.library.qt_library import QtLibraryPage
from posecheck.app.review.workstation.qt_workstation import QtReviewWorkstation
from posecheck.app.review.workstation.review_presenter import ReviewPresenter
from posecheck.app.settings import Settings
from posecheck.i18n import tr
from posecheck.capture.sources import VIDEO_SUFFIXES
from posecheck.exercises.schema import ExerciseDef

__all__ = ["QtReviewWindow", "load_for_review"]


def load_for_review(folder: str | Path):
    """(Review, PoseSequence or None) of a session folder: the core's review plus the landmarks the
    skeleton is drawn from (the Review does not carry them)."""
    from posecheck.review.model import load_review
    from posecheck.session.store import read_poses

    review = load_review(folder)
    try:
        poses = read_poses(folder)
    except (OSError, ValueError, KeyError):
        poses = None  # the review already warns that the landmarks are unreadable
    return review, poses


def _import(src: str, library: str) -> Path:
    from posecheck.review.archive import import_session

    return import_session(src, library)


def _warm_up_imports() -> None:
    import scipy.signal  # noqa: F401


class QtReviewWindow(QMainWindow):
    review_opened = pyqtSignal(object)  # the ReviewPresenter
    import_finished = pyqtSignal(bool, str)  # ok, the imported folder's name or the message shown
    library_loaded = pyqtSignal()
    problem_shown = pyqtSignal(str, str)  # title, text

    def __init__(self, catalogue: dict[str, ExerciseDef], settings: Settings,
                 backend_factory: Callable[[], object] | None = None, parent=None):
        super().__init__(parent)
        self.catalogue, self.settings = catalogue, settings
        self.lang = settings.language
        self.backend_factory = backend_factory  # None: MediaPipe with the settings' model (masks where needed)
        self.resize(1440, 900)
        # The zero-phase smoothing of the review's series needs scipy.signal, about a second to import:
        # import it now, off the UI thread, while the clinician is still choosing a session.
        self._workers: list = []
        self._start(CallWorker(_warm_up_imports, parent=self))
        self.stack = QStackedWidget()
        names = {ex_id: {"en": ex.name.en, "nl": ex.name.nl} for ex_id, ex in catalogue.items()}
        self.library = QtLibraryPage(names, {ex_id for ex_id, ex in catalogue.items() if ex.per_side})
        self.library.progress_for = lambda ex_id, since, until: progress_series(self.library_path, ex_id, since, until)
        self.stack.addWidget(self.library)
        self.setCentralWidget(self.stack)
        self.workstation: QtReviewWorkstation | None = None
        self.presenter: ReviewPresenter | None = None
        self.message_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        lib = self.library
        lib.open_requested.connect(lambda name: self.open_session(self.library_path / name))
        lib.import_folder_button.clicked.connect(self._ask_import_folder)
        lib.import_archive_button.clicked.connect(self._ask_import_archive)
        lib.open_video_button.clicked.connect(self._ask_open_video)
        self.retranslate(self.lang)

    @property
    def library_path(self) -> Path:
        return self.settings.storage_path

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.setWindowTitle(tr("posecheck: review", lang))
        self.library.retranslate(lang)
        if self.presenter is not None:
            self.presenter.retranslate(lang)

    # ------------------------------------------------------------------ library
    def refresh_library(self) -> None:
        from posecheck.session.index import SessionIndex

        try:
            idx = SessionIndex(self.library_path)
            try:
                idx.rebuild(only_missing=True)  # sessions a crash (or a copy by hand) left unindexed
                sessions = idx.sessions()
            finally:
                idx.close()
        except Exception as e:  # noqa: BLE001 (an unreadable index must not hide the window)
            self._problem(tr("Session library", self.lang), str(e))
            sessions = []
        self.library.set_sessions(sessions)
        self.library_loaded.emit()

    def show_library(self) -> None:
        self._close_review()
        self.refresh_library()
        self.stack.setCurrentWidget(self.library)

    # ------------------------------------------------------------------ opening
    def open_session(self, folder: str | Path) -> CallWorker:
        worker = CallWorker(load_for_review, Path(folder), lang=self.lang, parent=self)
        worker.succeeded.connect(lambda result: self._show_review(*result, from_library=True))
        worker.failed.connect(lambda why: self._problem(tr("Cannot open the session", self.lang), why))
        return self._start(worker)

    def open_video(self, path: str | Path, exercise_id: str) -> VideoAnalysisWorker:
        ex = self.catalogue.get(exercise_id)
        backend = self.backend_factory or mediapipe_backend_factory(
            self.settings.model_variant, outlines=bool(ex and ex.needs_outline))
        worker = VideoAnalysisWorker(path, exercise_id, backend, self,
                                     pose_workers=self.settings.pose_workers)
        dlg = QProgressDialog(tr("Analysing {name}…", self.lang, name=Path(path).name), tr("Cancel", self.lang), 0, 100, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.canceled.connect(worker.cancel)
        self.progress = dlg
        worker.progress.connect(self._on_progress)
        worker.finished_ok.connect(lambda result: self._show_review(*result, from_library=False))
        worker.failed.connect(self._on_analysis_failed)
        worker.finished.connect(dlg.reset)
        dlg.show()
        return self._start(worker)

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is None:
            return
        if total:
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))
        else:  # unknown length: a busy bar
            self.progress.setMaximum(0)

    def _on_analysis_failed(self, why: str) -> None:
        if why:  # empty: cancelled by the person, nothing to say
            self._problem(tr("Cannot analyse the video", self.lang), tr("{why}", self.lang, why=why))

    def _show_review(self, review, poses, from_library: bool) -> None:
        self._close_review()
        self.workstation = QtReviewWorkstation()
        self.presenter = ReviewPresenter(self.workstation, review, poses, self.lang, self)
        self.workstation.back_button.setVisible(True)
        self.workstation.back_button.clicked.connect(self.show_library)
        self.stack.addWidget(self.workstation)
        self.stack.setCurrentWidget(self.workstation)
        self.workstation.setFocus()
        self.review_opened.emit(self.presenter)

    def _close_review(self) -> None:
        if self.presenter is not None:
            self.presenter.shutdown()
            self.presenter.deleteLater()
            self.presenter = None
        if self.workstation is not None:
            self.stack.removeWidget(self.workstation)
            self.workstation.deleteLater()
            self.workstation = None

    # ------------------------------------------------------------------ import
    def import_source(self, src: str | Path) -> CallWorker:
        worker = CallWorker(_import, str(src), str(self.library_path), lang=self.lang, parent=self)
        worker.succeeded.connect(self._on_imported)
        worker.failed.connect(self._on_import_refused)
        return self._start(worker)

    def _on_imported(self, folder: Path) -> None:
        self.refresh_library()
        self.statusBar().showMessage(tr("Imported: {name}", self.lang, name=Path(folder).name), 8000)
        self.import_finished.emit(True, Path(folder).name)

    def _on_import_refused(self, why: str) -> None:
        text = tr("This session was not imported: {why}\n\nNothing was written. Ask the patient to send the whole session folder again (or a .zip of it).", self.lang, why=why)
        self._problem(tr("Import refused", self.lang), text)
        self.import_finished.emit(False, text)

    # ------------------------------------------------------------------ dialogs
    def _ask_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("Import a session folder…", self.lang), str(Path.home()))
        if path:
            self.import_source(path)

    def _ask_import_archive(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import an archive (.zip, .tar.gz)…", self.lang), str(Path.home()),
                                              "Archive (*.zip *.tar *.tar.gz *.tgz)")
        if path:
            self.import_source(path)

    def _ask_open_video(self) -> None:
        pattern = " ".join(f"*{s}" for s in VIDEO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a video for review…", self.lang), str(Path.home()),
                                              f"Video ({pattern})")
        if not path:
            return
        exercise_id = self.ask_exercise()
        if exercise_id:
            self.open_video(path, exercise_id)

    def ask_exercise(self) -> str | None:
        ids = list(self.catalogue)
        labels = [self.catalogue[i].name.get(self.lang) for i in ids]
        label, ok = QInputDialog.getItem(self, tr("Open a video for review…", self.lang), tr("Which exercise is in this video?", self.lang),
                                         labels, 0, False)
        return ids[labels.index(label)] if ok and label in labels else None

    def _problem(self, title: str, text: str) -> None:
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()  # not exec(): the event loop (and any worker's signals) keeps running
        self.message_box = box
        self.problem_shown.emit(title, text)

    def _start(self, worker):
        self._workers.append(worker)
        worker.finished.connect(lambda w=worker: self._workers.remove(w) if w in self._workers else None)
        worker.start()
        return worker

    def closeEvent(self, event):
        self._close_review()
        self.library.shutdown()  # a late progress answer must not paint into a closed window
        for w in list(self._workers):
            if hasattr(w, "cancel"):
                w.cancel()
            w.wait(10000)
        super().closeEvent(event)
