"""Recorded session folders built like the app builds them, for the review tests.

A session is written with the real :class:`SessionWriter`, one fresh engine per set fed frame by frame
(the app's live path), each event tagged with ``exercise_id`` and ``set_index`` as
``posecheck/app/recorder.py`` does, and ``SetStarted`` / ``SetEnded`` app events around each set.
(A module of its own, not conftest.py: ``from conftest import`` picks whichever conftest was imported
first when several test folders run in one session.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from posecheck.engine.analyzer import Analyzer
from posecheck.engine.events import event_to_dict
from posecheck.exercises.loader import get_exercise
from posecheck.landmarks import PoseSequence
from posecheck.session.store import SessionWriter


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def record_session(folder: Path, sets: list[PoseSequence], exercise_id: str = "glute_bridge",
                   rest_ms: int = 3000, drop_video_every: int = 0, meta: dict | None = None,
                   stopped_for_pain: bool = False, fps: float = 15.0, strip_rep_fields: tuple[str, ...] = ()) -> dict:
    """Write a session folder from one landmark sequence per set; returns what the engine decided
    (``reps`` per set as RepRecords, ``faults`` as event dicts, ``offsets_ms`` per set).

    ``drop_video_every``: every n-th landmark frame has no picture in the video (video_frame = -1).
    ``strip_rep_fields``: leave these keys out of the stored RepCompleted events (older files).
    """
    ex = get_exercise(exercise_id)
    clock = FakeClock()
    base = {"exercise_id": ex.id, "exercise_file": ex.source_path,
            "exercise_definition_toml": Path(ex.source_path).read_text(encoding="utf-8"),
            "prescription": dataclasses.asdict(ex.prescription),
            "model": {"variant": "full", "sha256": "ab" * 32}, "app_version": "test", "language": "en",
            "source": {"spec": "0", "is_live": True, "fps": fps, "size": [640, 480]},
            "started_at": "2026-03-02T10:00:00+0100"}
    w = SessionWriter(folder, {**base, **(meta or {})}, clock=clock)
    offset = 0
    truth = {"reps": [], "faults": [], "offsets_ms": []}
    frame_no = 0
    for set_index, seq in enumerate(sets, start=1):
        tag = {"exercise_id": ex.id, "set_index": set_index}
        an = Analyzer(ex)
        truth["offsets_ms"].append(offset)
        w.add_event({"type": "SetStarted", "t_ms": offset, **tag, "wall_time": 0.0})

        def write(events):
            for e in events:
                d = event_to_dict(e)
                if d["type"] == "RepCompleted":
                    for k in strip_rep_fields:
                        d["rep"].pop(k, None)
                if d["type"] == "FaultRaised":
                    truth["faults"].append({**d, **tag})
                w.add_event({**d, **tag})

        for i in range(len(seq)):
            f = dataclasses.replace(seq.frame(i), t_ms=int(seq.t_ms[i]) + offset, index=frame_no)
            in_video = not (drop_video_every and frame_no % drop_video_every == drop_video_every - 1)
            w.add_pose(f, in_video=in_video)
            frame_no += 1
            write(an.push(f))
            clock.t += 1.0 / fps
            w.maybe_flush()
        write(an.finish())
        end = offset + int(seq.t_ms[-1])
        st = an.state()
        w.add_event({"type": "SetEnded", "t_ms": end, **tag, "reason": "done", "reps_total": st.reps_total,
                     "reps_left": st.reps_left, "reps_right": st.reps_right, "hold_s": round(st.hold_total_s, 2)})
        truth["reps"].append(list(an.reps.reps) if an.reps else [])
        offset = end + rest_ms
    if stopped_for_pain:
        w.add_event({"type": "StoppedForPain", "t_ms": offset, "exercise_id": ex.id, "set_index": len(sets)})
    w.close(stopped_for_pain=stopped_for_pain)
    return truth


def write_session_video(path: Path, n_frames: int = 3, size: tuple[int, int] = (64, 48), fps: float = 15.0) -> Path:
    """A small ``video.avi`` written as the recorder writes it (OpenCV ``VideoWriter``, Motion-JPEG in AVI)."""
    import cv2
    import numpy as np

    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(n_frames):
        w.write(np.full((size[1], size[0], 3), (40 + 20 * i) % 256, np.uint8))
    w.release()
    return path
