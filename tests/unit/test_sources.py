import subprocess
from pathlib import Path

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


# ------------------------------------------------------------------ cut-off files (issue 14, item 4)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "glute_bridge__clean__side__a.mp4"


def read_all(src: VideoFileSource) -> int:
    return sum(1 for _ in src.raw_frames(reuse=True))


@pytest.mark.parametrize("name, encode", [
    ("fixture.mp4", None),
    ("a.gif", ("-vf", "fps=10,scale=160:-1", "-c:v", "gif")),
    ("a.webm", ("-vf", "scale=160:-1", "-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8")),
    ("a.mkv", ("-c:v", "copy")),
    ("vfr.mp4", ("-vf", "setpts='if(lt(N,60),PTS,PTS+0.5/TB)'", "-fps_mode", "vfr")),  # a gap after frame 60
    ("mjpeg.avi", ("-c:v", "mjpeg")),
])
def test_whole_files_are_not_taken_for_cut_off_ones(tmp_path, name, encode):
    path = FIXTURE
    if encode is not None:
        path = tmp_path / name
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(FIXTURE), "-t", "6", *encode, str(path)], check=True)
    src = VideoFileSource(path)
    assert read_all(src) > 0 and src.cut_short() is None, (src.frames_decoded, src.frames_expected)


def test_a_file_cut_at_30_percent_is_noticed(tmp_path):
    whole = FIXTURE.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: int(len(whole) * 0.3)])
    src = VideoFileSource(cut)
    n = read_all(src)
    info = src.cut_short()
    assert info is not None and info.frames_decoded == n
    assert info.frames_announced == VideoFileSource(FIXTURE).frames_expected
    assert info.decoded_s < 0.5 * info.announced_s
    # Reading stopped by --end is not "cut short", even in a cut file.
    early = VideoFileSource(cut, end_s=1.0)
    read_all(early)
    assert early.cut_short() is None
    # A --start inside the missing part says the file is cut short, not that nobody is in view.
    late = VideoFileSource(cut, start_s=info.decoded_s + 3.0)
    with pytest.raises(SourceError, match="cut.mp4 is cut short: it can be read up to"):
        read_all(late)


# ------------------------------------------------------- frames by index (the review's picture, the PDF's stills)
def test_the_review_sees_a_phone_video_upright_like_the_analysis(tmp_path):
    from posecheck.capture.frames_by_index import FramesByIndex

    base = make_clip(tmp_path / "base.mp4", seconds=1)
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(base), "-c", "copy", "-metadata:s:v:0", "rotate=90",
                    str(rotated)], check=True)
    analysed = [f.image_bgr for f in VideoFileSource(rotated)]
    frames = FramesByIndex(rotated)
    try:
        for index in (0, 7, 3, 4, 9):  # seek back, read on, jump
            image = frames.frame(index)
            assert image.shape == analysed[index].shape == (320, 240, 3)
            assert abs(image.astype(int) - analysed[index].astype(int)).mean() < 1.0, index
    finally:
        frames.close()


def test_frames_by_index_reads_on_and_seeks_to_the_same_pictures(tmp_path):
    from posecheck.capture.frames_by_index import FramesByIndex, announced_frame_count

    clip = make_clip(tmp_path / "a.mp4", seconds=3, fps=10)
    sequential = [f.image_bgr for f in VideoFileSource(clip)]
    assert announced_frame_count(clip) == len(sequential) == 30
    frames = FramesByIndex(clip)
    try:
        assert frames.opened
        for index in (1, 2, 5, 20, 29, 0, 13, 12):
            assert abs(frames.frame(index).astype(int) - sequential[index].astype(int)).mean() < 1.0, index
        assert frames.frame(31) is None  # past the end: no picture, and the next request seeks
        assert abs(frames.frame(4).astype(int) - sequential[4].astype(int)).mean() < 1.0
    finally:
        frames.close()


def test_frames_by_index_says_when_a_file_is_no_video(tmp_path):
    from posecheck.capture.frames_by_index import FramesByIndex, announced_frame_count

    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    assert not FramesByIndex(bad).opened and announced_frame_count(bad) == 0
