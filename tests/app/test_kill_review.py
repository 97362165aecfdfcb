"""A recording killed at any moment reviews frame-exact, with at most the last second lost (issue 14, 9).

The app runs as a subprocess on a video whose frames carry their index (scene.stamp_index) and is
SIGKILLed at random moments; each session is then opened as the review opens it (``load_review`` for
the landmark → video frame mapping, :class:`VideoFrameReader` for the pictures). Every picture the
review shows for a landmark frame must be the source frame that landmark came from, and the last
landmark and the last video frame on disk must be within a second of the last frame the model saw
(the subprocess writes that index to a file after every detection: page cache survives SIGKILL).
"""

from __future__ import annotations

import os
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from killed_session import kill_after_first_frame

from posecheck.review.model import load_review
from posecheck.session.store import list_sessions, open_session

HERE = Path(__file__).parent
pytestmark = [pytest.mark.gui, pytest.mark.slow]

KILLS = 20
PARALLEL = 3  # subprocesses at once: about 40 s on 2 cores, with room for the writer threads
LOSS_LIMIT_S = 1.0


def _run_and_kill(video: Path, landmarks: Path, root: Path, kill_after_s: float) -> tuple[Path, int]:
    """(library, last frame seen) of one run killed ``kill_after_s`` after its first frame."""
    return root / "data" / "sessions", kill_after_first_frame(video, landmarks, root, kill_after_s)


def _shown(qtbot, reader, video_frame: int) -> np.ndarray:
    with qtbot.waitSignal(reader.frame_ready, timeout=10_000) as blocker:
        reader.request(video_frame)
    index, image = blocker.args
    assert index == video_frame
    return image


def _check_session(qtbot, library: Path, last_seen: int, fps: float, rng: random.Random, what: str) -> None:
    from posecheck.app.review.workstation.frame_reader import VideoFrameReader
    from scene import read_stamp

    folders = list_sessions(library)
    assert len(folders) == 1, what
    poses = open_session(folders[0]).poses
    landmark_frames = [] if poses is None else np.round(poses.t_ms * fps / 1000.0).astype(int)
    lost_landmarks = last_seen - (landmark_frames[-1] if len(landmark_frames) else -1)
    assert lost_landmarks <= LOSS_LIMIT_S * fps, f"{what}: {lost_landmarks} frames of landmarks lost"
    if poses is None:
        return  # killed before the first flush, within the first second: nothing to review yet
    review = load_review(folders[0])
    assert review.video_path is not None, f"{what}: no video"
    shown_for = review.frames_of(poses.t_ms / 1000.0)  # what the workstation requests for each landmark
    recorded = poses.meta["video_frame"]
    assert np.array_equal(shown_for[recorded >= 0], recorded[recorded >= 0])
    reader = VideoFrameReader(review.video_path)
    with qtbot.waitSignal(reader.opened, timeout=10_000) as opened:
        reader.start()
    try:
        assert opened.args == [True], f"{what}: the review cannot open the video"
        with_picture = np.flatnonzero(recorded >= 0)
        picks = [with_picture[-1], with_picture[0], *rng.sample(list(with_picture), min(12, len(with_picture)))]
        for i in picks:  # random order: jumps back and forth, most of them real seeks
            image = _shown(qtbot, reader, int(shown_for[i]))
            assert read_stamp(image) == landmark_frames[i], \
                f"{what}: landmark frame {landmark_frames[i]} shows source frame {read_stamp(image)}"
        import cv2

        cap = cv2.VideoCapture(str(review.video_path), cv2.CAP_FFMPEG)
        video_frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        cap.release()
        assert video_frames > recorded.max(), \
            f"{what}: the video says {video_frames} frames, the landmarks point at frame {recorded.max()}"
        last_picture = read_stamp(_shown(qtbot, reader, video_frames - 1))
        assert last_seen - last_picture <= LOSS_LIMIT_S * fps, f"{what}: {last_seen - last_picture} video frames lost"
    finally:
        reader.stop()


def test_a_recording_killed_at_random_moments_seeks_to_the_right_frame_and_loses_at_most_a_second(qtbot, tmp_path):
    from scene import FPS, bridge_sequence, write_video

    seq = bridge_sequence(4)  # 15.5 s: longer than the latest kill plus a slow start
    video = write_video(seq, tmp_path / "stamped.mp4", stamp=True)
    landmarks = tmp_path / "bridge.npz"
    seq.save(landmarks)
    seed = int.from_bytes(os.urandom(4), "little")
    rng = random.Random(seed)
    # Mostly within the first seconds (before and around the first flushes), some later.
    kill_after_s = [rng.uniform(0.0, 1.5) if k % 3 == 0 else rng.uniform(1.5, 8.0) for k in range(KILLS)]
    with ThreadPoolExecutor(PARALLEL) as pool:
        runs = list(pool.map(lambda k: _run_and_kill(video, landmarks, tmp_path / f"run{k:02d}", kill_after_s[k]),
                             range(KILLS)))
    for k, (library, last_seen) in enumerate(runs):
        what = f"kill {k} after {kill_after_s[k]:.2f} s (seed {seed}, frame {last_seen})"
        _check_session(qtbot, library, last_seen, FPS, rng, what)
