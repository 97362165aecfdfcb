"""Memory over a long live set: an hour of plank through the live path, fast-forwarded, RSS per minute.

The real main window, presenter, worker thread, recorder (landmarks, events and the Motion-JPEG video
on disk) and cue player run one plank set that never completes (the prescription is set to a day), fed
by a video source that plays the rendered sagging-plank fixture in a loop and by its MediaPipe
landmarks (replayed, so the model's own memory is not measured). The source is a file source, paced at
``--speed`` times real time. Every simulated minute the process's resident memory (RSS) is sampled.

Goal (issue 14): after the first minute, RSS stays within 20 MB of the first minute's figure. The
recorder's losses are printed too: when the disk cannot keep up with the fast-forward, lost frames
would hide growth in the writer, so a valid soak shows none.

Usage (Linux: RSS comes from /proc):

    python benchmarks/soak.py [--minutes 60] [--speed 20] [--size 320x240]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "plank__hips_sagging__side__a.mp4"
LANDMARKS = REPO / "tests" / "fixtures" / "landmarks" / "plank__hips_sagging__side__a.npz"
GOAL_MB = 20.0


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class LoopedVideo:
    """A file source (paced by the worker like any video) that plays a clip's frames in a loop with
    timestamps running on, for ``minutes`` of simulated time. Frames are decoded once up front."""

    is_live = False

    def __init__(self, path: Path, size: tuple[int, int], minutes: float):
        import cv2

        from posecheck.capture.sources import VideoFileSource

        src = VideoFileSource(path)
        self.fps, self.size = src.fps, size
        self._images = [cv2.resize(f.image_bgr, size, interpolation=cv2.INTER_AREA) for f in src]
        src.close()
        self._frames = int(minutes * 60 * self.fps)
        self._stopped = False

    def __iter__(self):
        from posecheck.capture.sources import Frame

        for i in range(self._frames):
            if self._stopped:
                return
            # Each frame owns its picture (the recorder and the UI keep it): a copy, as a decoder makes.
            yield Frame(self._images[i % len(self._images)].copy(), round(i * 1000 / self.fps), i)

    def close(self) -> None:
        self._stopped = True


class LoopedLandmarks:
    """The clip's landmarks for frame ``index``, in the same loop as :class:`LoopedVideo`."""

    variant, sha256 = "replay", ""

    def __init__(self, path: Path):
        from posecheck.landmarks import PoseSequence

        self.seq = PoseSequence.load(path)

    def detect(self, image_rgb, t_ms: int, index: int):
        return dataclasses.replace(self.seq.frame(index % len(self.seq)), t_ms=t_ms, index=index)

    def close(self) -> None:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=60.0, help="simulated length of the set")
    ap.add_argument("--speed", type=float, default=20.0, help="times real time")
    ap.add_argument("--size", default="320x240", help="frame size WxH (the clip is scaled to it)")
    ap.add_argument("--keep", action="store_true", help="keep the recorded session folder")
    args = ap.parse_args()
    size = tuple(int(x) for x in args.size.lower().split("x"))

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="posecheck-soak-"))
    os.environ["POSECHECK_CONFIG_DIR"] = str(work / "config")
    os.environ["POSECHECK_DATA_DIR"] = str(work / "data")
    sys.path.insert(0, str(REPO))
    from posecheck.app.application import prepare_qt_environment

    prepare_qt_environment()
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.cues import CuePlayer
    from posecheck.app.qt_main_window import QtMainWindow
    from posecheck.app.settings import Settings
    from posecheck.exercises.loader import load_catalogue

    app = QApplication([])
    catalogue = load_catalogue()
    plank = catalogue["plank"]
    # One set that never completes: the whole run is a single live set, the case that used to grow.
    catalogue["plank"] = dataclasses.replace(
        plank, prescription=dataclasses.replace(plank.prescription, sets=1, hold_s=24 * 3600.0))
    source = LoopedVideo(FIXTURE, size, args.minutes)
    win = QtMainWindow(catalogue, Settings(language="en", safety_confirmed=True),
                       backend_factory=lambda: LoopedLandmarks(LANDMARKS), speed=args.speed,
                       cues=CuePlayer("en", enable_audio=False), save_settings=False,
                       source_opener=lambda spec: source)
    win.resize(1100, 700)
    win.show()

    samples: list[tuple[int, float, float]] = []  # (simulated minute, RSS MB, wall s)
    t0 = time.monotonic()
    state = {"next_min": 1, "folder": ""}

    def sample() -> None:
        worker = win.presenter.worker
        t_min = (worker.last_t_ms if worker else 0) / 60000.0
        while t_min >= state["next_min"]:
            samples.append((state["next_min"], rss_mb(), time.monotonic() - t0))
            print(f"minute {state['next_min']:3d}: RSS {samples[-1][1]:7.1f} MB  ({samples[-1][2]:5.0f} s)", flush=True)
            state["next_min"] += 1

    timer = QTimer()
    timer.timeout.connect(sample)
    timer.start(100)

    def finished(folder: str) -> None:
        state["folder"] = folder
        app.quit()

    win.session_finished.connect(finished)
    print(f"rss at start {rss_mb():.1f} MB; {args.minutes:g} simulated minutes at {args.speed:g}x, "
          f"{size[0]}x{size[1]}, recording into {work}", flush=True)
    win.start_session(["plank"], "looped-plank")
    app.exec()
    sample()
    wall_s = time.monotonic() - t0

    from posecheck.session.store import open_session

    s = open_session(state["folder"]) if state["folder"] else None
    meta = s.meta if s else {}
    video_mb = (Path(state["folder"]) / "video.avi").stat().st_size / 2**20 if state["folder"] else 0.0
    print()
    print(f"wall time {wall_s:.0f} s; frames {win.presenter.worker.frames_in if win.presenter.worker else 0}; "
          f"video {meta.get('video_frames', 0)} frames, {video_mb:.0f} MB; dropped pictures "
          f"{meta.get('video_frames_dropped', 0)}, lost landmark frames {meta.get('landmark_frames_lost', 0)}, "
          f"lost events {meta.get('events_lost', 0)}; events {len(s.events) if s else 0}")
    if len(samples) >= 2:
        after = [mb for _, mb, _ in samples]  # minute 1 onwards: start-up (imports, first buffers) is over
        spread = max(after) - min(after)
        n = len(after)
        slope = sum((m - (n + 1) / 2) * (mb - sum(after) / n) for m, mb in enumerate(after, 1)) / \
            sum((m - (n + 1) / 2) ** 2 for m in range(1, n + 1))
        print(f"RSS from minute 1 to {samples[-1][0]}: {min(after):.1f}..{max(after):.1f} MB, spread {spread:.1f} MB "
              f"(goal: within {GOAL_MB:g} MB), trend {slope * 60:+.1f} MB/hour, last {after[-1]:.1f} MB -> "
              f"{'flat' if spread <= GOAL_MB else 'GROWS'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
