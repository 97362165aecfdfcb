import subprocess

import pytest

from posecheck.capture.sources import VideoFileSource, open_source
from posecheck.errors import SourceError


def make_clip(path, seconds=2, fps=10, size="320x240", extra=()):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={fps}",
                    "-t", str(seconds), "-c:v", "mpeg4", *extra, str(path)], check=True)
    return path


def test_timestamps_come_from_the_container_not_the_clock(tmp_path):
    src = VideoFileSource(make_clip(tmp_path / "a.mp4", fps=10))
    stamps = [f.t_ms for f in src]
    assert stamps[:4] == [0, 100, 200, 300] and len(stamps) == 20
    assert src.fps == pytest.approx(10.0)


def test_start_and_end_select_part_of_a_file(tmp_path):
    src = VideoFileSource(make_clip(tmp_path / "a.mp4", fps=10), start_s=0.5, end_s=1.2)
    assert [f.t_ms for f in src] == [500, 600, 700, 800, 900, 1000, 1100, 1200]


def test_phone_rotation_metadata_is_applied(tmp_path):
    base = make_clip(tmp_path / "base.mp4", seconds=1)
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(base), "-c", "copy", "-metadata:s:v:0", "rotate=90",
                    str(rotated)], check=True)
    src = VideoFileSource(rotated)
    frame = next(iter(src))
    assert src.size == (240, 320) and frame.size == (240, 320)  # portrait, as the phone showed it


def test_gif_and_mkv_are_read(tmp_path):
    for name in ("a.gif", "a.mkv", "a.webm"):
        extra = ("-c:v", "gif") if name.endswith("gif") else (("-c:v", "libvpx") if name.endswith("webm") else ())
        path = tmp_path / name
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1",
                        *extra, str(path)], check=True)
        assert len(list(VideoFileSource(path))) == 10, name


def test_missing_camera_gives_a_clear_error():
    with pytest.raises(SourceError, match="no camera found at index 9"):
        open_source(9)


def test_folder_is_not_a_video(tmp_path):
    with pytest.raises(SourceError, match="is a folder"):
        VideoFileSource(tmp_path)
