"""The session folder format and its SQLite index, without Qt."""

from __future__ import annotations

import errno
import json

import numpy as np
import pytest

from posecheck.engine.events import RepCompleted, RepRecord, event_to_dict
from posecheck.landmarks import PoseFrame
from posecheck.session.index import SessionIndex, summarize
from posecheck.session.store import (
    EVENTS_FILE,
    META_FILE,
    POSES_FILE,
    RecordingError,
    SessionWriter,
    list_sessions,
    open_session,
)


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def pose(i: int) -> PoseFrame:
    xyz = np.full((33, 3), i / 100.0, np.float32)
    return PoseFrame(t_ms=i * 33, index=i, image_size=(640, 480), xyz=xyz, visibility=np.ones(33, np.float32),
                     world_xyz=None, n_poses=1)


def rep(i: int, side=None) -> dict:
    return event_to_dict(RepCompleted(1000 * i, rep=RepRecord(i, side, 0, 1, 2, 3, 25.0, 20.0, ("over_arched_back",))))


def test_a_closed_session_reads_back_with_all_poses_and_events(tmp_path):
    w = SessionWriter(tmp_path / "s1", {"exercise_id": "glute_bridge"})
    for i in range(50):
        w.add_pose(pose(i))
    w.add_event({"type": "SetStarted", "t_ms": 0, "set_index": 1})
    w.add_event(rep(0))
    w.add_event({"type": "FaultRaised", "t_ms": 5, "fault_id": "over_arched_back", "value": float("nan")})
    w.close(stopped_for_pain=False)
    s = open_session(tmp_path / "s1")
    assert s.complete and s.warnings == []
    assert (tmp_path / "s1" / POSES_FILE).is_file() and not list((tmp_path / "s1" / "poses").glob("*.npz"))
    assert len(s.poses) == 50 and s.poses.t_ms[-1] == 49 * 33
    assert [e["type"] for e in s.events] == ["SetStarted", "RepCompleted", "FaultRaised"]
    assert s.events[2]["value"] is None  # NaN is stored as null: the file stays valid JSON


def test_an_unclosed_session_keeps_everything_flushed_and_skips_a_torn_line(tmp_path):
    clock = Clock()
    w = SessionWriter(tmp_path / "s2", {"exercise_id": "plank"}, clock=clock)
    for i in range(30):
        w.add_pose(pose(i))
        w.add_event({"type": "Tick", "t_ms": i})
        clock.t += 0.1
        w.maybe_flush()  # flushes about once a second
    # The process dies here: the last 0.x s were not flushed; simulate a torn last line as well.
    with open(tmp_path / "s2" / EVENTS_FILE, "a", encoding="utf-8") as f:
        f.write('{"type": "Tick", "t_m')
    s = open_session(tmp_path / "s2")
    assert not s.complete and any("did not end normally" in w for w in s.warnings)
    assert 20 <= len(s.events) <= 30 and all(e["type"] == "Tick" for e in s.events)
    assert s.poses is not None and 20 <= len(s.poses) <= 30
    assert np.all(np.diff(s.poses.t_ms) > 0)


def test_a_kill_during_a_chunk_write_leaves_the_earlier_chunks_readable(tmp_path):
    # What a kill mid-write leaves: an empty temp file (the rename never happened) and, on file
    # systems that reorder writes, a truncated last chunk. Neither may hide the chunks before them.
    clock = Clock()
    w = SessionWriter(tmp_path / "s4", {"exercise_id": "glute_bridge"}, clock=clock)
    for i in range(20):
        w.add_pose(pose(i))
        if i % 5 == 4:
            w.flush()
    poses_dir = tmp_path / "s4" / "poses"
    chunks = sorted(poses_dir.glob("*.npz"))
    assert len(chunks) == 4 and not list(poses_dir.glob("*.tmp"))
    (poses_dir / "part_00004.npz.tmp").write_bytes(b"")
    (poses_dir / "part_00004.tmp.npz").write_bytes(b"")  # the old temp name, from an older version
    whole = chunks[-1].read_bytes()
    chunks[-1].write_bytes(whole[: len(whole) // 2])
    s = open_session(tmp_path / "s4")
    assert s.poses is not None and len(s.poses) == 15 and s.poses.t_ms[-1] == 14 * 33


def test_a_full_disk_raises_recording_error_with_what_to_do(tmp_path, monkeypatch):
    w = SessionWriter(tmp_path / "s3", {"exercise_id": "plank"})
    w.add_event({"type": "Tick", "t_ms": 1})

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("posecheck.session.store.os.fsync", full)
    with pytest.raises(RecordingError, match="disk is full"):
        w.flush()
    w.abandon()
    assert json.loads((tmp_path / "s3" / META_FILE).read_text())["exercise_id"] == "plank"


def test_the_index_counts_reps_per_side_holds_faults_and_pain_stops(tmp_path):
    w = SessionWriter(tmp_path / "20260101-100000-bird_dog", {"exercise_id": "bird_dog"})
    for s in (1, 2):
        w.add_event({"type": "SetStarted", "t_ms": 0, "set_index": s})
    for i, side in enumerate(["left", "right", "left"]):
        w.add_event(rep(i, side))
    w.add_event({"type": "HoldEnded", "t_ms": 9, "hold": {"side": None, "start_ms": 1000, "end_ms": 4500}})
    w.add_event({"type": "FaultRaised", "t_ms": 9, "fault_id": "leg_above_hip"})
    w.add_event({"type": "StoppedForPain", "t_ms": 10})
    w.close()
    s = summarize(tmp_path / "20260101-100000-bird_dog")
    assert (s.sets, s.reps_total, s.reps_left, s.reps_right) == (2, 3, 2, 1)
    assert s.hold_longest_s == 3.5 and s.faults == {"leg_above_hip": 1} and s.stopped_for_pain

    idx = SessionIndex(tmp_path)
    (tmp_path / "not_a_session").mkdir()
    assert idx.rebuild() == 1
    row = idx.sessions()[0]
    assert (row.exercise_id, row.reps_left, row.stopped_for_pain, row.complete) == ("bird_dog", 2, True, True)
    assert list_sessions(tmp_path) == [tmp_path / "20260101-100000-bird_dog"]



def test_landmarks_say_which_video_frame_shows_them_when_video_frames_were_dropped(tmp_path):
    clock = Clock()
    w = SessionWriter(tmp_path / "s4", {"exercise_id": "plank"}, clock=clock)
    for i in range(6):
        w.add_pose(pose(i), in_video=i % 3 != 1)  # the camera outran the disk on frames 1 and 4
        clock.t += 0.4
        w.maybe_flush()
    assert list(open_session(tmp_path / "s4").poses.meta["video_frame"]) == [0, -1, 1, 2, -1, 3]  # from chunks
    w.close()
    assert list(open_session(tmp_path / "s4").poses.meta["video_frame"]) == [0, -1, 1, 2, -1, 3]  # joined


def test_everyone_in_view_and_the_cuts_are_kept_so_a_reopened_session_follows_the_same_person(tmp_path):
    """Chunks with a bystander keep every person, chunks without keep only the person judged; reading them
    back lines them up again, so recovery and the review choose the exerciser as the live engine did."""
    from posecheck.landmarks import PersonPose

    clock = Clock()
    w = SessionWriter(tmp_path / "s", {"exercise_id": "glute_bridge"}, clock=clock, flush_interval_s=1.0)
    for i in range(60):
        me = PersonPose(np.full((33, 3), 0.3, np.float32), np.ones(33, np.float32))
        other = PersonPose(np.full((33, 3), 0.8, np.float32), np.ones(33, np.float32))
        people = (me, other) if 20 <= i < 40 else (me,)
        w.add_pose(PoseFrame(t_ms=i * 33, index=i, image_size=(640, 480), xyz=me.xyz, visibility=me.visibility,
                             n_poses=len(people), people=people, scene_cut=i == 45))
        if i % 10 == 9:
            clock.t += 1.0
            w.maybe_flush()
    seq = open_session(tmp_path / "s").poses  # read from the chunks: the session is not closed
    assert seq.people_xyz.shape == (60, 2, 33, 3)
    assert [len(seq.people_at(i)) for i in (0, 25, 50)] == [1, 2, 1]
    assert np.allclose(seq.people_at(25)[1].xyz, 0.8) and np.allclose(seq.people_at(50)[0].xyz, 0.3)
    assert list(np.flatnonzero(seq.scene_cut)) == [45]
    w.close()
    closed = open_session(tmp_path / "s").poses
    np.testing.assert_array_equal(closed.people_xyz, seq.people_xyz)
