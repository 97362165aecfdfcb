"""QtMainWindow: the exercise picker and the live view in one window, with menus for video and settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QUrl, pyqtSignal
from PyQt6.QtGui import QAction, QDesktopServices
from PyQt6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.cues import CuePlayer
from posecheck.app.live_presenter import LivePresenter
from posecheck.app.qt_dialogs import QtNotAdvisedBox, QtSafetyDialog, QtSettingsDialog
from posecheck.app.settings import Settings
from posecheck.i18n import tr
from posecheck.app.widgets.qt_close_plots import close_plots
from posecheck.app.widgets.qt_exercise_picker import QtExercisePicker
from posecheck.app.widgets.qt_live_view import QtLiveView
from posecheck.capture.sources import VIDEO_SUFFIXES, is_camera_spec, open_source
from posecheck.exercises.schema import ExerciseDef
from posecheck.routines.loader import routines_for
from posecheck.routines.schema import Routine

__all__ = ["QtMainWindow"]


class QtMainWindow(QMainWindow):
    session_finished = pyqtSignal(str)

    def __init__(self, catalogue: dict[str, ExerciseDef], settings: Settings,
                 backend_factory: Callable[[], object] | None = None, speed: float = 1.0,
                 cues: CuePlayer | None = None, save_settings: bool = True, source_opener: Callable | None = None,
                 routines: dict[str, Routine] | None = None):
        super().__init__()
        self.catalogue, self.settings, self.save_settings = catalogue, settings, save_settings
        self.routines = routines if routines is not None else routines_for(catalogue)
        self.resize(1200, 760)
        self.stack = QStackedWidget()
        self.picker = QtExercisePicker(catalogue, settings.language, self.routines, settings.programme)
        live_page = QWidget()
        lay = QVBoxLayout(live_page)
        lay.setContentsMargins(0, 0, 0, 0)
        self.live = QtLiveView()
        lay.addWidget(self.live)
        self.back_button = QPushButton()
        self.back_button.hide()
        lay.addWidget(self.back_button)
        self.stack.addWidget(self.picker)
        self.stack.addWidget(live_page)
        self.setCentralWidget(self.stack)
        self.presenter = LivePresenter(self.live, catalogue, settings, backend_factory=backend_factory,
                                       cues=cues, speed=speed, source_opener=source_opener or open_source)
        self.picker.start_camera.connect(lambda choice: self.start_choice(choice, settings.camera_index))
        self.picker.start_video.connect(self._on_open_video)
        self.picker.programme_changed.connect(self._on_programme_changed)
        self.presenter.open_video_requested.connect(lambda: self._on_open_video(self._last_choice))
        self.presenter.session_finished.connect(self._on_session_finished)
        self.back_button.clicked.connect(self._on_back)
        self._last_choice = ""
        self.review_window = None
        self._build_menu()
        self.retranslate()

    # ---- sessions
    def start_choice(self, choice: str, source: str | int) -> bool:
        """Start what the picker offers: a routine with its doses, or one exercise (asking first when the
        person's programme advises against it)."""
        routine = self.picker.routine_of(choice)
        if routine is not None:
            return self.start_session(routine.exercise_ids, source, doses=[i.dose for i in routine.items],
                                      rest_between_s=routine.rest_between_exercises_s)
        if choice not in self.catalogue or not self.confirm_advised(choice):
            return False
        return self.start_session([choice], source)

    def confirm_advised(self, exercise_id: str) -> bool:
        """True unless the person's programme advises against the exercise and the person, told why, does
        not want to go on."""
        programme = self.picker.programme_routine()
        avoid = programme.avoid_for(exercise_id) if programme is not None else None
        if avoid is None:
            return True
        lang = self.settings.language
        box = QtNotAdvisedBox(lang, self.catalogue[exercise_id].name.get(lang), programme.name.get(lang), avoid, self)
        return box.exec() == QtNotAdvisedBox.StandardButton.Yes

    def start_session(self, exercise_ids: list[str], source: str | int, doses: list | None = None,
                      rest_between_s: float | None = None) -> bool:
        # The red-flag check is about the person who is about to train in front of the camera. A video is
        # a replay of a recording, not a training session, and may run with nobody at a screen to answer
        # (`posecheck app --video`): it is not asked for, and someone with a red flag can still replay one.
        if is_camera_spec(source) and not self.ensure_safety():
            return False
        self.back_button.hide()
        self.stack.setCurrentIndex(1)
        self.presenter.start(exercise_ids, source, doses=doses, rest_between_s=rest_between_s)
        return True

    def _on_programme_changed(self, routine_id: str) -> None:
        self.settings.programme = routine_id
        self._save()

    def _on_open_video(self, choice: str) -> None:
        self._last_choice = choice or self.picker.current_id()
        pattern = " ".join(f"*{s}" for s in VIDEO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a video…", self.settings.language), str(Path.home()),
                                              f"Video ({pattern})")
        if path:
            self.presenter.shutdown()
            self.start_choice(self._last_choice, path)

    def _on_session_finished(self, folder: str) -> None:
        self.back_button.show()
        self.session_finished.emit(folder)

    def _on_back(self) -> None:
        self.presenter.shutdown()
        self.back_button.hide()
        self.stack.setCurrentIndex(0)

    # ---- safety, settings, menus
    def ensure_safety(self) -> bool:
        if self.settings.safety_confirmed:
            return True
        dlg = QtSafetyDialog(self.settings.language, self)
        if dlg.exec() == QtSafetyDialog.DialogCode.Accepted:
            self.settings.safety_confirmed = True
            self._save()
            return True
        QMessageBox.information(self, tr("Before you start", self.settings.language),
                                tr("Please see your GP or a physiotherapist before training. You can still look at the exercises.", self.settings.language))
        return False

    def _build_menu(self) -> None:
        self.menu_file = self.menuBar().addMenu("")
        self.act_open = QAction(self)
        self.act_open.triggered.connect(lambda: self._on_open_video(self.picker.current_id()))
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.edit_settings)
        self.act_library = QAction(self)
        self.act_library.triggered.connect(self._open_library)
        self.act_review = QAction(self)
        self.act_review.triggered.connect(self.open_review)
        self.act_export = QAction(self)
        self.act_export.triggered.connect(self.export_for_physio)
        self.act_quit = QAction(self)
        self.act_quit.triggered.connect(self.close)
        for a in (self.act_open, self.act_settings, self.act_library, self.act_export, self.act_quit):
            self.menu_file.addAction(a)
        self.menu_file.insertAction(self.act_library, self.act_review)
        # Also on the menu bar itself: the physiotherapist should not have to hunt for it.
        self.menuBar().addAction(self.act_review)

    def edit_settings(self) -> None:
        dlg = QtSettingsDialog(self.settings, self)
        if dlg.exec() != QtSettingsDialog.DialogCode.Accepted:
            return
        dlg.apply_to(self.settings)
        self._save()
        self.presenter.cues.set_volume(self.settings.cue_volume, self.settings.muted)
        self.retranslate()

    def _open_library(self) -> None:
        folder = self.settings.storage_path
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def export_for_physio(self):
        """Pack a session (the newest is preselected) into one .zip that the physiotherapist imports in
        the review window. The zip is written on a worker thread: with its video it can be hundreds of MB."""
        from posecheck.app.call_worker import CallWorker
        from posecheck.review.archive import export_session_archive
        from posecheck.session.store import list_sessions

        lang = self.settings.language
        library = self.settings.storage_path
        sessions = list_sessions(library)
        start = sessions[-1] if sessions else library
        folder = QFileDialog.getExistingDirectory(self, tr("Choose the session to send", lang), str(start))
        if not folder:
            return None
        out, _ = QFileDialog.getSaveFileName(self, tr("Save the session as", lang),
                                             str(Path.home() / f"{Path(folder).name}.zip"), "Zip (*.zip)")
        if not out:
            return None
        out = out if out.lower().endswith(".zip") else out + ".zip"
        worker = CallWorker(export_session_archive, Path(folder), Path(out), lang=lang, parent=self)
        worker.succeeded.connect(lambda path: QMessageBox.information(
            self, tr("Session exported", lang), tr("Saved as {path} ({mb:.1f} MB). Send this file to your physiotherapist.", lang, path=str(path), mb=path.stat().st_size / 1e6)))
        worker.failed.connect(lambda why: QMessageBox.warning(self, tr("The session was not exported", lang), why))
        worker.finished.connect(worker.deleteLater)
        self._export_worker = worker  # kept until it finishes (a QThread must not be collected while it runs)
        worker.start()
        return worker

    def open_review(self) -> None:
        """The review window (session library and workstation), one per main window."""
        from posecheck.app.review.qt_review_window import QtReviewWindow

        if self.review_window is None:
            self.review_window = QtReviewWindow(self.catalogue, self.settings)
        self.review_window.retranslate(self.settings.language)
        self.review_window.show_library()
        self.review_window.show()
        self.review_window.raise_()

    def retranslate(self) -> None:
        lang = self.settings.language
        self.setWindowTitle(tr("posecheck: exercise coach for your lower back", lang))
        self.menu_file.setTitle(tr("&File", lang))
        self.act_open.setText(tr("Open a video…", lang))
        self.act_settings.setText(tr("Settings…", lang))
        self.act_library.setText(tr("Open the session folder", lang))
        self.act_review.setText(tr("Review sessions…", lang))
        self.act_export.setText(tr("Export a session for your physiotherapist…", lang))
        if self.review_window is not None:
            self.review_window.retranslate(lang)
        self.act_quit.setText(tr("Quit", lang))
        self.back_button.setText(tr("Back to the exercises", lang))
        self.picker.retranslate(lang)
        self.presenter.retranslate(lang)

    def _save(self) -> None:
        if self.save_settings:
            try:
                self.settings.save()
            except OSError:
                pass

    def closeEvent(self, event):
        if self.review_window is not None:
            self.review_window.close()
        self.presenter.shutdown()
        close_plots(self)
        super().closeEvent(event)

