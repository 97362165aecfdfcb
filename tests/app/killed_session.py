"""Run the app headless on a video (headless_session.py) and SIGKILL it a set time after its first frame:
the one way the kill tests start and stop the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
START_TIMEOUT_S = 90


def kill_after_first_frame(video: Path, landmarks: Path, root: Path, after_s: float,
                           exercise: str | None = None) -> int:
    """Start the app with its data and config under ``root``, wait for its first detection, SIGKILL it
    ``after_s`` later. Returns the index of the last frame the model saw (written by the subprocess after
    every detection; the page cache survives SIGKILL)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POSECHECK_DATA_DIR": str(root / "data"),
           "POSECHECK_CONFIG_DIR": str(root / "config")}
    root.mkdir(parents=True, exist_ok=True)
    progress = root / "progress"
    cmd = [sys.executable, str(HERE / "headless_session.py"), str(video), "--landmarks", str(landmarks),
           "--progress", str(progress)] + (["--exercise", exercise] if exercise else [])
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (progress.is_file() and progress.read_bytes().strip()):
            assert proc.poll() is None, f"the app exited early: {proc.stdout.read()}"
            assert time.monotonic() < deadline, "the app did not start recording"
            time.sleep(0.02)
        time.sleep(after_s)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL, "the app ended before the kill: make the video longer"
    return int(progress.read_bytes())
