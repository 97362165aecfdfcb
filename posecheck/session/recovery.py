"""Finishing a session that a crash, a kill or a power cut left unfinished, when it is found.

The live app ends a set by finishing its engine (a rep on its way down counts, a running hold is
closed) and writing ``SetEnded``. A kill skips both, so the summary of a killed plank said 0 s held.
:func:`recover_session` does what the app would have done, from what is on disk:

1. The set in progress is replayed from its recorded landmarks through the engine, with the definition
   stored in ``meta.json`` (``Analyzer.analyze``: the same causal path the live view ran, so it
   reproduces the recorded events). The events it adds to those already on disk (the engine's finish,
   and those of frames whose events were not flushed yet) are appended to ``events.jsonl``, followed by
   ``SetEnded`` with ``reason: "interrupted"`` and ``recovered: true``. If the replay does not reproduce
   the recorded events (another engine version), only ``SetEnded`` is added: counts stay as recorded.
2. A video an older posecheck left without an index (``cv2.VideoWriter`` wrote it only on release) is
   indexed (:mod:`posecheck.session.avi_repair`); today's recorder keeps its index on disk as it goes.
3. ``meta.json`` gets ``recovered`` (when, how many events were added). ``complete`` stays false: the
   session did not end normally, and the review says so.

A session that is being recorded is never touched: recovery needs the lock the recorder holds on its
events file (:mod:`posecheck.session.recording_lock`), which also keeps two recoveries apart. The
events are appended in one write, so a second kill during recovery leaves all or nothing of them,
and recovering twice adds nothing. No Qt, mediapipe or cv2.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from posecheck.engine.events import (
    ENGINE_EVENT_TYPES,
    HoldEnded,
    RepCompleted,
    SetEnded,
    SetStarted,
    TaggedEvent,
    event_to_dict,
    tagged_from_dict,
)
from posecheck.errors import PosecheckError
from posecheck.landmarks import PoseSequence
from posecheck.session.avi_repair import index_unfinished_avi
from posecheck.session.recording_lock import session_lock
from posecheck.session.store import (
    EVENTS_FILE,
    META_FILE,
    VIDEO_FILE,
    _json_default,
    _write_json_atomic,
    nan_to_none,
    read_events,
    read_poses,
)
from posecheck.session.stored_exercise import stored_exercise

__all__ = ["RecoveryResult", "recover_session"]

@dataclass
class RecoveryResult:
    events_added: int  # engine events appended (SetEnded not counted)
    replay_matched: bool  # the replay reproduced the recorded events of the unfinished set
    set_index: int | None  # the set that was finished (None: every set had ended)
    video_frames_indexed: int | None = None  # an older posecheck's unindexed video, indexed now


def recover_session(folder: str | Path) -> RecoveryResult | None:
    """Finish an unfinished, unrecovered session that nobody is recording; None when there is nothing to
    do (complete, already recovered, being recorded, or not a session)."""
    folder = Path(folder)
    if not (folder / META_FILE).is_file() or not (folder / EVENTS_FILE).is_file():
        return None
    with session_lock(folder / EVENTS_FILE) as locked:
        if not locked:
            return None
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if meta.get("complete") or meta.get("recovered"):
            return None
        events = read_events(folder)
        result, lines = _finish_open_set(folder, meta, events)
        if lines:
            _append(folder / EVENTS_FILE, lines)
        # A video from before the recorder kept its index on disk: index it now, so the review seeks.
        result.video_frames_indexed = index_unfinished_avi(folder / VIDEO_FILE)
        meta["recovered"] = {"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "events_added": result.events_added,
                             "replay_matched": result.replay_matched, "set_index": result.set_index,
                             "video_frames_indexed": result.video_frames_indexed}
        _write_json_atomic(folder / META_FILE, meta)
        return result


def _finish_open_set(folder: Path, meta: dict, events: list[dict]) -> tuple[RecoveryResult, list[dict]]:
    typed = [te for te in map(tagged_from_dict, events) if te is not None]
    tagged = [te for te in typed if te.set_index is not None]
    if not tagged:
        return RecoveryResult(0, True, None), []
    set_index = tagged[-1].set_index
    exercise_id = tagged[-1].exercise_id or meta.get("exercise_id", "")
    this_set = [te for te in tagged if te.set_index == set_index and (te.exercise_id or exercise_id) == exercise_id]
    if any(isinstance(te.event, SetEnded) for te in this_set):
        return RecoveryResult(0, True, None), []  # killed between sets: nothing was running
    tag = {"exercise_id": exercise_id, "set_index": set_index}
    # The set's engine events by their tag, not by their place in the file: the worker may record the
    # set's first frames before the app's SetStarted (which a very early kill may even have missed).
    recorded = [te for te in this_set if isinstance(te.event, ENGINE_EVENT_TYPES)]
    started = next((te.event for te in this_set if isinstance(te.event, SetStarted)), None)
    set_start_ms = int(started.t_ms or 0) if started else None
    seq = _readable_poses(folder)
    added, matched, counts = [], False, None
    if seq is not None and len(seq):
        try:
            ex = stored_exercise(meta, exercise_id, [])
        except PosecheckError:
            ex = None  # an exercise this posecheck does not know: the counts stay as recorded
        if ex is not None:
            start_ms = int(seq.t_ms[0]) if set_start_ms is None else set_start_ms
            added, matched, counts = _replay(seq, ex, start_ms, recorded)
    times = [int(e["t_ms"]) for e in events if isinstance(e.get("t_ms"), (int, float))]
    t_end = int(seq.t_ms[-1]) if seq is not None and len(seq) else max(times, default=0)
    lines = [event_to_dict(e, **tag, recovered=True) for e in added]
    ended = counts if counts is not None else _recorded_counts(recorded, t_end)
    lines.append(event_to_dict(ended, **tag, recovered=True, wall_time=time.time()))
    return RecoveryResult(len(added), matched, set_index), lines


def _recorded_counts(recorded: list[TaggedEvent], t_end: int) -> SetEnded:
    reps = [te.event.rep for te in recorded if isinstance(te.event, RepCompleted)]
    sides = [None if r is None else r.side for r in reps]
    holds = [te.event.hold for te in recorded if isinstance(te.event, HoldEnded) and te.event.hold is not None]
    held_s = sum(max(0.0, ((h.end_ms or 0) - (h.start_ms or 0)) / 1000.0) for h in holds)
    return SetEnded(t_end, reason="interrupted", reps_total=len(sides), reps_left=sides.count("left"),
                    reps_right=sides.count("right"), hold_s=round(held_s, 2))


def _replay(seq: PoseSequence, ex, set_start_ms: int, recorded: list[TaggedEvent]):
    """Re-run the engine over the set's landmarks. The set's first frame is the one at or next to
    ``SetStarted``'s time (the app reads that time while the worker may take one more frame), so those
    are tried; the one whose events begin with the recorded ones wins. Returns (events the recording
    lacks, matched, the set's SetEnded with its final counts) or ([], False, None)."""
    from posecheck.engine.analyzer import Analyzer
    from posecheck.session.plan import set_ended

    first = int(np.searchsorted(seq.t_ms, set_start_ms, side="left"))
    want = [(type(te.event), te.event.t_ms) for te in recorded]
    # The folder's first frame too: the first set's engine gets the very first frame, and the app may
    # read the time for SetStarted a few frames later.
    for i0 in dict.fromkeys((first, first + 1, max(first - 1, 0), 0)):
        if i0 >= len(seq):
            continue
        an = Analyzer(ex)
        replayed = an.analyze(_tail(seq, i0))
        got = [(type(e), e.t_ms) for e in replayed]
        if got[:len(want)] == want:
            # after finish(): every hold closed, so the state's hold time is the set's
            return replayed[len(want):], True, set_ended(an.state(), "interrupted", int(seq.t_ms[-1]))
    return [], False, None


def _tail(seq: PoseSequence, i0: int) -> PoseSequence:
    return PoseSequence(t_ms=seq.t_ms[i0:], xyz=seq.xyz[i0:], visibility=seq.visibility[i0:],
                        world_xyz=seq.world_xyz[i0:], n_poses=seq.n_poses[i0:], image_size=seq.image_size,
                        model_variant=seq.model_variant, model_sha256=seq.model_sha256)


def _readable_poses(folder: Path) -> PoseSequence | None:
    try:
        return read_poses(folder)
    except (OSError, ValueError, KeyError, EOFError):
        return None


def _append(path: Path, lines: list[dict]) -> None:
    """One write and an fsync: a kill during it leaves the lines all there or (in practice) none."""
    text = "".join(json.dumps(nan_to_none(d), ensure_ascii=False, default=_json_default) + "\n" for d in lines)
    with open(path, "rb") as f:  # a line torn by the crash must not swallow the first appended one
        f.seek(0, os.SEEK_END)
        torn = f.tell() > 0 and (f.seek(-1, os.SEEK_END), f.read(1))[1] != b"\n"
    data = (("\n" if torn else "") + text).encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
