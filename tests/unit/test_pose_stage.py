"""The pose stage: N backends on alternate frames give the frames back in order, each backend sees
strictly increasing timestamps, and a backend's error reaches the caller instead of hanging it."""

from __future__ import annotations

import random
import threading
import time

import numpy as np
import pytest

from posecheck.analysis import extract_poses
from posecheck.landmarks import N_LANDMARKS, PoseFrame
from posecheck.pose.stage import MAX_POSE_WORKERS, PoseStage, pose_workers_for


class RecordingBackend:
    """Stands in for MediaPipe: takes a random time per frame (so instances finish out of order),
    refuses non-increasing stamps as VIDEO mode does, and notes what it saw."""

    variant, sha256 = "fake", "f" * 64
    made: list[RecordingBackend] = []

    def __init__(self, fail_at: int | None = None):
        self.seen: list[tuple[int, int]] = []  # (index, t_ms)
        self.thread = threading.current_thread().name
        self.closed_in: str | None = None
        self.fail_at = fail_at
        self._rng = random.Random(len(RecordingBackend.made))
        RecordingBackend.made.append(self)

    def detect(self, rgb, t_ms, index):
        assert threading.current_thread().name == self.thread  # used on the thread that made it
        if self.seen and t_ms <= self.seen[-1][1]:
            raise ValueError(f"timestamp {t_ms} after {self.seen[-1][1]}: VIDEO mode needs increasing stamps")
        if index == self.fail_at:
            raise RuntimeError(f"model failed on frame {index}")
        self.seen.append((index, t_ms))
        time.sleep(self._rng.uniform(0, 0.004))
        xyz = np.full((N_LANDMARKS, 3), float(rgb[0, 0, 0]), np.float32)
        return PoseFrame(t_ms=t_ms, index=index, image_size=(rgb.shape[1], rgb.shape[0]), xyz=xyz,
                         visibility=np.ones(N_LANDMARKS, np.float32), n_poses=1)

    def close(self):
        self.closed_in = threading.current_thread().name


@pytest.fixture(autouse=True)
def fresh_made():
    RecordingBackend.made = []


def frames(n, stamps=None):
    stamps = stamps if stamps is not None else [i * 33 for i in range(n)]
    return [(np.full((4, 6, 3), i % 251, np.uint8), t, i) for i, t in enumerate(stamps)]


def finishes(fn, timeout_s=10.0):
    """Runs ``fn`` in a thread: its result or exception, or a failure if it hangs."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout_s)
    assert not t.is_alive(), f"hung for {timeout_s} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("chunk", [1, 4])
def test_frames_come_back_in_order_and_every_instance_sees_increasing_stamps(workers, chunk):
    # Stamps as a container may give them: a repeat and a step back must still reach every instance
    # strictly increasing, and end up as one instance would have made them.
    stamps = [i * 33 for i in range(60)]
    stamps[10] = stamps[9]
    stamps[20] = stamps[19] - 5
    with PoseStage(RecordingBackend, workers=workers, chunk=chunk) as stage:
        out = list(stage.map(frames(60, stamps)))
    assert [f.index for f in out] == list(range(60))
    assert [int(f.xyz[0, 0]) for f in out] == [i % 251 for i in range(60)]  # each result is its own frame's
    expected_t, last = [], -1
    for t in stamps:
        last = max(t, last + 1)
        expected_t.append(last)
    assert [f.t_ms for f in out] == expected_t
    assert len(RecordingBackend.made) == workers and len({b.thread for b in RecordingBackend.made}) == workers
    for k, b in enumerate(RecordingBackend.made):
        idx = [i for i, _ in b.seen]
        assert idx == [i for i in range(60) if (i // chunk) % workers == k]  # a fixed share, in order
        ts = [t for _, t in b.seen]
        assert all(a < c for a, c in zip(ts, ts[1:]))
        assert b.closed_in == b.thread  # closed on its own thread


def test_submit_and_get_keep_tags_in_order_however_the_instances_finish():
    with PoseStage(RecordingBackend, workers=3) as stage:
        got = []
        for img, t, i in frames(30):
            stage.submit(img, t, i, tag=f"frame{i}")
            if stage.pending == 3:
                got.append(stage.get())
        while stage.pending:
            got.append(stage.get())
    assert [tag for _, tag in got] == [f"frame{i}" for i in range(30)]
    assert [p.index for p, _ in got] == list(range(30))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_an_error_in_an_instance_is_raised_at_its_frame_and_nothing_hangs(workers):
    made = []

    def make():
        made.append(RecordingBackend(fail_at=7))
        return made[-1]

    stage = PoseStage(make, workers=workers)
    got = []

    def run():
        for f in stage.map(frames(40)):
            got.append(f.index)

    with pytest.raises(RuntimeError, match="model failed on frame 7"):
        finishes(run)
    assert got == list(range(7))  # every frame before the broken one, in order
    finishes(stage.close)
    assert all(b.closed_in == b.thread for b in made)
    assert not [t for t in threading.enumerate() if t.name.startswith("posecheck-pose-")]


def test_a_backend_that_cannot_be_made_fails_the_stage_cleanly():
    calls = []

    def make():
        calls.append(1)
        if len(calls) == 2:
            raise OSError("no such model file")
        return RecordingBackend()

    with pytest.raises(OSError, match="no such model"):
        finishes(lambda: PoseStage(make, workers=3))
    assert all(b.closed_in for b in RecordingBackend.made)  # the ones that were made are closed again
    assert not [t for t in threading.enumerate() if t.name.startswith("posecheck-pose-")]


class ListSource:
    """A file source stand-in for extract_poses (plain path: no decoding)."""

    def __init__(self, n):
        self._frames = frames(n)
        self.frames_expected, self.size = n, (6, 4)

    def __iter__(self):
        from posecheck.capture.sources import Frame

        for img, t, i in self._frames:
            yield Frame(img[..., ::-1].copy(), t, i)


@pytest.mark.parametrize("workers", [2, 3])
def test_extract_poses_with_several_instances_equals_one(workers):
    one = extract_poses(ListSource(50), PoseStage(RecordingBackend, 1), prefetch=False)
    many = extract_poses(ListSource(50), PoseStage(RecordingBackend, workers), prefetch=False)
    assert np.array_equal(one.t_ms, many.t_ms) and np.array_equal(one.xyz, many.xyz, equal_nan=True)
    assert one.model_variant == many.model_variant == "fake"


def test_pose_workers_share_the_cores_with_jobs():
    assert pose_workers_for(None, jobs=1, cores=2) == 2
    assert pose_workers_for(0, jobs=1, cores=16) == MAX_POSE_WORKERS
    assert pose_workers_for(None, jobs=2, cores=2) == 1
    assert pose_workers_for(3, jobs=1, cores=8) == 3
    assert pose_workers_for(4, jobs=2, cores=4) == 2  # jobs x workers stays within the cores
    assert pose_workers_for(None, jobs=4, cores=2) == 1  # never fewer than one
