"""A session killed mid-set is listed from the start, and finished from its recorded landmarks when it is
found: its duration, the hold that was running and its faults (issue 14, 12)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from killed_session import kill_after_first_frame

from posecheck.analysis import analyze_sequence
from posecheck.review.model import load_review
from posecheck.session.index import SessionIndex
from posecheck.session.recovery import recover_session
from posecheck.session.store import EVENTS_FILE, META_FILE, list_sessions, open_session, read_events

HERE = Path(__file__).parent
pytestmark = pytest.mark.gui


def test_a_plank_killed_mid_hold_is_finished_from_its_landmarks_when_found(tmp_path):
    from scene import FPS, plank_sequence, write_video

    # Straight 5 s (a hold), sagging 2 s (a fault, the hold ends), straight again: killed 12 s in, mid-hold.
    seq = plank_sequence([(1.0, 0), (4.0, 0), (2.0, 26), (12.0, 0)])
    video, landmarks = write_video(seq, tmp_path / "plank.mp4"), tmp_path / "plank.npz"
    seq.save(landmarks)
    last_seen = kill_after_first_frame(video, landmarks, tmp_path, 12.0, exercise="plank")
    library = tmp_path / "data" / "sessions"
    (folder,) = list_sessions(library)

    # Listed as soon as the recording began, before any next start.
    idx = SessionIndex(library)
    assert [(r.folder, r.complete) for r in idx.sessions()] == [(folder.name, False)]

    # What was recorded, judged by the recording path: the truth the summary must reach.
    poses = open_session(folder).poses
    recorded_s = (poses.t_ms[-1] - poses.t_ms[0]) / 1000.0
    assert last_seen / FPS - poses.t_ms[-1] / 1000.0 <= 1.0, "at most the last second lost"
    truth = analyze_sequence(poses, "plank").report
    assert truth["hold_total_s"] > 8.0 and [f["id"] for f in truth["faults"]] == ["hips_sagging"]

    assert idx.rebuild(only_missing=True) == 1  # the next start
    row = idx.sessions()[0]
    assert not row.complete
    assert row.duration_s == pytest.approx(recorded_s, abs=0.01)
    assert row.hold_total_s == pytest.approx(truth["hold_total_s"], abs=0.05), "the running hold is counted"
    assert row.faults == {"hips_sagging": 1} and row.reps_total == 0 and row.sets == 1

    meta = json.loads((folder / META_FILE).read_text())
    assert meta["complete"] is False and meta["recovered"]["replay_matched"] is True
    ended = [e for e in read_events(folder) if e["type"] == "SetEnded"]
    assert len(ended) == 1 and ended[0]["reason"] == "interrupted" and ended[0]["recovered"]
    assert ended[0]["hold_s"] == pytest.approx(truth["hold_total_s"], abs=0.05)
    review = load_review(folder)  # the workstation shows the finished set and both holds
    assert [s.reason for s in review.sets] == ["interrupted"] and len(review.holds) == len(truth["holds"])
    from posecheck.review.texts import session_warning

    assert [session_warning(w, "nl") for w in review.warnings] == [
        "de sessie is niet normaal beëindigd; de laatste seconde kan ontbreken; "
        "de laatste serie is afgerond uit de opgenomen houdingen"]

    before = (folder / EVENTS_FILE).read_bytes()
    assert recover_session(folder) is None and (folder / EVENTS_FILE).read_bytes() == before  # once only
    assert idx.rebuild() == 1 and idx.sessions()[0].hold_total_s == row.hold_total_s
    idx.close()


def test_a_glute_bridge_killed_mid_set_keeps_its_reps_and_the_engine_finishes_the_set(tmp_path):
    from scene import bridge_sequence, write_video

    seq = bridge_sequence(6)
    video, landmarks = write_video(seq, tmp_path / "bridge.mp4"), tmp_path / "bridge.npz"
    seq.save(landmarks)
    kill_after_first_frame(video, landmarks, tmp_path, 9.0, exercise="glute_bridge")
    (folder,) = list_sessions(tmp_path / "data" / "sessions")
    poses = open_session(folder).poses
    truth = analyze_sequence(poses, "glute_bridge").report
    recorded_reps = sum(e["type"] == "RepCompleted" for e in read_events(folder))
    result = recover_session(folder)
    assert result is not None and result.replay_matched
    row = SessionIndex(folder.parent)
    row.rebuild()
    summary = row.sessions()[0]
    assert summary.reps_total == truth["reps"]["total"] >= recorded_reps >= 2
    assert summary.duration_s == pytest.approx((poses.t_ms[-1] - poses.t_ms[0]) / 1000.0, abs=0.01)
    row.close()
    assert np.all(np.diff([e["t_ms"] for e in read_events(folder) if "set_index" in e and e["type"] != "SetStarted"]) >= 0)
