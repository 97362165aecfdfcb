"""Runs the app's main window on a synthetic bridge video with replayed landmarks (no model), at real
speed, recording into $POSECHECK_DATA_DIR. Used as a subprocess by the kill test
(``python headless_session.py VIDEO REPS``), the Xvfb window test (``… --shot PNG --speed 4``:
saves a screenshot of the window once the first rep is counted, then quits) and the network test
(``… --real-model lite``: the real MediaPipe model on the video, through the live worker and recorder).
``--landmarks NPZ --exercise ID`` replays other landmarks; ``--progress FILE`` tells a kill test how far the
model got.

QT_QPA_PLATFORM defaults to offscreen; set it to ``xcb`` for a real window on an X server."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from posecheck.app.application import prepare_qt_environment

prepare_qt_environment()

from PyQt6.QtWidgets import QApplication
from scene import bridge_sequence

from posecheck.app.cues import CuePlayer
from posecheck.app.qt_main_window import QtMainWindow
from posecheck.app.settings import Settings
from posecheck.exercises.loader import load_catalogue
from posecheck.landmarks import PoseSequence
from posecheck.pose.fake_backend import FakePoseBackend


def _reporting_progress(make_backend, path: str):
    """Wraps the backend so that every detection overwrites ``path`` with the frame's index: a page-cache
    write, which survives a SIGKILL, so the kill test knows how far the app had got."""
    def make():
        backend = make_backend()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        detect = backend.detect

        def detect_and_report(image_rgb, t_ms, index):
            pose = detect(image_rgb, t_ms, index)
            os.pwrite(fd, b"%10d" % index, 0)
            return pose

        backend.detect = detect_and_report
        return backend
    return make


def main() -> int:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("video")
    p.add_argument("reps", type=int, nargs="?", default=3, help="the bridge scene's reps (without --landmarks)")
    p.add_argument("--shot")
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--real-model", metavar="VARIANT",
                   help="run the real MediaPipe model on the video instead of replayed landmarks (network test)")
    p.add_argument("--landmarks", help="replay these landmarks (.npz, PoseSequence.save) instead of the bridge scene")
    p.add_argument("--exercise", default="glute_bridge")
    p.add_argument("--progress", help="keep the index of the last frame the model saw in this file (kill tests)")
    args = p.parse_args()
    app = QApplication([])
    if args.real_model:
        from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
        from posecheck.pose.model_files import resolve_model

        model = resolve_model(args.real_model)
        backend_factory = lambda: MediaPipePoseBackend(model)  # noqa: E731
    else:
        seq = PoseSequence.load(args.landmarks) if args.landmarks else bridge_sequence(args.reps)
        backend_factory = lambda: FakePoseBackend(seq)  # noqa: E731
    if args.progress:
        backend_factory = _reporting_progress(backend_factory, args.progress)
    win = QtMainWindow(load_catalogue(), Settings(language="en", safety_confirmed=True),
                       backend_factory=backend_factory, cues=CuePlayer("en", enable_audio=False),
                       save_settings=False, speed=args.speed)
    win.session_finished.connect(lambda folder: app.quit())
    if args.shot:
        def shoot(n):
            win.grab().save(args.shot)
            print(f"platform {app.platformName()} shot {args.shot}", flush=True)
            app.quit()
        win.presenter.rep_counted.connect(shoot)
    win.resize(1100, 700)
    win.show()
    win.start_session([args.exercise], args.video)
    print("started", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
