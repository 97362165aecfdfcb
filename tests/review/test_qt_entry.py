"""``posecheck review`` through the real entry point, offscreen and in a real window under Xvfb
(where the cv2/Qt platform-plugin trap would show)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from test_qt_support import copy_session

pytestmark = pytest.mark.gui


def _run(args, tmp_path, platform="offscreen", xvfb=False):
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(QT_QPA_PLATFORM=platform, POSECHECK_QUIT_WHEN_DONE="1",
               POSECHECK_CONFIG_DIR=str(tmp_path / "config"), POSECHECK_DATA_DIR=str(tmp_path / "data"))
    cmd = [sys.executable, "-m", "posecheck", *args]
    if xvfb:
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_posecheck_review_opens_a_session_folder(tmp_path):
    folder = copy_session("arched", tmp_path / "lib")
    r = _run(["--lang", "nl", "review", str(folder)], tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Error" not in r.stderr and "Traceback" not in r.stderr


def test_posecheck_review_without_a_path_opens_the_library(tmp_path):
    r = _run(["review"], tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]


def test_posecheck_review_in_a_real_window_under_xvfb(tmp_path):
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (Debian package xvfb)")
    folder = copy_session("arched", tmp_path / "lib")
    r = _run(["review", str(folder)], tmp_path, platform="xcb", xvfb=True)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-1500:]
    assert "could not load the Qt platform plugin" not in r.stderr


def test_posecheck_review_of_a_damaged_session_says_why(tmp_path):
    folder = copy_session("arched", tmp_path / "lib")
    (folder / "meta.json").write_text("{ not json", encoding="utf-8")
    r = _run(["review", str(folder)], tmp_path)
    assert r.returncode == 1
    assert "Cannot open the session" in r.stderr and "meta.json" in r.stderr
