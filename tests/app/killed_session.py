"""Start the app in a subprocess and SIGKILL it once it has got somewhere: the one way the kill tests
start and stop the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
START_TIMEOUT_S = 90


def app_env(root: Path, config: Path | None = None) -> dict:
    """The environment of an app whose data (and settings) live under ``root``."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POSECHECK_DATA_DIR": str(root / "data"),
            "POSECHECK_CONFIG_DIR": str(config or root / "config")}


def kill_when(cmd: list[str], env: dict, ready: Callable[[], bool], timeout_s: float, after_s: float = 0.0) -> None:
    """Run ``cmd``, wait until ``ready()`` (at most ``timeout_s``), SIGKILL it ``after_s`` later."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + timeout_s
        while not ready():
            assert proc.poll() is None, f"the app exited early: {proc.stdout.read()}"
            assert time.monotonic() < deadline, "timed out: the app did not get there"
            time.sleep(0.02)
        time.sleep(after_s)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, "the app ended before the kill: make the video longer"


def kill_after_first_frame(video: Path, landmarks: Path, root: Path, after_s: float,
                           exercise: str | None = None) -> int:
    """Start the app headless (headless_session.py) with its data and config under ``root``, wait for its
    first detection, SIGKILL it ``after_s`` later. Returns the index of the last frame the model saw
    (written by the subprocess after every detection; the page cache survives SIGKILL)."""
    root.mkdir(parents=True, exist_ok=True)
    progress = root / "progress"
    cmd = [sys.executable, str(HERE / "headless_session.py"), str(video), "--landmarks", str(landmarks),
           "--progress", str(progress)] + (["--exercise", exercise] if exercise else [])
    kill_when(cmd, app_env(root), lambda: progress.is_file() and bool(progress.read_bytes().strip()),
              START_TIMEOUT_S, after_s)
    return int(progress.read_bytes())
