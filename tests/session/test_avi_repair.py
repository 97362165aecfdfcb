"""A video an older posecheck (cv2.VideoWriter) left unindexed when it was killed is indexed on recovery,
so that the review seeks to the right frame."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import cv2
import numpy as np

from posecheck.session.avi_repair import index_unfinished_avi
from posecheck.session.avi_writer import MjpegAviWriter

APP_TESTS = Path(__file__).resolve().parents[1] / "app"


def _killed_cv2_recording(path: Path, frames: int) -> None:
    """What the old recorder left: cv2.VideoWriter (MJPG in AVI) killed while writing."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(APP_TESTS)!r})
        import cv2, numpy as np
        from scene import H, W, stamp_index
        vw = cv2.VideoWriter({str(path)!r}, cv2.VideoWriter_fourcc(*"MJPG"), 20, (W, H))
        for i in range({frames}):
            img = np.full((H, W, 3), 60, np.uint8)
            stamp_index(img, i)
            vw.write(img)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", code], check=False, timeout=60)


def test_an_old_killed_video_gets_its_index_and_seeks_to_the_right_frame(tmp_path):
    sys.path.insert(0, str(APP_TESTS))
    from scene import read_stamp

    video = tmp_path / "video.avi"
    _killed_cv2_recording(video, 400)
    cap = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    assert cap.get(cv2.CAP_PROP_FRAME_COUNT) == 0  # the problem: no count, so seeking goes astray
    cap.release()

    n = index_unfinished_avi(video)
    assert n is not None and 100 < n <= 400  # the kill lost cv2's buffered tail
    cap = cv2.VideoCapture(str(video), cv2.CAP_FFMPEG)
    assert cap.get(cv2.CAP_PROP_FRAME_COUNT) == n
    for k in (n - 1, 150, 3, n // 2, 0, 97):
        cap.set(cv2.CAP_PROP_POS_FRAMES, k)
        ok, image = cap.read()
        assert ok and read_stamp(image) == k
    cap.release()
    assert index_unfinished_avi(video) is None  # indexed once


def test_finished_and_foreign_files_are_left_alone(tmp_path):
    ours = tmp_path / "ours.avi"
    w = MjpegAviWriter(ours, 32, 32, 20)
    w.add_frame(cv2.imencode(".jpg", np.zeros((32, 32, 3), np.uint8))[1].tobytes())
    w.flush()  # killed after a flush: indexed already
    before = ours.read_bytes()
    assert index_unfinished_avi(ours) is None and ours.read_bytes() == before
    other = tmp_path / "notes.avi"
    other.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    assert index_unfinished_avi(other) is None and other.read_bytes() == b"RIFF\x00\x00\x00\x00WAVEfmt "
