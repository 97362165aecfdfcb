"""The review core imports no Qt, mediapipe, OpenCV, nor the app package (which is the Qt layer)."""

import importlib.util
import subprocess
import sys

import pytest

REVIEW_CORE = ["posecheck.review", "posecheck.review.model", "posecheck.review.series", "posecheck.review.annotations",
               "posecheck.review.exports", "posecheck.review.archive", "posecheck.review.progress",
               "posecheck.review.texts", "posecheck.review.import_refusals", "posecheck.session.index"]


def _pulled_in(modules: list[str]) -> str:
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PyQt6', 'mediapipe', 'cv2', 'pyqtgraph')"
        " or m.startswith('posecheck.app'))\n"
        "print(','.join(bad))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_review_core_imports_no_qt_mediapipe_cv2_or_app():
    out = _pulled_in(REVIEW_CORE)
    assert out == "", f"review core pulled in: {out}"


@pytest.mark.skipif(importlib.util.find_spec("cv2") is None, reason="needs OpenCV installed")
def test_the_probe_notices_a_forbidden_import():
    # A check that cannot fail proves nothing: the same probe flags OpenCV when something imports it.
    assert "cv2" in _pulled_in(REVIEW_CORE + ["cv2"]).split(",")
