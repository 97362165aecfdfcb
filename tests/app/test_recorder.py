"""SessionRecorder: the writing thread behind the live view."""

from __future__ import annotations

from posecheck.session.store import open_session


def test_the_recorder_flushes_an_event_within_a_second_even_when_no_frames_come(tmp_path):
    import time

    from posecheck.app.recorder import SessionRecorder
    from posecheck.session.store import read_events

    rec = SessionRecorder(tmp_path / "quiet", {"exercise_id": "plank"}, fps=30, live=True, flush_interval_s=0.2)
    rec.add_event({"type": "SourceLost", "t_ms": 1})
    deadline = time.monotonic() + 3
    while not read_events(tmp_path / "quiet") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [e["type"] for e in read_events(tmp_path / "quiet")] == ["SourceLost"]
    rec.close()
    assert open_session(tmp_path / "quiet").complete


def test_a_stalled_disk_never_blocks_the_worker_and_every_loss_is_counted(tmp_path):
    """The writer hangs on its first frame (a dead network drive, a disk in trouble): frames keep coming,
    submit_frame keeps returning at once, and what could not be kept is counted, not silently gone."""
    import threading
    from types import SimpleNamespace

    import numpy as np

    from posecheck.app.recorder import SessionRecorder
    from posecheck.engine.events import RepStarted
    from posecheck.landmarks import PoseFrame
    from posecheck.session.store import read_events, read_poses

    n = 400
    rec = SessionRecorder(tmp_path / "stall", {"exercise_id": "plank"}, fps=30, live=True, max_queue_frames=50,
                          max_queued_video_mb=1.0, max_pending_events=30)
    stalled, release = threading.Event(), threading.Event()
    add_pose = rec._writer.add_pose

    def hang(*a, **kw):
        stalled.set()
        release.wait()
        add_pose(*a, **kw)

    rec._writer.add_pose = hang
    image = np.full((240, 320, 3), 90, np.uint8)  # 225 KB: four fit in the 1 MB picture budget

    def frame(i):
        pose = PoseFrame(t_ms=i * 33, index=i, image_size=(320, 240))
        return SimpleNamespace(image_bgr=image, pose=pose, events=(RepStarted(i * 33),), set_tag={"set_index": 1})

    rec.submit_frame(frame(0))
    assert stalled.wait(10), "the writer took the first frame"
    producer = threading.Thread(target=lambda: [rec.submit_frame(frame(i)) for i in range(1, n)])
    producer.start()
    producer.join(30)
    assert not producer.is_alive(), "submit_frame blocked on the stalled writer"
    assert rec.landmark_frames_lost == n - 1 - 50 and rec.events_lost == rec.landmark_frames_lost - 30
    assert rec.new_loss() == rec.landmark_frames_lost and rec.new_loss() == 0  # reported once, then quiet

    release.set()
    rec.close()
    s = open_session(tmp_path / "stall")
    assert s.complete and s.meta["landmark_frames_lost"] == rec.landmark_frames_lost
    assert len(read_poses(tmp_path / "stall")) + rec.landmark_frames_lost == n
    events = read_events(tmp_path / "stall")
    assert len(events) + rec.events_lost == n
    times = [e["t_ms"] for e in events]
    assert times == sorted(times), "events held back are written after the queued ones, in order"
    assert s.meta["video_frames"] + s.meta["video_frames_dropped"] == n and s.meta["video_frames_dropped"] > 0
