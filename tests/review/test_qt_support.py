"""Helpers for the Qt review tests: real session folders recorded through the app's own window.

:func:`recorded_session` runs :class:`QtMainWindow` on a synthetic bridge video with the pose model
replaced by the stored landmarks (``tests/app/scene.py``), exactly as ``tests/app`` does, so the
folder has what the app writes: ``meta.json``, ``events.jsonl``, ``poses.npz`` and a Motion-JPEG
``video.avi`` whose frames line up with the landmarks. Each kind is recorded once per test run and
copied into the test's own folder, because tests write notes and exports into it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

import atexit  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1] / "app"))

from scene import bridge_sequence, plank_sequence, write_video  # noqa: E402  (tests/app/scene.py)

pytestmark = pytest.mark.gui

_ROOT = Path(tempfile.mkdtemp(prefix="posecheck-qt-review-"))
atexit.register(shutil.rmtree, _ROOT, True)
# kind: (exercise, landmark sequence maker)
SESSIONS = {
    "arched": ("glute_bridge", lambda: bridge_sequence(3, arch_deg=25.0)),
    "clean": ("glute_bridge", lambda: bridge_sequence(2, arch_deg=0.0)),
    # 5 s straight, 3 s sagging (the fault; the hold pauses), 5 s straight again.
    "plank": ("plank", lambda: plank_sequence([(1.5, 0.0), (5.0, 0.0), (3.0, 30.0), (5.0, 0.0)])),
}


@lru_cache(maxsize=None)
def recorded_session(kind: str) -> Path:
    """The session folder of one app run on the ``kind`` clip (see :data:`SESSIONS`)."""
    from PyQt6.QtCore import QEventLoop, QTimer
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.cues import CuePlayer
    from posecheck.app.qt_main_window import QtMainWindow
    from posecheck.app.settings import Settings
    from posecheck.exercises.loader import load_catalogue
    from posecheck.pose.fake_backend import FakePoseBackend

    exercise_id, make = SESSIONS[kind]
    app = QApplication.instance() or QApplication([])
    seq = make()
    video = write_video(seq, _ROOT / f"{kind}.mp4")
    settings = Settings(language="en", safety_confirmed=True, storage_dir=str(_ROOT / f"library-{kind}"))
    win = QtMainWindow(load_catalogue(), settings, backend_factory=lambda: FakePoseBackend(seq),
                       cues=CuePlayer("en", enable_audio=False), save_settings=False, speed=8.0)
    loop, done = QEventLoop(), []
    win.session_finished.connect(lambda folder: (done.append(folder), loop.quit()))
    QTimer.singleShot(60_000, loop.quit)
    assert win.start_session([exercise_id], str(video))
    loop.exec()
    win.presenter.shutdown()
    win.close()
    win.deleteLater()
    app.processEvents()
    assert done and done[0], "the app did not finish recording the session"
    return Path(done[0])


def copy_session(kind: str, dest: Path) -> Path:
    """A private copy of a recorded session, inside a library folder of its own (``dest``)."""
    src = recorded_session(kind)
    out = dest / src.name
    shutil.copytree(src, out)
    return out


def test_the_recorded_session_has_video_landmarks_and_events(tmp_path):
    from posecheck.session.store import open_session

    s = open_session(copy_session("arched", tmp_path))
    assert s.complete and s.video is not None and s.poses is not None
    assert sum(e["type"] == "RepCompleted" for e in s.events) == 3
    assert sum(e["type"] == "FaultRaised" for e in s.events) >= 1
