"""PipelineWorker run synchronously (no thread): pacing-free replay, UI back-pressure, no lost events."""

from __future__ import annotations

import pytest

from posecheck.app.worker import PipelineWorker
from posecheck.capture.sources import VideoFileSource
from posecheck.engine.analyzer import Analyzer
from posecheck.exercises.loader import get_exercise
from posecheck.pose.fake_backend import FakePoseBackend
from posecheck.pose.stage import available_cores

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("ack_every", [1, 3, 0])
def test_a_slow_ui_gets_fewer_frames_but_every_event_and_the_recorder_gets_every_frame(bridge_clips, ack_every):
    video, seq = bridge_clips["arched"]
    an = Analyzer(get_exercise("glute_bridge"))
    w = PipelineWorker(lambda: VideoFileSource(video), lambda: FakePoseBackend(seq), an, speed=1000.0)
    painted, recorded, final, acked = [], [], [], [0]

    def sink(lf):  # called for every analysed frame: the UI finishes one paint per `ack_every` frames
        recorded.append(lf)
        if ack_every and len(recorded) % ack_every == 0 and len(painted) > acked[0]:
            acked[0] += 1
            w.frame_painted()

    w.frame_sink = sink
    w.frame_ready.connect(painted.append)
    w.analyzer_done.connect(lambda tag, evs: final.extend(evs))
    w.run()
    assert len(recorded) == len(seq) and w.frames_in == len(seq)
    if ack_every == 1:
        assert len(painted) == len(seq) and w.ui_skipped == 0
    elif ack_every == 0:
        assert len(painted) == 2 and w.ui_skipped == len(seq) - 2
    else:
        assert len(painted) < len(seq) and w.ui_skipped > 0
    recorded_events = [e for lf in recorded for e in lf.events] + final
    assert recorded_events == an.events
    if ack_every:
        painted_events = [e for lf in painted for e in lf.events]
        lost = [e for e in an.events if e not in painted_events and e not in final]
        assert lost == [] or all(e.t_ms > painted[-1].pose.t_ms for e in lost)
        assert sum(e.type == "RepCompleted" for e in painted_events) == 3


class _Flaky:
    """A replay backend whose second instance fails on its third frame."""

    made = 0

    def __init__(self, seq):
        self.inner, self.k = FakePoseBackend(seq), _Flaky.made
        self.variant, self.sha256, self.n = self.inner.variant, self.inner.sha256, 0
        _Flaky.made += 1

    def detect(self, rgb, t_ms, index):
        self.n += 1
        if self.k == 1 and self.n == 3:
            raise RuntimeError("inference failed")
        return self.inner.detect(rgb, t_ms, index)

    def close(self):
        pass


@pytest.mark.parametrize("pose_workers", [1, 2, 3])
def test_several_pose_workers_give_every_frame_in_order_with_the_same_events(bridge_clips, pose_workers):
    video, seq = bridge_clips["arched"]
    an = Analyzer(get_exercise("glute_bridge"))
    w = PipelineWorker(lambda: VideoFileSource(video), lambda: FakePoseBackend(seq), an, speed=1000.0,
                       pose_workers=pose_workers)
    recorded, final, started = [], [], []
    w.frame_sink = recorded.append
    w.source_opened.connect(started.append)
    w.analyzer_done.connect(lambda tag, evs: final.extend(evs))
    w.run()
    assert w.pose_workers == min(pose_workers, available_cores()) and started[0]["model_variant"] == seq.model_variant
    assert [lf.pose.index for lf in recorded] == list(range(len(seq)))
    assert [lf.pose.t_ms for lf in recorded] == [int(t) for t in seq.t_ms]
    assert sum(e.type == "RepCompleted" for e in an.events) == 3
    assert [e for lf in recorded for e in lf.events] + final == an.events


def test_a_pose_worker_error_ends_the_run_with_a_message_not_a_hang(bridge_clips):
    video, seq = bridge_clips["clean"]
    _Flaky.made = 0
    w = PipelineWorker(lambda: VideoFileSource(video), lambda: _Flaky(seq), None, speed=1000.0, pose_workers=2)
    errors, recorded = [], []
    w.error.connect(errors.append)
    w.frame_sink = recorded.append
    w.run()  # returns: the run ends on the error instead of hanging
    assert errors == ["RuntimeError: inference failed"]
    assert [lf.pose.index for lf in recorded] == [0, 1, 2, 3, 4]  # up to the frame that failed (instance 1's third)
