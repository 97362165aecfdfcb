"""The SQLite index of the session library: one row per session for lists and the physio review.

No Qt, mediapipe or cv2. The index is derived from the session folders (``events.jsonl``,
``meta.json`` and the landmarks' time span), so it can always be rebuilt from them
(:meth:`SessionIndex.rebuild`), for example after a crash that happened before the row was written.
A session a crash left unfinished is first finished from its recorded landmarks
(:func:`posecheck.session.recovery.recover_session`) when the rebuild finds it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from posecheck.engine.events import FaultRaised, HoldEnded, RepCompleted, SetStarted, StoppedForPain, tagged_from_dict
from posecheck.session.private_files import private_dir, private_opener
from posecheck.session.store import list_sessions, open_session, read_time_span_ms

__all__ = ["INDEX_FILE", "SessionIndex", "SessionSummary", "summarize"]

INDEX_FILE = "sessions.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    folder TEXT PRIMARY KEY,
    started_at TEXT,
    exercise_id TEXT,
    sets INTEGER,
    reps_total INTEGER,
    reps_left INTEGER,
    reps_right INTEGER,
    hold_total_s REAL,
    hold_longest_s REAL,
    faults_json TEXT,
    stopped_for_pain INTEGER,
    complete INTEGER,
    model_variant TEXT,
    duration_s REAL,
    rom_mean_deg REAL,
    rom_left_deg REAL,
    rom_right_deg REAL,
    peak_mean_deg REAL,
    rep_duration_mean_s REAL
);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
"""
# 2: range of motion, peak and rep duration per session (for progress charts without opening folders).
# An index of another version is rebuilt from the folders on open (it is derived data).
INDEX_SCHEMA_VERSION = "2"


@dataclass
class SessionSummary:
    folder: str
    started_at: str
    exercise_id: str
    sets: int = 0
    reps_total: int = 0
    reps_left: int = 0
    reps_right: int = 0
    hold_total_s: float = 0.0
    hold_longest_s: float = 0.0
    faults: dict[str, int] = field(default_factory=dict)
    stopped_for_pain: bool = False
    complete: bool = False
    model_variant: str = ""
    duration_s: float = 0.0  # first to last landmark (or event, when that span is longer)
    rom_mean_deg: float | None = None  # mean range of motion of the reps (None: no reps)
    rom_left_deg: float | None = None
    rom_right_deg: float | None = None
    peak_mean_deg: float | None = None
    rep_duration_mean_s: float | None = None


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 2) if xs else None


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def summarize(folder: str | Path) -> SessionSummary:
    """Counts from the session's events (the same facts the live counter showed)."""
    s = open_session(folder, with_poses=False)
    out = SessionSummary(folder=s.folder.name, started_at=str(s.meta.get("started_at", "")),
                         exercise_id=s.exercise_id, complete=s.complete,
                         model_variant=str(s.meta.get("model", {}).get("variant", "")))
    sets = set()
    roms: dict[str | None, list[float]] = {}
    peaks, durations, times = [], [], []
    for d in s.events:
        if isinstance(d, dict) and _is_number(d.get("t_ms")):
            times.append(d["t_ms"])  # every line's time, also of events this posecheck does not know
    for te in filter(None, map(tagged_from_dict, s.events)):
        e = te.event
        if isinstance(e, SetStarted):
            sets.add(te.set_index)
        elif isinstance(e, RepCompleted):
            out.reps_total += 1
            r = e.rep
            side = None if r is None else r.side
            out.reps_left += side == "left"
            out.reps_right += side == "right"
            if r is None:
                continue
            if _is_number(r.rom):
                roms.setdefault(side, []).append(float(r.rom))
            if _is_number(r.peak_value):
                peaks.append(float(r.peak_value))
            if _is_number(r.start_ms) and _is_number(r.end_ms):
                durations.append((r.end_ms - r.start_ms) / 1000.0)
        elif isinstance(e, HoldEnded):
            h = e.hold
            d = 0.0 if h is None else max(0.0, ((h.end_ms or 0) - (h.start_ms or 0)) / 1000.0)
            out.hold_total_s += d
            out.hold_longest_s = max(out.hold_longest_s, d)
        elif isinstance(e, FaultRaised):
            fid = e.fault_id or ""
            out.faults[fid] = out.faults.get(fid, 0) + 1
        elif isinstance(e, StoppedForPain):
            out.stopped_for_pain = True
    out.sets = len(sets)
    span = read_time_span_ms(s.folder)  # what was recorded; the events of a killed session stop early
    if span is not None:
        times += list(span)
    out.duration_s = round((max(times) - min(times)) / 1000.0, 2) if times else 0.0
    out.rom_mean_deg = _mean([x for xs in roms.values() for x in xs])
    out.rom_left_deg = _mean(roms.get("left", []))
    out.rom_right_deg = _mean(roms.get("right", []))
    out.peak_mean_deg = _mean(peaks)
    out.rep_duration_mean_s = _mean(durations)
    out.hold_total_s = round(out.hold_total_s, 2)
    out.hold_longest_s = round(out.hold_longest_s, 2)
    return out


class SessionIndex:
    """``sessions.sqlite`` in the library folder."""

    def __init__(self, library: str | Path):
        self.library = private_dir(library)  # health data: the library may exist from before, open to all
        self.path = self.library / INDEX_FILE
        # Created private before SQLite opens it (SQLite gives its journal the same mode).
        os.close(private_opener(str(self.path), os.O_RDWR | os.O_CREAT))
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT)")
        row = self._db.execute("SELECT value FROM info WHERE key = 'schema_version'").fetchone()
        stale = row is not None and row[0] != INDEX_SCHEMA_VERSION
        if stale:  # an index written by another version: rebuild it from the folders (the truth)
            self._db.execute("DROP TABLE IF EXISTS sessions")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR REPLACE INTO info VALUES ('schema_version', ?)", (INDEX_SCHEMA_VERSION,))
        self._db.commit()
        if stale:
            self.rebuild()

    def update(self, folder: str | Path) -> SessionSummary:
        s = summarize(folder)
        row = asdict(s)
        row["faults_json"] = json.dumps(row.pop("faults"), sort_keys=True)
        cols = ", ".join(row)
        self._db.execute(f"INSERT OR REPLACE INTO sessions ({cols}) VALUES ({', '.join('?' * len(row))})",
                         [int(v) if isinstance(v, bool) else v for v in row.values()])
        self._db.commit()
        return s

    def rebuild(self, only_missing: bool = False, recover: bool = True) -> int:
        """Re-index session folders (also those a crash left unindexed); returns how many were indexed.
        ``only_missing``: skip folders already indexed as complete (a cheap check at app start).
        ``recover``: first finish sessions a crash left unfinished (once each; never a live recording)."""
        from posecheck.session.recovery import recover_session

        done = set()
        if only_missing:
            done = {r[0] for r in self._db.execute("SELECT folder FROM sessions WHERE complete = 1")}
        n = 0
        for folder in list_sessions(self.library):
            if folder.name in done:
                continue
            if recover:
                try:
                    recover_session(folder)
                except Exception as e:  # noqa: BLE001 (a damaged folder is indexed as it is)
                    print(f"posecheck: {folder.name} could not be recovered: {e}", file=sys.stderr)
            self.update(folder)
            n += 1
        return n

    def sessions(self) -> list[SessionSummary]:
        cur = self._db.execute("SELECT * FROM sessions ORDER BY started_at, folder")
        names = [c[0] for c in cur.description]
        out = []
        for values in cur.fetchall():
            row = dict(zip(names, values))
            row["faults"] = json.loads(row.pop("faults_json") or "{}")
            row["stopped_for_pain"] = bool(row["stopped_for_pain"])
            row["complete"] = bool(row["complete"])
            out.append(SessionSummary(**row))
        return out

    def close(self) -> None:
        self._db.close()
