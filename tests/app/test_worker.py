"""PipelineWorker run synchronously (no thread): pacing-free replay, UI back-pressure, no lost events."""

from __future__ import annotations

import pytest

from posecheck.app.worker import PipelineWorker
from posecheck.capture.sources import VideoFileSource
from posecheck.engine.analyzer import Analyzer
from posecheck.exercises.loader import get_exercise
from posecheck.pose.fake_backend import FakePoseBackend

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
