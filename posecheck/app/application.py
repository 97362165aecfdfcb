"""Builds the QApplication and the main window: ``posecheck`` / ``posecheck app [--video F] [--exercise ID]``.

OpenCV's wheel sets ``QT_QPA_PLATFORM_PLUGIN_PATH`` to its own Qt plugins when ``cv2`` is imported,
which makes PyQt6 fail with "could not load the Qt platform plugin". :func:`prepare_qt_environment`
imports cv2 first and then removes that variable, before any QApplication exists.

Environment for headless runs (tests, the benchmark): ``POSECHECK_QUIT_WHEN_DONE=1`` quits when the
video's session has been saved; ``POSECHECK_CONFIG_DIR`` / ``POSECHECK_DATA_DIR`` move settings and sessions.
"""

from __future__ import annotations

import os
import sys

from posecheck.i18n import languages

__all__ = ["main", "prepare_qt_environment", "run_app"]


def prepare_qt_environment() -> None:
    import cv2  # noqa: F401  (import first: it sets the variable we remove next)

    path = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "")
    if path and "cv2" in path:
        del os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"]


def run_app(args) -> int:
    from posecheck.session.private_files import use_private_umask

    use_private_umask()  # the session library is health data (the CLI does this too; other launchers may not)
    prepare_qt_environment()
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.qt_main_window import QtMainWindow
    from posecheck.app.settings import Settings
    from posecheck.errors import UnknownExerciseError
    from posecheck.exercises.loader import load_catalogue
    catalogue = load_catalogue()
    exercise = getattr(args, "exercise", None)
    if exercise and exercise not in catalogue:
        raise UnknownExerciseError(exercise, list(catalogue))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("posecheck")
    settings = Settings.load()
    if getattr(args, "pose_workers", None) is not None:  # `posecheck app --pose-workers N` (kept only if the settings are saved)
        settings.pose_workers = args.pose_workers
    if "--lang" in sys.argv and getattr(args, "lang", None) in languages():
        settings.language = args.lang
    # Sessions a crash left unfinished are finished and indexed now, beside the window: finishing one
    # replays its last set through the engine (seconds for a long set), which must not delay the coach.
    from posecheck.app.call_worker import CallWorker

    refresh = CallWorker(_refresh_library, settings.storage_path, parent=app)  # referenced until exec() returns
    refresh.start()
    speed = float(os.environ.get("POSECHECK_REPLAY_SPEED", "1") or 1)
    win = QtMainWindow(catalogue, settings, speed=speed)
    win.show()
    if exercise:
        win.picker.select(exercise)
    if not settings.safety_confirmed and not getattr(args, "video", None):
        from PyQt6.QtCore import QTimer

        QTimer.singleShot(0, win.ensure_safety)  # first run: the red-flag check, over the window
    if getattr(args, "video", None):
        if os.environ.get("POSECHECK_QUIT_WHEN_DONE"):
            win.session_finished.connect(lambda _folder: app.quit())
        ids = [exercise] if exercise else win.picker.routine_ids()[:1] or list(catalogue)[:1]  # the programme's first
        if not win.start_session(ids, args.video):
            return 1
    return app.exec()


def _refresh_library(library) -> None:
    """Index sessions a crash left unindexed and finish those it left unfinished (both safe to cut short:
    the next start does the rest)."""
    from posecheck.session.index import SessionIndex

    try:
        index = SessionIndex(library)
        try:
            index.rebuild(only_missing=True)
        finally:
            index.close()
    except Exception as e:  # noqa: BLE001 (an index problem must not stop the coach)
        print(f"posecheck: session index not rebuilt: {e}", file=sys.stderr)


def main() -> int:
    """Entry point for a ``[project.gui-scripts]`` launcher (no console window on Windows)."""
    from argparse import Namespace

    from posecheck.errors import PosecheckError

    from posecheck.native_logs import filter_native_logs

    filter_native_logs()  # MediaPipe's C++ log lines off the terminal (posecheck/native_logs.py)
    try:
        return run_app(Namespace(video=None, exercise=None, lang=None))
    except PosecheckError as e:
        print(f"posecheck: error: {e}", file=sys.stderr)
        return e.exit_code
