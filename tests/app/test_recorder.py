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
