"""Writes and reads one recorded session folder. No Qt, mediapipe or cv2 here.

A session folder (its name is the start time, ``YYYYmmdd-HHMMSS-<exercise>``) holds:

- ``meta.json``: exercise id and definition path, model variant and SHA-256, app version,
  settings, ``schema_version``; rewritten (atomically) when the session ends with ``ended_at``.
- ``events.jsonl``: one engine event per line (``event_to_dict``), plus app events such as
  ``SetStarted``, ``SetEnded``, ``StoppedForPain``, ``RecordingStopped``; written at every flush, twice a
  second (``FLUSH_INTERVAL_S``), after the video and the landmarks of the same frames, so a crash or kill
  loses at most the last second even when a flush waits for a slow disk.
- ``poses/part_NNNNN.npz``: the landmarks in chunks of about half a second (``t_ms_T``, ``xyz_T_33_3``
  (the person judged), everyone in view where there was more than one person (``people_xyz_T_P_33_3``,
  ``people_visibility_T_P_33``, ``people_world_xyz_T_P_33_3``), ``scene_cut_T`` for a replayed video with cuts,
  ``outline_T_2_2_21`` (and ``people_outline_T_P_2_2_21``) for exercises that read the back's outline: the
  trunk's edge at 21 points, never the person mask it was measured on (posecheck/landmarks.py),
  ``visibility_T_33``, ``world_xyz_T_33_3``, ``n_poses_T``, ``image_size``, and ``video_frame_T``: the
  frame's index in the video file, -1 when its picture was not written); joined into ``poses.npz``
  when the session is closed normally. The reader accepts either (``PoseSequence.meta["video_frame"]``).
- ``video.avi``: the camera or file frames as Motion-JPEG (the app encodes them) in an OpenDML AVI
  whose index is written at every flush (:mod:`posecheck.session.avi_writer`): after a crash or a kill
  it still reports its frame count and seeks to the right frame, up to the last flush.

Everything is private to the user (folders 0700, files 0600 on POSIX; :mod:`posecheck.session.private_files`).

Events: every engine event (``event_to_dict``: ``type``, ``t_ms`` …) plus ``exercise_id`` and
``set_index``; the app adds ``SetStarted``, ``SetEnded`` (``reason``: done | stopped | pain |
video_ended | interrupted, ``reps_total``, ``reps_left``, ``reps_right``, ``hold_s``), ``StoppedForPain``,
``SourceLost`` (``message``), ``Paused``, ``Resumed``, each with ``wall_time`` (Unix seconds).
``t_ms`` is source time (container time for files; for cameras a clock that keeps running across a
reconnect). Meta keys: ``exercise_id``, ``exercise_file``, ``exercise_definition_toml``,
``prescription``, ``routine``, ``model`` {``variant``, ``sha256``}, ``app_version``, ``language``,
``source`` {``spec``, ``is_live``, ``fps``, ``size``}, ``settings``, ``started_at``, ``ended_at``,
``complete``, ``stopped_for_pain``, ``faults_seen``, ``video_frames``, ``video_frames_dropped`` (pictures the
disk could not keep up with), ``landmark_frames_lost`` and ``events_lost`` (a stalled disk: the recorder
never waits for it), and ``recovered`` when a session a crash cut short was finished later
(:mod:`posecheck.session.recovery`; its last set then ends with ``SetEnded`` ``reason: "interrupted"``).

Disk full or any other write error raises :class:`RecordingError`; what was written stays readable.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from posecheck.i18n import N_
from posecheck.landmarks import OUTLINE_SHAPE, OUTLINE_STATIONS, PoseFrame, PoseSequence
from posecheck.session.avi_writer import MjpegAviWriter
from posecheck.session.private_files import private_dir, private_opener
from posecheck.session.recording_lock import hold_recording_lock

__all__ = [
    "EVENTS_FILE",
    "META_FILE",
    "POSES_DIR",
    "POSES_FILE",
    "SCHEMA_VERSION",
    "VIDEO_FILE",
    "RecordingError",
    "SessionData",
    "SessionWriter",
    "list_sessions",
    "nan_to_none",
    "open_session",
    "read_events",
    "read_poses",
    "read_time_span_ms",
    "session_folder_name",
]

# Bump when a reader of an older version would misread a newer folder (add a migration in open_session).
SCHEMA_VERSION = 1
META_FILE = "meta.json"
EVENTS_FILE = "events.jsonl"
POSES_FILE = "poses.npz"
POSES_DIR = "poses"
OUTLINE_ARRAY = f"outline_T_2_2_{OUTLINE_STATIONS}"
PEOPLE_OUTLINE_ARRAY = f"people_outline_T_P_2_2_{OUTLINE_STATIONS}"
VIDEO_FILE = "video.avi"
# Twice a second: a flush happens at the first frame after the interval and waits for the disk, so
# with 1.0 a kill just before a slow flush finished lost a little more than the promised second.
FLUSH_INTERVAL_S = 0.5
# What open_session says about a session a crash cut short (the review shows it in Dutch too).
NOT_ENDED_WARNING = N_("the session did not end normally; the last second may be missing")
RECOVERED_WARNING = N_("; its last set was finished from the recorded landmarks")


class RecordingError(Exception):
    """Writing the session failed (for example a full disk); the message says what to do."""


def session_folder_name(started: float, exercise_id: str) -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(started)) + f"-{exercise_id}"


def _json_default(o):
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (tuple, set)):
        return list(o)
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def nan_to_none(x):
    """NaN is not JSON: store it as null (also in nested dicts and lists)."""
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {k: nan_to_none(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [nan_to_none(v) for v in x]
    return x


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", opener=private_opener) as f:
        json.dump(nan_to_none(data), f, indent=2, ensure_ascii=False, default=_json_default)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _disk_error(e: OSError, folder: Path) -> RecordingError:
    if e.errno == 28:  # ENOSPC
        return RecordingError(f"the disk is full; recording stopped. What was recorded until now is kept in {folder}")
    return RecordingError(f"cannot write the session to {folder} ({e.strerror or e}); recording stopped, "
                          "what was written is kept")


class SessionWriter:
    """Writes one session folder incrementally. Call :meth:`add_event` / :meth:`add_video_frame` /
    :meth:`add_pose` as things happen, :meth:`maybe_flush` often (it flushes at most once per
    ``flush_interval_s``) and :meth:`close` at the end."""

    def __init__(self, folder: str | Path, meta: dict, flush_interval_s: float = FLUSH_INTERVAL_S,
                 clock=time.monotonic, video_fps: float = 30.0):
        self.folder = Path(folder)
        self.flush_interval_s = flush_interval_s
        self.video_fps = video_fps
        self._video: MjpegAviWriter | None = None
        self._clock = clock
        self.meta = {"schema_version": SCHEMA_VERSION, "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "complete": False, **meta}
        self._poses: list[PoseFrame] = []
        self._event_lines: list[str] = []
        self._video_frame: list[int] = []
        self._video_frames = 0
        self._part = 0
        self._closed = False
        try:
            private_dir(self.folder.parent)  # the library: it may exist from before, readable by others
            private_dir(self.folder)
            private_dir(self.folder / POSES_DIR)
            _write_json_atomic(self.folder / META_FILE, self.meta)
            self._events = open(self.folder / EVENTS_FILE, "a", encoding="utf-8",  # noqa: SIM115 (open for the session)
                                opener=private_opener)
            hold_recording_lock(self._events.fileno())  # so that a reader never "recovers" this live session
        except OSError as e:
            raise _disk_error(e, self.folder) from None
        self._last_flush = self._clock()

    def add_event(self, event: dict) -> None:
        """Kept in memory until the next flush (not in the file's buffer, which could reach the disk
        before the landmarks of the same frames do)."""
        self._event_lines.append(json.dumps(nan_to_none(event), ensure_ascii=False, default=_json_default) + "\n")

    def add_video_frame(self, jpeg: bytes, width: int, height: int) -> bool:
        """One JPEG-compressed picture as the next video frame; False when it could not be added (the
        video's index is full: hours of recording), so the caller counts it as dropped."""
        try:
            if self._video is None:
                self._video = MjpegAviWriter(self.folder / VIDEO_FILE, width, height, self.video_fps)
            return self._video.add_frame(jpeg)
        except OSError as e:
            raise _disk_error(e, self.folder) from None

    def add_pose(self, pose: PoseFrame, in_video: bool = False) -> None:
        """One analysed frame; ``in_video``: its picture went into the video file (the next video frame)."""
        self._poses.append(pose)
        self._video_frame.append(self._video_frames if in_video else -1)
        self._video_frames += bool(in_video)

    def maybe_flush(self) -> bool:
        if self._clock() - self._last_flush < self.flush_interval_s:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        """The video's new frames indexed, the pending landmarks as one more chunk file and the events to
        disk (fsync), in this order: a landmark on disk never points at a video frame that is not, and an
        event on disk never comes from a frame whose landmarks are not (recovery replays them)."""
        if self._closed:
            return
        try:
            if self._video is not None:
                self._video.flush()
            if self._poses:
                seq = PoseSequence.from_frames(self._poses)
                seq.meta["video_frame"] = np.array(self._video_frame, np.int32)
                _save_chunk(self.folder / POSES_DIR / f"part_{self._part:05d}.npz", seq)
                self._part += 1
                self._poses, self._video_frame = [], []
            if self._event_lines:
                self._events.write("".join(self._event_lines))
                self._event_lines = []
            self._events.flush()
            os.fsync(self._events.fileno())
        except OSError as e:
            raise _disk_error(e, self.folder) from None
        self._last_flush = self._clock()

    def update_meta(self, **fields) -> None:
        self.meta.update(fields)
        try:
            _write_json_atomic(self.folder / META_FILE, self.meta)
        except OSError as e:
            raise _disk_error(e, self.folder) from None

    def close(self, **final_meta) -> None:
        """Flush everything, join the landmark chunks into ``poses.npz`` and mark the session complete."""
        if self._closed:
            return
        try:
            self.flush()
            self._events.close()
            self._close_video()
            self._closed = True
            seq = read_poses(self.folder)
            if seq is not None:
                _save_chunk(self.folder / POSES_FILE, seq)
                for p in (self.folder / POSES_DIR).glob("part_*"):
                    p.unlink()  # the chunks and any temp file a failed write left
            self.update_meta(complete=True, ended_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"), **final_meta)
        except OSError as e:
            self._closed = True
            raise _disk_error(e, self.folder) from None

    def abandon(self) -> None:
        """Stop writing after an error, keeping whatever is on disk."""
        self._closed = True
        for close in (self._events.close, self._close_video):
            try:
                close()
            except OSError:
                pass

    def _close_video(self) -> None:
        video, self._video = self._video, None
        if video is not None:
            video.close()


# Only finished chunks match: a kill during a write leaves ``part_NNNNN.npz.tmp`` behind, which the
# reader must never mistake for a chunk (it did once, when the temp name still ended in ``.npz``).
CHUNK_NAME = re.compile(r"part_\d{5}\.npz")
# What a chunk cut short by a crash or a full disk raises on load.
TORN_CHUNK_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def _save_chunk(path: Path, seq: PoseSequence) -> None:
    """Writes to a temp name, fsyncs, then renames: a chunk file is either whole or absent."""
    tmp = path.with_name(path.name + ".tmp")
    video_frame = seq.meta.get("video_frame", np.full(len(seq), -1, np.int32))
    # A file object, so numpy does not append ".npz" to the temp name.
    extra = {}
    if seq.people_xyz is not None and seq.people_xyz.shape[1] > 1:  # everyone in view, where more than one was
        extra.update(people_xyz_T_P_33_3=seq.people_xyz, people_visibility_T_P_33=seq.people_visibility,
                     people_world_xyz_T_P_33_3=seq.people_world_xyz)
    if seq.scene_cut is not None:
        extra["scene_cut_T"] = seq.scene_cut
    if seq.outline is not None:  # the trunk's outline (a few numbers per frame), never the mask
        extra[OUTLINE_ARRAY] = seq.outline.astype(np.float32)
        if "people_xyz_T_P_33_3" in extra and seq.people_outline is not None:
            extra[PEOPLE_OUTLINE_ARRAY] = seq.people_outline.astype(np.float32)
    with open(tmp, "wb", opener=private_opener) as f:
        np.savez(f, t_ms_T=seq.t_ms, xyz_T_33_3=seq.xyz, visibility_T_33=seq.visibility,
                 world_xyz_T_33_3=seq.world_xyz, n_poses_T=seq.n_poses, video_frame_T=video_frame,
                 image_size=np.array(seq.image_size, np.int64), **extra)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def chunk_files(folder: Path) -> list[Path]:
    """The finished landmark chunks of an unclosed session, in order (never a temp file)."""
    return sorted(p for p in (folder / POSES_DIR).glob("part_*.npz") if CHUNK_NAME.fullmatch(p.name))


def _load_chunk(path: Path) -> PoseSequence:
    with np.load(path, allow_pickle=False) as z:
        size = z["image_size"]
        n = len(z["t_ms_T"])
        video_frame = z["video_frame_T"] if "video_frame_T" in z.files else np.full(n, -1, np.int32)
        people = {}
        if "people_xyz_T_P_33_3" in z.files:
            people = dict(people_xyz=z["people_xyz_T_P_33_3"], people_visibility=z["people_visibility_T_P_33"],
                          people_world_xyz=z["people_world_xyz_T_P_33_3"])
            if PEOPLE_OUTLINE_ARRAY in z.files:
                people["people_outline"] = z[PEOPLE_OUTLINE_ARRAY]
        if OUTLINE_ARRAY in z.files:
            people["outline"] = z[OUTLINE_ARRAY]
        return PoseSequence(t_ms=z["t_ms_T"], xyz=z["xyz_T_33_3"], visibility=z["visibility_T_33"],
                            world_xyz=z["world_xyz_T_33_3"], n_poses=z["n_poses_T"],
                            image_size=(int(size[0]), int(size[1])), meta={"video_frame": video_frame},
                            scene_cut=z["scene_cut_T"].astype(bool) if "scene_cut_T" in z.files else None,
                            **people)


def read_poses(folder: str | Path) -> PoseSequence | None:
    """The session's landmarks: ``poses.npz`` if the session was closed, else the chunks written so far."""
    folder = Path(folder)
    if (folder / POSES_FILE).is_file():
        return _load_chunk(folder / POSES_FILE)
    parts = []
    for p in chunk_files(folder):
        try:
            parts.append(_load_chunk(p))
        except TORN_CHUNK_ERRORS:
            break  # a chunk cut short by a crash: keep what came before it
    if not parts:
        return None
    return PoseSequence(
        t_ms=np.concatenate([p.t_ms for p in parts]), xyz=np.concatenate([p.xyz for p in parts]),
        visibility=np.concatenate([p.visibility for p in parts]),
        world_xyz=np.concatenate([p.world_xyz for p in parts]),
        n_poses=np.concatenate([p.n_poses for p in parts]), image_size=parts[0].image_size,
        meta={"video_frame": np.concatenate([p.meta["video_frame"] for p in parts])},
        scene_cut=(np.concatenate([p.scene_cut if p.scene_cut is not None else np.zeros(len(p), bool) for p in parts])
                   if any(p.scene_cut is not None for p in parts) else None),
        outline=(np.concatenate([p.outline if p.outline is not None else np.full((len(p), *OUTLINE_SHAPE), np.nan, np.float32)
                                 for p in parts]) if any(p.outline is not None for p in parts) else None),
        **_joined_people(parts))


def _joined_people(parts: list[PoseSequence]) -> dict:
    """Everyone in view across chunks: chunks without a second person hold only ``xyz``; the widest chunk
    sets how many people a frame can hold, the others are padded (NaN: nobody there)."""
    width = max((p.people_xyz.shape[1] for p in parts if p.people_xyz is not None), default=0)
    if width < 2:
        return {}
    out = {"people_xyz": [], "people_visibility": [], "people_world_xyz": []}
    outlines = any(p.outline is not None for p in parts)
    if outlines:
        out["people_outline"] = []
    for p in parts:
        n = len(p)
        xyz = np.full((n, width, 33, 3), np.nan, np.float32)
        vis = np.zeros((n, width, 33), np.float32)
        world = np.full((n, width, 33, 3), np.nan, np.float32)
        outline = np.full((n, width, *OUTLINE_SHAPE), np.nan, np.float32)
        if p.people_xyz is not None:
            k = p.people_xyz.shape[1]
            xyz[:, :k], vis[:, :k], world[:, :k] = p.people_xyz, p.people_visibility, p.people_world_xyz
            if p.people_outline is not None:
                outline[:, :k] = p.people_outline
        else:
            xyz[:, 0], vis[:, 0], world[:, 0] = p.xyz, p.visibility, p.world_xyz
            if p.outline is not None:
                outline[:, 0] = p.outline
        out["people_xyz"].append(xyz)
        out["people_visibility"].append(vis)
        out["people_world_xyz"].append(world)
        if outlines:
            out["people_outline"].append(outline)
    return {k: np.concatenate(v) for k, v in out.items()}


def read_time_span_ms(folder: str | Path) -> tuple[int, int] | None:
    """(first, last) landmark time of the session without loading the landmarks (only the time arrays
    of ``poses.npz``, or of the first and the last readable chunk); None when there are none."""
    folder = Path(folder)
    files = [folder / POSES_FILE] if (folder / POSES_FILE).is_file() else chunk_files(folder)
    times = []
    for candidates in (files, files[::-1]):
        for p in candidates:
            try:
                with np.load(p, allow_pickle=False) as z:
                    t = z["t_ms_T"]
            except TORN_CHUNK_ERRORS:
                continue  # a chunk cut short by a crash
            if len(t):
                times.append(int(t[0]) if not times else int(t[-1]))
                break
    return (times[0], times[1]) if len(times) == 2 else None


def read_events(folder: str | Path) -> list[dict]:
    """Every complete line of ``events.jsonl``; a line cut short by a crash is skipped."""
    path = Path(folder) / EVENTS_FILE
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


@dataclass
class SessionData:
    folder: Path
    meta: dict
    events: list[dict]
    poses: PoseSequence | None
    video: Path | None
    complete: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def exercise_id(self) -> str:
        return str(self.meta.get("exercise_id", ""))


def open_session(folder: str | Path, with_poses: bool = True) -> SessionData:
    """Reads a session folder, complete or cut short by a crash. Raises FileNotFoundError without meta.json."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise FileNotFoundError(f"{folder} is not a posecheck session (no {META_FILE})")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    warnings = []
    if int(meta.get("schema_version", 0)) > SCHEMA_VERSION:
        warnings.append(f"written by a newer posecheck (session schema {meta['schema_version']}); some data may be missing")
    if not meta.get("complete"):
        warnings.append(NOT_ENDED_WARNING + (RECOVERED_WARNING if meta.get("recovered") else ""))
    try:
        poses = read_poses(folder) if with_poses else None
    except TORN_CHUNK_ERRORS as e:
        poses, _ = None, warnings.append(f"landmarks unreadable: {e}")
    video = folder / VIDEO_FILE
    return SessionData(folder=folder, meta=meta, events=read_events(folder), poses=poses,
                       video=video if video.is_file() else None, complete=bool(meta.get("complete")),
                       warnings=warnings)


def list_sessions(library: str | Path) -> list[Path]:
    """Session folders in the library, oldest first."""
    library = Path(library)
    if not library.is_dir():
        return []
    return sorted(p for p in library.iterdir() if (p / META_FILE).is_file())

