"""Runs the app's main window on a synthetic bridge video with replayed landmarks (no model), at real
speed, recording into $POSECHECK_DATA_DIR. Used by the kill test as a subprocess:
``python headless_session.py VIDEO REPS``."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

from PyQt6.QtWidgets import QApplication  # noqa: E402

from posecheck.app.cues import CuePlayer  # noqa: E402
from posecheck.app.qt_main_window import QtMainWindow  # noqa: E402
from posecheck.app.settings import Settings  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402
from posecheck.pose.fake_backend import FakePoseBackend  # noqa: E402
from scene import bridge_sequence  # noqa: E402


def main() -> int:
    video, reps = sys.argv[1], int(sys.argv[2])
    app = QApplication([])
    seq = bridge_sequence(reps)
    win = QtMainWindow(load_catalogue(), Settings(language="en", safety_confirmed=True),
                       backend_factory=lambda: FakePoseBackend(seq), cues=CuePlayer("en", enable_audio=False),
                       save_settings=False)
    win.session_finished.connect(lambda folder: app.quit())
    win.show()
    win.start_session(["glute_bridge"], video)
    print("started", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
