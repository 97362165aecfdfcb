"""MediaPipe's C++ log lines stay off the terminal; posecheck's own output and real errors do not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from posecheck.native_logs import is_mediapipe_noise

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# What mediapipe 0.10.33 printed on a `posecheck analyze` run before the filter (one line of each kind).
MEDIAPIPE_LINES = [
    b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.",
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    b"W0000 00:00:1796544617.909746   22720 inference_feedback_manager.cc:114] Feedback manager requires a model "
    b"with a single signature inference. Disabling support for feedback tensors.",
    b"W0000 00:00:1796544618.638167   22720 landmark_projection_calculator.cc:78] Using NORM_RECT without "
    b"IMAGE_DIMENSIONS is only supported for the square ROI. Provide IMAGE_DIMENSIONS or use PROJECTION_MATRIX.",
    b"I0000 00:00:1796544618.638167   22720 gl_context.cc:369] GL version: 3.2",
]


def test_only_mediapipes_informational_lines_count_as_noise():
    assert all(is_mediapipe_noise(line) for line in MEDIAPIPE_LINES)
    for kept in (b"E0000 00:00:1796544618.638167   22720 calculator_graph.cc:887] INVALID_ARGUMENT: bad input",
                 b"F0000 00:00:1796544618.638167   22720 check.cc:1] Check failed",
                 b"posecheck: error: video file not found: x.mp4. Check the path and the file name",
                 b"Traceback (most recent call last):", b"qt.qpa.xcb: could not connect to display", b"INFO"):
        assert not is_mediapipe_noise(kept), kept


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)


def test_the_filter_drops_native_noise_and_passes_everything_else_on():
    noise = b"\\n".join(MEDIAPIPE_LINES).decode()
    r = run_python(
        "import os, sys, subprocess\n"
        "from posecheck.native_logs import filter_native_logs\n"
        "assert filter_native_logs()\n"
        f"os.write(2, b'''{noise}\\nE0000 00:00:1.5   7 graph.cc:1] a real native error\\n''')\n"
        "subprocess.run([sys.executable, '-c', 'import os; os.write(2, b\"child says hi\\\\n\")'])\n"
        "print('progress', file=sys.stderr, flush=True)\n"
        "raise RuntimeError('a python traceback')\n")
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "XNNPACK" not in err and "inference_feedback_manager" not in err and "absl::InitializeLog" not in err
    assert "a real native error" in err and "child says hi" in err and "progress" in err
    assert "Traceback" in err and "RuntimeError: a python traceback" in err


def cli(*args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run([sys.executable, "-m", "posecheck.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.needs_model
def test_analyze_prints_no_mediapipe_lines_unless_verbose(model_dir):
    video = FIXTURES / "glute_bridge__clean__side__a.mp4"
    quiet = cli("analyze", str(video), "-e", "glute_bridge", "--model", "lite", "--end", "2", "--pose-workers", "2")
    assert quiet.returncode == 0 and "Glute bridge" in quiet.stdout
    assert quiet.stderr == ""
    loud = cli("analyze", str(video), "-e", "glute_bridge", "--model", "lite", "--end", "2", "--pose-workers", "2",
               "--verbose")
    assert loud.returncode == 0 and "XNNPACK" in loud.stderr and "inference_feedback_manager" in loud.stderr
    bad = cli("analyze", str(FIXTURES / "missing.mp4"), "-e", "glute_bridge")
    assert bad.returncode != 0 and bad.stderr.startswith("posecheck: error: video file not found")
