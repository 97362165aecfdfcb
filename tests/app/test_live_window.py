"""The main window driven by a video source, with the pose model replaced by stored landmarks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from posecheck.app.cues import CuePlayer
from posecheck.app.live_presenter import LivePhase
from posecheck.app.qt_main_window import QtMainWindow
from posecheck.app.settings import Settings
from posecheck.capture.sources import Frame
from posecheck.errors import SourceError
from posecheck.exercises.loader import load_catalogue
from posecheck.pose.fake_backend import FakePoseBackend
from posecheck.session.index import SessionIndex
from posecheck.session.store import open_session

pytestmark = pytest.mark.gui

SPEED = 4.0  # play the clips 4x faster than real time


def make_window(qtbot, seq, lang="en", catalogue=None, source_opener=None, speed=SPEED):
    settings = Settings(language=lang, safety_confirmed=True)
    cues = CuePlayer(lang, enable_audio=False)
    win = QtMainWindow(catalogue or load_catalogue(), settings, backend_factory=lambda: FakePoseBackend(seq),
                       speed=speed, cues=cues, save_settings=False, source_opener=source_opener)
    qtbot.addWidget(win)
    win.show()
    return win


def run_to_end(qtbot, win, ids, source, timeout_ms=20000):
    with qtbot.waitSignal(win.session_finished, timeout=timeout_ms) as blocker:
        assert win.start_session(ids, source)
    return blocker.args[0]


def test_counter_reaches_three_reps_and_the_session_is_saved(qtbot, bridge_clips):
    video, seq = bridge_clips["clean"]
    win = make_window(qtbot, seq)
    shown = []
    win.presenter.rep_counted.connect(shown.append)
    folder = run_to_end(qtbot, win, ["glute_bridge"], str(video))

    assert win.live.counter.total.text() == "3"
    assert shown == [1, 2, 3]
    assert not win.presenter.faults_seen
    assert not win.live.fault_banner.isVisible()
    assert win.live.video.latencies_ms, "frames were painted"

    s = open_session(folder)
    assert s.complete and s.meta["exercise_id"] == "glute_bridge"
    assert s.meta["model"]["variant"] == "synthetic"
    assert "hip_lift_deg" in s.meta["exercise_definition_toml"]
    assert sum(e["type"] == "RepCompleted" for e in s.events) == 3
    assert s.poses is not None and len(s.poses) == len(seq)
    assert s.video is not None and s.video.stat().st_size > 0
    assert list(s.poses.meta["video_frame"]) == list(range(len(seq)))  # landmarks line up with video frames
    rows = SessionIndex(win.settings.storage_path).sessions()
    assert [(r.exercise_id, r.reps_total, r.sets) for r in rows] == [("glute_bridge", 3, 1)]


def test_fault_banner_shows_the_over_arch_cue_in_dutch(qtbot, bridge_clips):
    video, seq = bridge_clips["arched"]
    win = make_window(qtbot, seq, lang="nl")
    expected = next(f for f in win.catalogue["glute_bridge"].faults if f.id == "over_arched_back").message.nl
    win.start_session(["glute_bridge"], str(video))
    qtbot.waitUntil(lambda: win.live.fault_banner.isVisible(), timeout=15000)
    assert win.live.fault_banner.fault_id == "over_arched_back"
    assert win.live.fault_banner.text() == expected
    assert expected in win.presenter.cues.spoken
    with qtbot.waitSignal(win.session_finished, timeout=20000):
        pass
    assert win.live.counter.total.text() == "3"
    assert win.presenter.faults_seen["over_arched_back"] == 3


def test_setup_check_tells_what_to_change_then_counts(qtbot, bridge_clips):
    from posecheck.landmarks import LANDMARK_INDEX as I

    video, seq = bridge_clips["clean"]
    late = dataclasses.replace(seq, xyz=seq.xyz.copy())
    legs = [I[f"{s}_{p}"] for s in ("left", "right") for p in ("knee", "ankle", "heel", "foot_index")]
    late.xyz[:20, legs, 0] += 0.6  # for the first second the legs stick out of the picture
    win = make_window(qtbot, late, speed=2.0)
    seen = []
    win.presenter.view.show_setup = _recording(win.presenter.view.show_setup, seen)
    folder = run_to_end(qtbot, win, ["glute_bridge"], str(video))
    titles = [t for t, _, _ in seen]
    hints = [h for _, lines, _ in seen for h in lines]
    assert "Move back until your feet are in view" in hints
    first_hint = next(i for i, (_, lines, _) in enumerate(seen) if "Move back until your feet are in view" in lines)
    assert titles.index("Counting") > first_hint
    assert not seen[first_hint][2] and seen[-1][2]
    assert win.live.counter.total.text() == "3"
    assert open_session(folder).events[0]["type"] in ("SetStarted", "SetupChanged")


def _recording(fn, log):
    def wrapper(title, lines, ok):
        log.append((title, list(lines), ok))
        fn(title, lines, ok)
    return wrapper


def test_stop_it_hurts_ends_the_set_and_records_it(qtbot, bridge_clips):
    video, seq = bridge_clips["clean"]
    win = make_window(qtbot, seq, speed=2.0)
    win.start_session(["glute_bridge"], str(video))
    qtbot.waitUntil(lambda: win.live.counter.total.text() == "1", timeout=15000)
    with qtbot.waitSignal(win.session_finished, timeout=5000) as blocker:
        qtbot.mouseClick(win.live.hurts_button, qtbot_button())
    s = open_session(blocker.args[0])
    types = [e["type"] for e in s.events]
    assert "StoppedForPain" in types
    assert any(e["type"] == "SetEnded" and e["reason"] == "pain" for e in s.events)
    assert s.meta["stopped_for_pain"] is True
    assert "physiotherapist" in win.live.message.text()
    assert SessionIndex(win.settings.storage_path).sessions()[0].stopped_for_pain


def qtbot_button():
    from PyQt6.QtCore import Qt
    return Qt.MouseButton.LeftButton


def test_no_camera_shows_a_message_and_offers_a_video(qtbot, bridge_clips):
    _, seq = bridge_clips["clean"]

    def no_camera(spec):
        raise SourceError(f"no camera found at index {spec}", "Connect a camera")

    win = make_window(qtbot, seq, source_opener=no_camera)
    win.start_session(["glute_bridge"], 0)
    qtbot.waitUntil(lambda: win.live.open_video_button.isVisible(), timeout=5000)
    assert "No camera found" in win.live.message.text()


class FlakyCamera:
    """A live source that delivers ``n`` frames of a PoseSequence's video, then 'is unplugged'."""

    is_live = True

    def __init__(self, images, n):
        self.images, self.n, self.fps, self.size = images, n, 20.0, (320, 240)

    def __iter__(self):
        import time
        for i in range(self.n):
            time.sleep(0.01)
            yield Frame(self.images[i % len(self.images)], i * 50, i)
        raise SourceError("camera 0 stopped delivering frames", "Check that it is still plugged in")

    def close(self):
        pass


def test_camera_unplugged_mid_set_pauses_and_keeps_the_session(qtbot, bridge_clips):
    _, seq = bridge_clips["clean"]
    images = [np.zeros((240, 320, 3), np.uint8)] * 5
    opened = []

    def opener(spec):
        opened.append(spec)
        return FlakyCamera(images, 60 if len(opened) == 1 else 400)

    win = make_window(qtbot, seq, source_opener=opener)
    win.start_session(["glute_bridge"], 0)
    qtbot.waitUntil(lambda: win.live.resume_button.isVisible(), timeout=10000)
    assert win.presenter.phase is LivePhase.PAUSED
    assert "Resume" in win.live.message.text() or "press Resume" in win.live.message.text()
    reps_before = win.presenter.last_state.reps_total
    win.live.resume_button.click()
    qtbot.waitUntil(lambda: win.presenter.last_state.reps_total >= 2, timeout=15000)
    assert win.presenter.last_state.reps_total >= reps_before
    with qtbot.waitSignal(win.session_finished, timeout=5000) as blocker:
        win.live.stop_button.click()
    s = open_session(blocker.args[0])
    types = [e["type"] for e in s.events]
    assert "SourceLost" in types and "Resumed" in types
    t = [e["t_ms"] for e in s.events if e["type"] == "RepCompleted"]
    assert t == sorted(t) and len(t) >= 2
    assert np.all(np.diff(s.poses.t_ms) > 0), "timestamps keep increasing after the camera came back"


def test_full_disk_stops_recording_with_a_message_but_keeps_coaching(qtbot, bridge_clips, monkeypatch):
    from posecheck.app import recorder as rec_mod

    real_init = rec_mod.SessionRecorder.__init__

    def tiny_disk(self, *a, **kw):
        real_init(self, *a, **kw)
        self.min_free_bytes = 1 << 62  # every free-space check now says "full"

    monkeypatch.setattr(rec_mod.SessionRecorder, "__init__", tiny_disk)
    video, seq = bridge_clips["clean"]
    win = make_window(qtbot, seq)
    folder = run_to_end(qtbot, win, ["glute_bridge"], str(video))
    assert "Recording stopped" in win.live.message.text() and "full" in win.live.message.text()
    assert win.live.counter.total.text() == "3"
    s = open_session(folder)  # what was written before the disk filled up is still readable
    assert not s.complete and s.meta["exercise_id"] == "glute_bridge"
    assert s.poses is not None and 0 < len(s.poses) < len(seq)


def test_sets_rest_and_next_set(qtbot, tmp_path):
    from scene import bridge_sequence, write_video

    seq = bridge_sequence(5)
    video = write_video(seq, tmp_path / "five.mp4")
    cat = load_catalogue()
    gb = cat["glute_bridge"]
    cat = {"glute_bridge": dataclasses.replace(
        gb, prescription=dataclasses.replace(gb.prescription, sets=2, reps=2, rest_s=1))}
    win = make_window(qtbot, seq, catalogue=cat)
    win.start_session(["glute_bridge"], str(video))
    qtbot.waitUntil(lambda: "Rest" in win.live.rest_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: "Set 2 of 2" in win.live.counter.set_label.text(), timeout=5000)
    with qtbot.waitSignal(win.session_finished, timeout=20000) as blocker:
        pass
    s = open_session(blocker.args[0])
    ended = [e for e in s.events if e["type"] == "SetEnded"]
    assert ended[0]["reason"] == "done" and ended[0]["reps_total"] == 2
    assert {e["set_index"] for e in s.events if e["type"] == "RepCompleted"} == {1, 2}


def test_a_routine_moves_on_to_the_next_exercise_with_its_own_session(qtbot, tmp_path):
    from scene import bridge_sequence, write_video

    seq = bridge_sequence(5)
    video = write_video(seq, tmp_path / "five.mp4")
    gb = load_catalogue()["glute_bridge"]
    short = dataclasses.replace(gb.prescription, sets=1, reps=2, rest_s=1)
    first = dataclasses.replace(gb, id="bridge_a", prescription=short)
    second = dataclasses.replace(gb, id="bridge_b", name=dataclasses.replace(gb.name, en="Second bridge"),
                                 prescription=short)
    win = make_window(qtbot, seq, catalogue={"bridge_a": first, "bridge_b": second})
    win.start_session(["bridge_a", "bridge_b"], str(video))
    qtbot.waitUntil(lambda: "Next: Second bridge" in win.live.rest_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: win.live.title.text() == "Second bridge", timeout=5000)
    with qtbot.waitSignal(win.session_finished, timeout=20000):
        pass
    assert len(win.presenter.rec.folders) == 2
    a, b = (open_session(f) for f in win.presenter.rec.folders)
    assert (a.meta["exercise_id"], b.meta["exercise_id"]) == ("bridge_a", "bridge_b")
    assert a.complete and b.complete and a.meta["routine"] == ["bridge_a", "bridge_b"]
    assert sum(e["type"] == "RepCompleted" for e in a.events) == 2
    assert sum(e["type"] == "RepCompleted" for e in b.events) >= 1
    rows = SessionIndex(win.settings.storage_path).sessions()
    assert sorted(r.exercise_id for r in rows) == ["bridge_a", "bridge_b"]


def test_alternating_exercises_count_left_and_right_separately(qtbot, tmp_path):
    import cv2
    from synthetic import (
        bird_dog_sequence,  # the engine tests' hand-built quadruped (tests/synthetic.py)
    )

    seq = bird_dog_sequence(["left", "right", "left", "right", "right"])
    fps = 1000.0 / float(np.median(np.diff(seq.t_ms)))
    vw = cv2.VideoWriter(str(tmp_path / "bd.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), fps, (320, 240))
    for _ in range(len(seq)):
        vw.write(np.full((240, 320, 3), 60, np.uint8))
    vw.release()
    win = make_window(qtbot, seq, speed=8.0)
    run_to_end(qtbot, win, ["bird_dog"], str(tmp_path / "bd.mp4"))
    c = win.live.counter
    assert c.per_side and c.left.isVisibleTo(win) and not c.total.isVisibleTo(win)
    assert (c.left.text(), c.right.text()) == ("2", "3")
    assert c.left_caption.text() == "left"


def test_the_hold_timer_runs_only_while_the_plank_is_straight(qtbot, tmp_path):
    from scene import plank_sequence, write_video

    seq = plank_sequence([(1.0, 0), (4.0, 0), (2.0, 26), (3.0, 0)])  # straight, sagging 2 s, straight
    video = write_video(seq, tmp_path / "plank.mp4")
    win = make_window(qtbot, seq)
    shown = []
    real = win.live.hold_timer.set_hold
    win.live.hold_timer.set_hold = lambda s, target, running, *a: (shown.append((s, running)),
                                                                     real(s, target, running, *a))
    run_to_end(qtbot, win, ["plank"], str(video))
    assert win.live.hold_timer.isVisibleTo(win) and not win.live.counter.isVisibleTo(win)
    assert "hips_sagging" in win.presenter.faults_seen
    paused = [s for s, running in shown if not running and s > 0]
    assert paused, "the clock stopped while the hips sagged"
    assert max(paused) - min(paused) < 0.6  # ...and did not move while stopped (grace 0.5 s)
    total = float(win.live.hold_timer.value.text().split()[0])
    assert 7.0 <= total <= 8.5  # 5 s + 3 s straight, minus settling and the grace at each end


def test_the_live_analyzers_keep_only_a_bounded_trace(qtbot, bridge_clips):
    """A live set can last an hour: its per-frame trace is a ring buffer (recordings keep theirs whole)."""
    from posecheck.app.live_presenter import LIVE_TRACE_FRAMES

    video, seq = bridge_clips["clean"]
    win = make_window(qtbot, seq)
    kept = []
    win.presenter.rep_counted.connect(lambda n: kept.append(len(win.presenter.analyzer.trace.t_ms)))
    run_to_end(qtbot, win, ["glute_bridge"], str(video))
    assert len(kept) == 3 and max(kept) <= LIVE_TRACE_FRAMES < len(seq)
