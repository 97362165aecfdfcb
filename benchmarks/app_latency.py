"""UI frame rate and frame-read → painted-overlay latency of the desktop app, per pose model.

Runs the real main window (the same worker thread, presenter and video widget as a session) on a
video at real speed, once per model variant, and reports:

- UI fps: paints of a new frame per second (the video view's paintEvent),
- latency: from the moment a frame was due out of the source to the end of the paint of that frame
  with its skeleton (median, 95th percentile, max), in ms,
- model fps: frames the worker got through per second, and skipped frames (live sources only).

``--as-camera 640x480`` plays the video as a webcam would deliver it: scaled to that size, in real
time, through the app's live path (a grabber thread, the newest frame wins, frames the model had no
time for are counted as dropped). That is the case of the live target (a laptop webcam, which
posecheck opens at 640x480); without it, a file runs through the file path (every frame, in order).

Usage (a display is needed for a real window; offscreen works too):

    xvfb-run -a -s "-screen 0 1280x800x24" python benchmarks/app_latency.py VIDEO [--exercise glute_bridge]
        [--models lite full] [--seconds 20] [--offscreen] [--as-camera 640x480]

Without VIDEO, the first ``tests/fixtures/*.mp4`` is used. Set ``POSECHECK_MODEL_DIR`` to the model folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _cpu_s() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


class SimulatedCamera:
    """A video file that behaves like a webcam: live, frames at ``size`` when they are due, stamped
    with a monotonic clock as CameraSource does, and no waiting for the reader: a slow consumer misses
    frames rather than delaying them."""

    is_live = True

    def __init__(self, path: str, size: tuple[int, int]):
        import cv2

        from posecheck.capture.sources import VideoFileSource

        # Decoded and scaled up front, so the benchmark measures the app, not this stand-in's decoder
        # (a webcam delivers decoded frames); played in a loop, as a webcam never ends.
        src = VideoFileSource(path)
        self.fps, self.size = src.fps, size
        self._frames = [cv2.resize(f.image_bgr, size, interpolation=cv2.INTER_AREA) for f in src]
        src.close()
        self._stopped = False

    def __iter__(self):
        from posecheck.capture.sources import Frame

        t0 = time.perf_counter()
        i = 0
        while not self._stopped:
            due = t0 + i / self.fps
            if due > time.perf_counter():
                time.sleep(due - time.perf_counter())
            # A copy per frame, as a camera hands out a new buffer for every frame.
            yield Frame(self._frames[i % len(self._frames)].copy(), int((time.perf_counter() - t0) * 1000), i)
            i += 1

    def close(self) -> None:
        self._stopped = True


def run_one(video: str, exercise: str, variant: str, seconds: float,
            as_camera: tuple[int, int] | None = None, pose_workers: int = 0) -> dict:
    from PyQt6.QtCore import QTimer
    from PyQt6.QtWidgets import QApplication

    from posecheck.app.cues import CuePlayer
    from posecheck.app.live_presenter import default_backend_factory
    from posecheck.app.qt_main_window import QtMainWindow
    from posecheck.app.settings import Settings
    from posecheck.exercises.loader import load_catalogue

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(language="en", safety_confirmed=True, model_variant=variant, storage_dir=tmp,
                            pose_workers=pose_workers)
        opener = (lambda spec: SimulatedCamera(str(spec), as_camera)) if as_camera else None
        win = QtMainWindow(load_catalogue(), settings, backend_factory=default_backend_factory(variant),
                           cues=CuePlayer("en", enable_audio=False), save_settings=False, source_opener=opener)
        win.resize(1280, 780)
        win.show()
        view = win.live.video
        started: dict = {}
        win.presenter.view.video.latencies_ms.clear()
        win.session_finished.connect(lambda _f: app.quit())

        def first_frame():
            if view.latencies_ms and "t" not in started:
                started["t"] = time.perf_counter()
                started["paints"] = len(view.paint_times)
                started["lat"] = len(view.latencies_ms)
                started["frames"] = win.presenter.worker.frames_in
                started["dropped"] = win.presenter.worker.camera_dropped
                started["cpu_s"] = _cpu_s()

        poll = QTimer()
        poll.timeout.connect(first_frame)
        poll.start(20)
        QTimer.singleShot(int(seconds * 1000) + 4000, app.quit)  # model loading is not measured
        win.start_session([exercise], video)
        app.exec()
        poll.stop()
        end = time.perf_counter()
        cpu_s = _cpu_s() - started.get("cpu_s", _cpu_s())
        worker = win.presenter.worker
        frames = worker.frames_in - started.get("frames", 0) if worker else 0
        detect = list(worker.detect_ms)[started.get("frames", 0):] if worker else []
        skipped = worker.ui_skipped if worker else 0
        # camera frames the model had no time for, within the measured span (not while the model loaded)
        dropped = worker.camera_dropped - started.get("dropped", 0) if worker and as_camera else 0
        instances = worker.pose_workers if worker else None
        win.presenter.shutdown()
        lat = list(view.latencies_ms)[started.get("lat", 0):]
        paints = [t for t in view.paint_times][started.get("paints", 0):]
        span = end - started.get("t", end)
        problem = win.live.message.text() if not frames else ""
        win.close()
    if problem:
        raise SystemExit(f"app_latency: no frame was processed with the {variant} model: {problem}")
    new_frame_paints = len(lat)
    return {
        "model": variant, "seconds": round(span, 1), "frames_processed": frames,
        "model_fps": round(frames / span, 1) if span > 0 else None,
        "ui_fps": round(new_frame_paints / span, 1) if span > 0 else None,
        "paints_total": len(paints), "frames_not_painted": skipped, "camera_frames_dropped": dropped,
        "camera_dropped_share": round(dropped / (frames + dropped), 4) if frames + dropped else None,
        "pose_workers": instances, "load_1min": round(os.getloadavg()[0], 2),
        # CPU the whole app used per frame it processed (every thread: inference, UI, recorder, grabber):
        # with 2 cores, 30 fps needs this under about 66 ms, whatever else the machine runs.
        "cpu_ms_per_frame": round(cpu_s * 1000 / frames, 1) if frames else None,
        # cores the app got (CPU s / wall s): on a machine shared between sessions this can stay under 1
        # however many threads want to run, and then a second pose instance cannot help
        "cores_busy": round(cpu_s / span, 2) if span > 0 else None,
        "model_ms_median": round(statistics.median(detect), 1) if detect else None,
        "latency_ms_median": round(statistics.median(lat), 1) if lat else None,
        "latency_ms_p95": round(_percentile(lat, 0.95), 1) if lat else None,
        "latency_ms_max": round(max(lat), 1) if lat else None,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("video", nargs="?")
    p.add_argument("--exercise", default="glute_bridge")
    p.add_argument("--models", nargs="+", default=["lite", "full"])
    p.add_argument("--seconds", type=float, default=20.0, help="measure at most this long per model")
    p.add_argument("--offscreen", action="store_true", help="no window (QT_QPA_PLATFORM=offscreen)")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--as-camera", metavar="WxH", help="play the video as a live webcam at this size (e.g. 640x480)")
    p.add_argument("--pose-workers", type=int, nargs="+", default=[0],
                   help="pose model instances to compare (0 = the app's default: one per core); each model runs "
                        "with each count in turn, interleaved, so they share the machine's load")
    p.add_argument("--rounds", type=int, default=1, help="repeat the whole interleaved set this often")
    args = p.parse_args(argv)
    video = args.video or next(iter(sorted(Path("tests/fixtures").glob("*.mp4"))), None)
    if video is None:
        p.error("give a video (no tests/fixtures/*.mp4 found)")
    if args.offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from posecheck.app.application import prepare_qt_environment

    prepare_qt_environment()
    import cv2

    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS)
    size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    cap.release()
    print(f"video {Path(video).name}: {size[0]}x{size[1]} at {fps:.1f} fps; platform "
          f"{os.environ.get('QT_QPA_PLATFORM', 'xcb' if os.environ.get('DISPLAY') else '?')}; cpus {os.cpu_count()}")
    as_camera = tuple(int(x) for x in args.as_camera.lower().split("x")) if args.as_camera else None
    if as_camera:
        print(f"as a live camera at {as_camera[0]}x{as_camera[1]}, {fps:.0f} fps")
    results = []
    for _ in range(args.rounds):
        for variant in args.models:
            for pw in args.pose_workers:
                r = run_one(str(video), args.exercise, variant, args.seconds, as_camera, pw)
                results.append(r)
                share = r["camera_dropped_share"]
                print(f"{variant:<6} x{r['pose_workers']} UI {r['ui_fps']} fps (model {r['model_fps']} fps, "
                      f"{r['frames_processed']} frames in {r['seconds']} s, handed over → pose back {r['model_ms_median']} ms, "
                      f"{r['frames_not_painted']} not painted"
                      + (f", {r['camera_frames_dropped']} camera frames dropped ({share:.1%})" if as_camera else "") + "); "
                      f"read→painted latency median {r['latency_ms_median']} ms, "
                      f"p95 {r['latency_ms_p95']} ms, max {r['latency_ms_max']} ms; CPU {r['cpu_ms_per_frame']} ms/frame, "
                      f"{r['cores_busy']} cores busy; "
                      f"load {r['load_1min']}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"video": str(video), "video_fps": fps, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
