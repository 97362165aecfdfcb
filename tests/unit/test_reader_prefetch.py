"""The reader thread (decode + BGR→RGB ahead of the model) yields exactly what the plain loop yields."""

import subprocess
import threading

import numpy as np
import pytest

from posecheck.analysis import extract_poses
from posecheck.capture.prefetch import plain_rgb, prefetched_rgb
from posecheck.capture.sources import VideoFileSource
from posecheck.errors import SourceError
from posecheck.landmarks import N_LANDMARKS, PoseFrame


def make_clip(path, seconds=3, fps=10, size="160x120"):
    # testsrc moves from frame to frame, so a reused buffer handed out too early would show.
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate={fps}",
                    "-t", str(seconds), "-c:v", "mpeg4", "-q:v", "2", str(path)], check=True)
    return path


def collect(frames):
    return [(img.copy(), t, i) for img, t, i in frames]


def reader_threads():
    return [t for t in threading.enumerate() if t.name == "posecheck-reader"]


@pytest.mark.parametrize("start_end", [(None, None), (0.5, 2.2)])
def test_prefetched_frames_equal_the_plain_ones(tmp_path, start_end):
    clip = make_clip(tmp_path / "a.mp4")
    plain = collect(plain_rgb(VideoFileSource(clip, *start_end)))
    fast = collect(prefetched_rgb(VideoFileSource(clip, *start_end), depth=2))
    assert len(plain) == len(fast) > 10
    assert [(t, i) for _, t, i in plain] == [(t, i) for _, t, i in fast]
    assert all(np.array_equal(a, b) for (a, _, _), (b, _, _) in zip(plain, fast))
    assert len({img.tobytes() for img, _, _ in fast}) > 5  # the frames really differ
    assert not reader_threads()


def test_reused_decode_buffer_gives_the_same_frames(tmp_path):
    clip = make_clip(tmp_path / "a.mp4", seconds=1)
    plain = [(f.image_bgr, f.t_ms) for f in VideoFileSource(clip)]
    reused = [(img.copy(), t) for img, t, _ in VideoFileSource(clip).raw_frames(reuse=True)]
    assert [t for _, t in plain] == [t for _, t in reused]
    assert all(np.array_equal(a, b) for (a, _), (b, _) in zip(plain, reused))


def test_stopping_early_stops_the_reader(tmp_path):
    src = VideoFileSource(make_clip(tmp_path / "a.mp4"))
    gen = prefetched_rgb(src, depth=2)
    first = [next(gen)[1] for _ in range(3)]
    gen.close()
    assert first == [0, 100, 200] and not reader_threads()
    src.close()


def test_a_reader_error_reaches_the_consumer():
    class Broken:
        def raw_frames(self, reuse=False):
            yield np.zeros((4, 4, 3), np.uint8), 0, 0
            raise SourceError("the file is cut short")

    with pytest.raises(SourceError, match="cut short"):
        list(prefetched_rgb(Broken()))
    assert not reader_threads()


class MeanBackend:
    """Stands in for MediaPipe: puts the frame's mean colour into the landmarks."""

    variant, sha256 = "fake", "0" * 64

    def detect(self, rgb, t_ms, index):
        xyz = np.tile(rgb.reshape(-1, 3).mean(0, dtype=np.float64).astype(np.float32), (N_LANDMARKS, 1))
        return PoseFrame(t_ms=t_ms, index=index, image_size=(rgb.shape[1], rgb.shape[0]), xyz=xyz,
                         visibility=np.ones(N_LANDMARKS, np.float32), n_poses=1)


def test_extract_poses_gives_the_same_sequence_with_and_without_the_reader(tmp_path):
    clip = make_clip(tmp_path / "a.mp4")
    a = extract_poses(VideoFileSource(clip), MeanBackend(), prefetch=False)
    b = extract_poses(VideoFileSource(clip), MeanBackend(), prefetch=True)
    assert np.array_equal(a.t_ms, b.t_ms) and np.array_equal(a.xyz, b.xyz)
    assert a.xyz[0, 0, 0] != a.xyz[7, 0, 0]
