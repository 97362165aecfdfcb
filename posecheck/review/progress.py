"""Progress over time, one point per session, from the library's SQLite index.

Numpy core: no Qt, mediapipe or cv2. The index (``posecheck/session/index.py``, schema 2) already
holds per session the rep counts per side, the mean range of motion (overall and per side), hold
totals and fault counts, all summarised from ``events.jsonl``; so the progress charts of a library
with hundreds of sessions never open a landmark file. The clinician's verdicts (``review.json``,
small) are applied on top: a fault marked as a false alarm does not count against the patient,
an added missed fault does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from posecheck.session.index import SessionIndex, SessionSummary

__all__ = ["ProgressPoint", "filter_sessions", "progress", "session_date"]


@dataclass
class ProgressPoint:
    folder: str
    date: dt.date | None
    started_at: str
    exercise_id: str
    sets: int
    reps_total: int
    reps_left: int
    reps_right: int
    rom_mean_deg: float | None
    rom_left_deg: float | None
    rom_right_deg: float | None
    faults_detected: int
    faults: int  # after the clinician's review (false alarms out, added ones in)
    fault_rate: float | None  # faults per rep (None without reps)
    hold_total_s: float
    hold_longest_s: float
    stopped_for_pain: bool
    reviewed: bool  # the session has clinician notes or verdicts


def session_date(s: SessionSummary) -> dt.date | None:
    """The local day the session started (``started_at`` as the store writes it, else the folder name)."""
    text = s.started_at or ""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return dt.datetime.strptime(s.folder[:8], "%Y%m%d").date()
    except ValueError:
        return None


def _as_date(d) -> dt.date | None:
    if d is None or isinstance(d, dt.date) and not isinstance(d, dt.datetime):
        return d
    if isinstance(d, dt.datetime):
        return d.date()
    return dt.date.fromisoformat(str(d)[:10])


def filter_sessions(sessions: list[SessionSummary], since=None, until=None,
                    exercise_id: str | None = None) -> list[SessionSummary]:
    """Sessions from ``since`` to ``until`` (dates or ISO strings, both days included) of ``exercise_id``
    (None: all). A session whose date cannot be read is kept only without a date range."""
    lo, hi = _as_date(since), _as_date(until)
    out = []
    for s in sessions:
        day = session_date(s)
        if (lo or hi) and day is None:
            continue
        if lo and day < lo or hi and day > hi:
            continue
        if exercise_id and s.exercise_id != exercise_id:
            continue
        out.append(s)
    return out


def _review_counts(folder: Path) -> tuple[int, int, bool]:
    """(false alarms, added faults, has notes) from the clinician's review.json; zeros if none or unreadable."""
    p = folder / "review.json"
    if not p.is_file():
        return 0, 0, False
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        false = sum(1 for v in (d.get("verdicts") or {}).values() if isinstance(v, dict) and v.get("verdict") == "false_alarm")
        added = len(d.get("added_faults") or [])
        noted = bool(d.get("session_note") or d.get("rep_notes") or d.get("verdicts") or added)
        return false, added, noted
    except (OSError, ValueError, AttributeError):
        return 0, 0, False  # the review workstation reports a bad file when it is opened


def progress(library: str | Path, exercise_id: str | None = None, since=None, until=None,
             refresh: bool = True) -> list[ProgressPoint]:
    """One point per session (oldest first) of ``exercise_id`` (None: every exercise) in the date range.
    ``refresh``: first index sessions the index does not know yet (imported, or cut short by a crash)."""
    library = Path(library)
    idx = SessionIndex(library)
    try:
        if refresh:
            idx.rebuild(only_missing=True)
        rows = filter_sessions(idx.sessions(), since, until, exercise_id)
    finally:
        idx.close()
    out = []
    for s in rows:
        detected = sum(s.faults.values())
        false, added, noted = _review_counts(library / s.folder)
        faults = max(detected - false, 0) + added
        out.append(ProgressPoint(
            folder=s.folder, date=session_date(s), started_at=s.started_at, exercise_id=s.exercise_id, sets=s.sets,
            reps_total=s.reps_total, reps_left=s.reps_left, reps_right=s.reps_right, rom_mean_deg=s.rom_mean_deg,
            rom_left_deg=s.rom_left_deg, rom_right_deg=s.rom_right_deg, faults_detected=detected, faults=faults,
            fault_rate=round(faults / s.reps_total, 3) if s.reps_total else None, hold_total_s=s.hold_total_s,
            hold_longest_s=s.hold_longest_s, stopped_for_pain=s.stopped_for_pain, reviewed=noted))
    out.sort(key=lambda p: (p.started_at, p.folder))
    return out
