"""``posecheck review [SESSION_FOLDER | VIDEO] [--exercise ID]``: the review window on its own.

No path: the library. A session folder (it holds ``meta.json``): its workstation. A video file: it
is analysed on open (``--exercise`` names the exercise; without it the window asks). A path that
is neither is refused before any window opens, with what to do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from posecheck.errors import PosecheckError, SourceError, UnknownExerciseError
from posecheck.i18n import languages

__all__ = ["run_review"]


def _check_target(path: Path | None, exercise: str | None, catalogue) -> str:
    """'library', 'session' or 'video' (raises for anything else)."""
    from posecheck.capture.sources import VIDEO_SUFFIXES
    from posecheck.session.store import META_FILE

    if exercise and exercise not in catalogue:
        raise UnknownExerciseError(exercise, list(catalogue))
    if path is None:
        return "library"
    if not path.exists():
        raise SourceError(f"{path} does not exist", "Give a session folder (it holds meta.json) or a video file")
    if path.is_dir():
        if not (path / META_FILE).is_file():
            raise PosecheckError(f"{path} is not a posecheck session (no {META_FILE})",
                                 "Give a session folder from the library, or run `posecheck review` to choose one")
        return "session"
    if path.suffix.lower() not in VIDEO_SUFFIXES:
        raise SourceError(f"{path.name} is not a video file", f"Use one of: {', '.join(VIDEO_SUFFIXES)}")
    return "video"


def run_review(path: str | None = None, exercise: str | None = None, lang: str | None = None,
               model: str | None = None) -> int:
    from posecheck.app.application import prepare_qt_environment
    from posecheck.exercises.loader import load_catalogue

    catalogue = load_catalogue()
    target = Path(path) if path else None
    kind = _check_target(target, exercise, catalogue)
    prepare_qt_environment()
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.review.qt_review_window import QtReviewWindow
    from posecheck.app.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("posecheck")
    settings = Settings.load()
    if lang in languages():
        settings.language = lang
    if model in ("lite", "full", "heavy"):
        settings.model_variant = model
    win = QtReviewWindow(catalogue, settings)
    win.show()
    win.refresh_library()
    if kind == "session":
        win.open_session(target)
    elif kind == "video":
        ex_id = exercise or win.ask_exercise()
        if not ex_id:
            return 1
        win.open_video(target, ex_id)
    if os.environ.get("POSECHECK_QUIT_WHEN_DONE"):  # headless checks: quit once the review is on screen
        win.review_opened.connect(lambda _p: app.quit())
        win.problem_shown.connect(lambda title, text: (print(f"posecheck: {title}: {text}", file=sys.stderr),
                                                       app.exit(1)))
        if kind == "library":
            from PyQt6.QtCore import QTimer

            QTimer.singleShot(0, app.quit)
    return app.exec()
