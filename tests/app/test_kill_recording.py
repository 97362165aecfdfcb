"""Killing the app mid-recording leaves a session the library opens (at most the last second lost)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from killed_session import app_env, kill_when

from posecheck.session.index import SessionIndex
from posecheck.session.store import EVENTS_FILE, META_FILE, list_sessions, open_session

HERE = Path(__file__).parent
pytestmark = pytest.mark.gui


def _kill_mid_recording(cmd: list[str], env: dict, library: Path, min_reps: int, timeout_s: float,
                        min_chunks: int = 2) -> Path:
    """Start the app, wait until ``min_reps`` reps and ``min_chunks`` landmark chunks are on disk, SIGKILL it."""
    def on_disk() -> bool:
        folders = list_sessions(library)
        if not folders or not (folders[0] / EVENTS_FILE).is_file():
            return False
        reps = (folders[0] / EVENTS_FILE).read_text(encoding="utf-8").count('"RepCompleted"')
        chunks = len(list((folders[0] / "poses").glob("part_*.npz")))
        return reps >= min_reps and chunks >= min_chunks

    kill_when(cmd, env, on_disk, timeout_s)
    (folder,) = list_sessions(library)
    return folder


def _check_killed_session(folder: Path, min_reps: int) -> None:
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    assert meta["complete"] is False and meta["exercise_id"] == "glute_bridge"
    s = open_session(folder)
    assert any("did not end normally" in w for w in s.warnings)
    assert sum(e["type"] == "RepCompleted" for e in s.events) >= min_reps
    assert s.events[0]["type"] in ("SetStarted", "SetupChanged")
    assert s.poses is not None and len(s.poses) > 20 and np.all(np.diff(s.poses.t_ms) > 0)
    # The events on disk reach to within about a second of the last landmarks written.
    last_event_ms = max(e["t_ms"] for e in s.events)
    assert s.poses.t_ms[-1] - last_event_ms < 2500
    if s.video is not None:  # Motion-JPEG frames stand alone: a cut-off AVI still plays up to the kill
        import cv2

        cap = cv2.VideoCapture(str(s.video))
        assert cap.read()[0], "the video written before the kill is readable"
        cap.release()
    index = SessionIndex(folder.parent)
    assert index.rebuild() == 1
    row = index.sessions()[0]
    assert row.exercise_id == "glute_bridge" and not row.complete and row.reps_total >= min_reps


def test_killing_the_app_mid_recording_leaves_a_readable_session(tmp_path, bridge_clips):
    from scene import bridge_sequence, write_video

    video = write_video(bridge_sequence(8), tmp_path / "long.mp4")
    env = app_env(tmp_path)
    library = tmp_path / "data" / "sessions"
    folder = _kill_mid_recording([sys.executable, str(HERE / "headless_session.py"), str(video), "8"], env,
                                 library, min_reps=2, timeout_s=60)
    _check_killed_session(folder, min_reps=2)


@pytest.mark.needs_model
def test_killing_posecheck_app_with_the_lite_model_leaves_a_readable_session(tmp_path):
    """The real entry point (`posecheck app --video … --exercise …`) with MediaPipe, on the rendered
    side-view glute-bridge fixture, so that reps are on disk before the kill. (Picking "the first
    glute_bridge clip" alphabetically once chose the oblique one, where nothing is counted.)"""
    video, min_reps = HERE.parent / "fixtures" / "glute_bridge__clean__side__a.mp4", 1
    assert video.is_file(), f"{video} is missing: regenerate with python -m tools.fixturegen"
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('model_variant = "lite"\nsafety_confirmed = true\nlanguage = "en"\n')
    env = app_env(tmp_path, config)
    folder = _kill_mid_recording([sys.executable, "-m", "posecheck", "app", "--video", str(video),
                                  "--exercise", "glute_bridge"], env, tmp_path / "data" / "sessions",
                                 min_reps=min_reps, timeout_s=120)
    s = open_session(folder)
    assert not s.complete and s.meta["model"]["variant"] == "lite" and len(s.meta["model"]["sha256"]) == 64
    assert s.poses is not None and len(s.poses) >= 20
    assert sum(e["type"] == "RepCompleted" for e in s.events) >= min_reps
    assert SessionIndex(folder.parent).rebuild() == 1


def test_a_real_window_starts_under_xvfb_and_paints_the_live_view(tmp_path, bridge_clips):
    """The cv2/Qt plugin-path trap shows only with a real platform plugin (xcb), not offscreen."""
    import shutil

    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (Debian package xvfb)")
    from PyQt6.QtGui import QImage

    video, _ = bridge_clips["clean"]
    env = {**app_env(tmp_path), "QT_QPA_PLATFORM": "xcb"}
    shot = tmp_path / "live.png"
    r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable,
                        str(HERE / "headless_session.py"), str(video), "3", "--shot", str(shot), "--speed", "4"],
                       env=env, capture_output=True, text=True, timeout=90, check=False)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-1500:]
    assert "platform xcb" in r.stdout
    img = QImage(str(shot))
    assert img.width() >= 1000 and img.height() >= 600
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37) for y in range(0, img.height(), 37)}
    assert len(colours) > 20, "the window painted more than a blank background"
