"""Recovery of sessions a crash left unfinished (posecheck.session.recovery), without Qt."""

from __future__ import annotations

import json

from posecheck.engine.analyzer import Analyzer
from posecheck.engine.events import event_to_dict
from posecheck.exercises.loader import get_exercise
from posecheck.session.recovery import recover_session
from posecheck.session.store import EVENTS_FILE, META_FILE, SessionWriter, read_events
from synthetic import bridge_sequence


def _record(folder, seq, events, frames=None):
    """A session as the app leaves it when killed right after a flush (the writer is left open)."""
    w = SessionWriter(folder, {"exercise_id": "glute_bridge"})
    w.add_event({"type": "SetStarted", "t_ms": 0, "exercise_id": "glute_bridge", "set_index": 1})
    for f in list(seq.frames())[:frames]:
        w.add_pose(f)
    for e in events:
        w.add_event(e)
    w.flush()
    return w


def _engine_events(seq, frames):
    an = Analyzer(get_exercise("glute_bridge"))
    out = []
    for f in list(seq.frames())[:frames]:
        out += [{**event_to_dict(e), "exercise_id": "glute_bridge", "set_index": 1} for e in an.push(f)]
    return out


def test_a_session_being_recorded_is_never_recovered(tmp_path):
    seq = bridge_sequence(3)
    w = _record(tmp_path / "live", seq, _engine_events(seq, 100), frames=100)
    before = (tmp_path / "live" / EVENTS_FILE).read_bytes()
    assert recover_session(tmp_path / "live") is None  # its recorder still holds the lock
    assert (tmp_path / "live" / EVENTS_FILE).read_bytes() == before
    w.abandon()  # the recorder is gone (as after a kill: the kernel drops the lock)
    assert recover_session(tmp_path / "live") is not None


def test_the_replay_finishes_a_rep_on_its_way_down_like_the_live_engine_would(tmp_path):
    seq = bridge_sequence(3)
    live = Analyzer(get_exercise("glute_bridge"))
    for n, f in enumerate(seq.frames()):  # stop in the middle of the third rep's way down
        live.push(f)
        if live.state().reps_total == 2 and live.state().phase == "lowering":
            cut = n + 1
            break
    _record(tmp_path / "s", seq, _engine_events(seq, cut), frames=cut).abandon()
    result = recover_session(tmp_path / "s")
    assert result.replay_matched and result.events_added >= 1
    events = read_events(tmp_path / "s")
    finished = [e for e in live.finish() if type(e).__name__ == "RepCompleted"]
    assert sum(e["type"] == "RepCompleted" for e in events) == 3 == len(finished) + 2
    assert events[-1]["type"] == "SetEnded" and events[-1]["reps_total"] == 3 and events[-1]["reason"] == "interrupted"


def test_when_the_replay_disagrees_the_recorded_counts_stand(tmp_path):
    seq = bridge_sequence(3)
    made_up = {"type": "RepCompleted", "t_ms": 123, "exercise_id": "glute_bridge", "set_index": 1,
               "rep": {"index": 0, "side": None, "start_ms": 0, "top_start_ms": 50, "top_end_ms": 80, "end_ms": 123}}
    _record(tmp_path / "s", seq, [made_up]).abandon()
    result = recover_session(tmp_path / "s")
    assert not result.replay_matched and result.events_added == 0
    events = read_events(tmp_path / "s")
    assert [e["type"] for e in events] == ["SetStarted", "RepCompleted", "SetEnded"]
    assert events[-1]["reps_total"] == 1 and events[-1]["t_ms"] == int(seq.t_ms[-1])
    meta = json.loads((tmp_path / "s" / META_FILE).read_text())
    assert meta["complete"] is False and meta["recovered"]["replay_matched"] is False
