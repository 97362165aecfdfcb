"""How the review workstation keeps up: opening a session, seeking, playback at 1x and 2x, the PDF.

    python benchmarks/review_ui.py [--minutes 5] [--fps 30] [--seeks 40] [--play-s 4]

Builds a synthetic session the way ``benchmarks/review_open.py`` does (real SessionWriter, engine per
set) and adds a Motion-JPEG ``video.avi`` with one picture per landmark frame (a stick figure drawn
from the landmarks, 640x480), as the app's recorder writes it. Then, offscreen:

- open: ``load_review`` + landmarks + building the workstation and its presenter (UI thread);
- seek: random seeks, each timed from ``seek()`` until that frame has been painted (the decoder
  thread reads it, the UI thread paints it): median and 95th percentile;
- playback: painted frames per second of source time at 1x and 2x for ``--play-s`` seconds (the
  recording's frame rate is the ceiling at 1x; frames the decoder could not deliver in time are
  skipped, not queued);
- PDF: the report with key frames, written by the export thread.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from review_open import build_session  # noqa: E402

from posecheck.landmarks import LANDMARK_INDEX, SKELETON_EDGES  # noqa: E402
from posecheck.session.store import VIDEO_FILE, read_poses  # noqa: E402

_EDGES = [(LANDMARK_INDEX[a], LANDMARK_INDEX[b]) for a, b in SKELETON_EDGES]


def write_video(folder: Path, fps: float, size=(640, 480)) -> int:
    seq = read_poses(folder)
    w, h = size
    vw = cv2.VideoWriter(str(folder / VIDEO_FILE), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(len(seq)):
        img = np.full((h, w, 3), (60, 50, 40), np.uint8)
        xyz = seq.xyz[i]
        if not np.isnan(xyz[0, 0]):
            for a, b in _EDGES:
                pa, pb = xyz[a, :2] * (w, h), xyz[b, :2] * (w, h)
                if np.isfinite([*pa, *pb]).all():
                    cv2.line(img, (int(pa[0]), int(pa[1])), (int(pb[0]), int(pb[1])), (200, 190, 180), 6)
        vw.write(img)
    vw.release()
    return len(seq)


def _wait(app, cond, timeout_s: float = 10.0) -> bool:
    end = time.perf_counter() + timeout_s
    while not cond():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--fps", type=float, default=30.0)
    ap.add_argument("--seeks", type=int, default=40)
    ap.add_argument("--play-s", type=float, default=4.0)
    args = ap.parse_args(argv)
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.review.workstation.qt_workstation import QtReviewWorkstation
    from posecheck.app.review.workstation.review_presenter import ReviewPresenter
    from posecheck.review.model import load_review

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "20260302-100000-glute_bridge"
        counts = build_session(folder, args.minutes, args.fps)
        t0 = time.perf_counter()
        frames = write_video(folder, args.fps)
        print(f"session: {args.minutes:g} min, {frames} frames, {counts['reps']} reps, {counts['faults']} faults "
              f"(video written in {time.perf_counter() - t0:.1f} s)")

        t0 = time.perf_counter()
        review, poses = load_review(folder), read_poses(folder)
        view = QtReviewWorkstation()
        view.resize(1440, 900)
        presenter = ReviewPresenter(view, review, poses, "en")
        view.show()
        app.processEvents()
        print(f"open (review + landmarks + workstation): {time.perf_counter() - t0:.2f} s")

        painted: list[int] = []
        presenter.frame_painted.connect(painted.append)
        _wait(app, lambda: painted)
        rng = random.Random(1)
        lat = []
        for _ in range(args.seeks):
            t_s = rng.uniform(presenter.playhead.start_s, presenter.playhead.end_s)
            painted.clear()
            t0 = time.perf_counter()
            presenter.seek(t_s)
            want = int(presenter._video_of_landmark[presenter.playhead.frame_index])  # the frame it asked for
            if _wait(app, lambda: want in painted):
                lat.append((time.perf_counter() - t0) * 1000)
        lat.sort()
        print(f"seek to painted frame: median {statistics.median(lat):.1f} ms, "
              f"p95 {lat[int(0.95 * (len(lat) - 1))]:.1f} ms ({len(lat)}/{args.seeks} seeks)")

        for speed in (1.0, 2.0):
            presenter.seek(presenter.playhead.start_s)
            presenter.playhead.set_speed(speed)
            painted.clear()
            t_start = presenter.playhead.t_s
            presenter.playhead.play()
            end = time.perf_counter() + args.play_s
            while time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.001)
            presenter.playhead.pause()
            source_s = presenter.playhead.t_s - t_start
            print(f"playback {speed:g}x: {len(painted) / args.play_s:.1f} frames painted per wall second, "
                  f"{len(set(painted))} distinct of {int(source_s * args.fps)} in {source_s:.1f} s of recording")

        done: list = []
        presenter.export_finished.connect(lambda *a: done.append(a))
        t0 = time.perf_counter()
        presenter.export("pdf", Path(tmp) / "report.pdf")
        _wait(app, lambda: done, 300)
        size_kb = (Path(tmp) / "report.pdf").stat().st_size / 1024
        print(f"PDF with key frames: {time.perf_counter() - t0:.2f} s, {presenter.last_export_pages} pages, "
              f"{size_kb:.0f} kB")
        presenter.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
