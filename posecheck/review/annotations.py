"""The clinician's input on a review, stored beside the results and never in them.

Numpy core: no Qt, mediapipe or cv2. The file is ``review.json`` in the session folder, or
``<video name>.posecheck-review.json`` beside a video analysed on open
(:attr:`posecheck.review.model.Review.annotations_path`). ``meta.json``, ``events.jsonl`` and the
landmarks are never opened for writing: a verdict is a separate record that points at a detected
fault by its key (fault id and time in whole milliseconds, ``over_arched_back@7933``), so the
original detection stays readable side by side with the clinician's view of it.

Format (``schema_version`` 1; every text is UTF-8; times are ISO 8601 with offset)::

    {
      "schema": "posecheck-review", "schema_version": 1,
      "session_note": {"text": "…", "author": "…", "updated_at": "…"} | null,
      "rep_notes": {"<rep index>": {"text": "…", "author": "…", "updated_at": "…"}},
      "verdicts": {"<fault key>": {"fault_id": "…", "t_s": 7.933, "verdict": "false_alarm" | "confirmed",
                                    "note": "…", "author": "…", "updated_at": "…"}},
      "added_faults": [{"key": "added:<fault id>@<ms>", "id": "…", "t_s": 12.3, "rep_index": 4 | null,
                        "note": "…", "author": "…", "created_at": "…"}]
    }

Rep indices are the review's (0-based across the session). Writes are atomic (a temporary file in
the same folder, fsync, ``os.replace``): a crash leaves the old file or the new one, never half.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from posecheck.errors import AnnotationsError
from posecheck.review.model import SESSION_REVIEW_FILE, VIDEO_REVIEW_SUFFIX, FaultMarker, Review, fault_key
from posecheck.session.private_files import private_opener

__all__ = ["ANNOTATIONS_SCHEMA_VERSION", "Annotations", "EffectiveFault", "Note", "Verdict", "AddedFault",
           "effective_faults", "effective_rep_faults", "load_annotations", "save_annotations", "unknown_references"]

ANNOTATIONS_SCHEMA_VERSION = 1
_SCHEMA_NAME = "posecheck-review"
VERDICTS = ("false_alarm", "confirmed")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass
class Note:
    text: str
    author: str = ""
    updated_at: str = ""


@dataclass
class Verdict:
    fault_id: str
    t_s: float
    verdict: str  # false_alarm | confirmed
    note: str = ""
    author: str = ""
    updated_at: str = ""


@dataclass
class AddedFault:
    """A fault the engine missed, added by the clinician."""

    key: str
    id: str
    t_s: float
    rep_index: int | None
    note: str = ""
    author: str = ""
    created_at: str = ""


@dataclass
class Annotations:
    session_note: Note | None = None
    rep_notes: dict[int, Note] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    added_faults: list[AddedFault] = field(default_factory=list)

    # ---------------------------------------------------------------- editing (in memory; save() writes)
    def set_session_note(self, text: str, author: str = "") -> None:
        self.session_note = Note(text, author, _now()) if text.strip() else None

    def set_rep_note(self, rep_index: int, text: str, author: str = "") -> None:
        if text.strip():
            self.rep_notes[int(rep_index)] = Note(text, author, _now())
        else:
            self.rep_notes.pop(int(rep_index), None)

    def mark_fault(self, fault: FaultMarker, verdict: str = "false_alarm", note: str = "", author: str = "") -> str:
        """Record a verdict on a detected fault; returns its key. The detection itself is not changed."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        self.verdicts[fault.key] = Verdict(fault.id, fault.t_s, verdict, note, author, _now())
        return fault.key

    def mark_false_alarm(self, fault: FaultMarker, note: str = "", author: str = "") -> str:
        return self.mark_fault(fault, "false_alarm", note, author)

    def clear_verdict(self, key: str) -> None:
        self.verdicts.pop(key, None)

    def add_missed_fault(self, fault_id: str, t_s: float, rep_index: int | None = None, note: str = "",
                         author: str = "") -> str:
        if not fault_id.strip():
            raise ValueError("a missed fault needs a fault id (e.g. one of the exercise's faults)")
        key = "added:" + fault_key(fault_id, t_s)
        self.added_faults = [a for a in self.added_faults if a.key != key]
        self.added_faults.append(AddedFault(key, fault_id, round(float(t_s), 3), rep_index, note, author, _now()))
        self.added_faults.sort(key=lambda a: a.t_s)
        return key

    def remove_added_fault(self, key: str) -> None:
        self.added_faults = [a for a in self.added_faults if a.key != key]

    @property
    def is_empty(self) -> bool:
        return not (self.session_note or self.rep_notes or self.verdicts or self.added_faults)

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        def note(n: Note | None):
            return None if n is None else {"text": n.text, "author": n.author, "updated_at": n.updated_at}

        return {
            "schema": _SCHEMA_NAME, "schema_version": ANNOTATIONS_SCHEMA_VERSION,
            "session_note": note(self.session_note),
            "rep_notes": {str(k): note(v) for k, v in sorted(self.rep_notes.items())},
            "verdicts": {k: {"fault_id": v.fault_id, "t_s": v.t_s, "verdict": v.verdict, "note": v.note,
                             "author": v.author, "updated_at": v.updated_at} for k, v in sorted(self.verdicts.items())},
            "added_faults": [{"key": a.key, "id": a.id, "t_s": a.t_s, "rep_index": a.rep_index, "note": a.note,
                              "author": a.author, "created_at": a.created_at} for a in self.added_faults],
        }

    @classmethod
    def from_dict(cls, d: dict, source: str = "review.json") -> "Annotations":
        v = _Validator(source)
        v.require(isinstance(d, dict), "(file)", "is not a JSON object")
        v.require(d.get("schema") == _SCHEMA_NAME, "schema", f"must be {_SCHEMA_NAME!r}: this is not a posecheck review file")
        version = d.get("schema_version")
        v.require(isinstance(version, int) and not isinstance(version, bool), "schema_version", "must be a whole number")
        if version > ANNOTATIONS_SCHEMA_VERSION:
            raise AnnotationsError(f"{source} was written by posecheck with review schema {version}; "
                                   f"this version reads {ANNOTATIONS_SCHEMA_VERSION}", "Update posecheck to open it")
        v.require(version >= 1, "schema_version", "must be 1 or higher")
        out = cls()
        if d.get("session_note") is not None:
            out.session_note = v.note(d["session_note"], "session_note")
        rep_notes = d.get("rep_notes", {})
        v.require(isinstance(rep_notes, dict), "rep_notes", "must be an object of rep index → note")
        for k, n in rep_notes.items():
            v.require(str(k).isdigit(), f"rep_notes.{k}", "the key must be a rep index (0, 1, 2 …)")
            out.rep_notes[int(k)] = v.note(n, f"rep_notes.{k}")
        verdicts = d.get("verdicts", {})
        v.require(isinstance(verdicts, dict), "verdicts", "must be an object of fault key → verdict")
        for k, x in verdicts.items():
            where = f"verdicts.{k}"
            v.require(isinstance(x, dict), where, "must be an object")
            v.require(x.get("verdict") in VERDICTS, f"{where}.verdict", f"must be one of {', '.join(VERDICTS)}")
            out.verdicts[k] = Verdict(v.text(x, "fault_id", where, required=True), v.number(x, "t_s", where),
                                      x["verdict"], v.text(x, "note", where), v.text(x, "author", where),
                                      v.text(x, "updated_at", where))
        added = d.get("added_faults", [])
        v.require(isinstance(added, list), "added_faults", "must be a list")
        for i, a in enumerate(added):
            where = f"added_faults[{i}]"
            v.require(isinstance(a, dict), where, "must be an object")
            rep = a.get("rep_index")
            v.require(rep is None or (isinstance(rep, int) and not isinstance(rep, bool) and rep >= 0),
                      f"{where}.rep_index", "must be a rep index or null")
            fid, t_s = v.text(a, "id", where, required=True), v.number(a, "t_s", where)
            out.added_faults.append(AddedFault(v.text(a, "key", where) or "added:" + fault_key(fid, t_s), fid, t_s, rep,
                                               v.text(a, "note", where), v.text(a, "author", where),
                                               v.text(a, "created_at", where)))
        return out


class _Validator:
    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, problem: str) -> AnnotationsError:
        return AnnotationsError(f"{self.source}: {key}: {problem}",
                                "Fix or remove that entry; the session's own results are not affected")

    def require(self, ok: bool, key: str, problem: str) -> None:
        if not ok:
            raise self.fail(key, problem)

    def text(self, d: dict, k: str, where: str, required: bool = False) -> str:
        x = d.get(k, "")
        if x is None:
            x = ""
        self.require(isinstance(x, str), f"{where}.{k}", "must be text")
        self.require(not required or bool(x), f"{where}.{k}", "is missing")
        return x

    def number(self, d: dict, k: str, where: str) -> float:
        x = d.get(k)
        self.require(isinstance(x, (int, float)) and not isinstance(x, bool) and x == x, f"{where}.{k}",
                     "must be a number (seconds)")
        return float(x)

    def note(self, n, where: str) -> Note:
        self.require(isinstance(n, dict), where, "must be an object with text, author, updated_at")
        return Note(self.text(n, "text", where), self.text(n, "author", where), self.text(n, "updated_at", where))


# ------------------------------------------------------------------------------------ files
def _check_target(path: Path) -> None:
    """Only ever write a review file: a wrong path must not be able to replace a session's results."""
    if path.name != SESSION_REVIEW_FILE and not path.name.endswith(VIDEO_REVIEW_SUFFIX):
        raise AnnotationsError(f"refusing to write clinician notes to {path.name}",
                               f"Notes go to {SESSION_REVIEW_FILE} or <video>{VIDEO_REVIEW_SUFFIX}")


def load_annotations(path: str | Path) -> Annotations:
    """The annotations at ``path`` (a review's :attr:`annotations_path`); empty when there are none yet."""
    path = Path(path)
    if not path.is_file():
        return Annotations()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise AnnotationsError(f"{path} is not UTF-8 text", "Restore it from a backup or remove it") from None
    except json.JSONDecodeError as e:
        raise AnnotationsError(f"{path} is not valid JSON (line {e.lineno}: {e.msg})",
                               "Restore it from a backup or remove it; the session's own results are not affected") from None
    return Annotations.from_dict(data, str(path))


def save_annotations(annotations: Annotations, path: str | Path) -> Path:
    """Write atomically (tmp + fsync + os.replace) and return the path."""
    path = Path(path)
    _check_target(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", opener=private_opener) as f:  # clinical notes: 0600
            json.dump(annotations.to_dict(), f, indent=2, ensure_ascii=False)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise AnnotationsError(f"cannot save the notes to {path} ({e.strerror or e})",
                               "Check that the folder is writable and the disk not full; nothing was changed") from None
    return path


# ------------------------------------------------------------------------------------ applying them
@dataclass
class EffectiveFault:
    """A fault as the clinician sees it: the original detection (None for an added one) and the verdict."""

    key: str
    id: str
    t_s: float
    rep_index: int | None
    status: str  # detected | confirmed | false_alarm | added
    original: FaultMarker | None
    message: dict
    note: str = ""
    author: str = ""

    @property
    def counts(self) -> bool:
        """Whether it counts as a fault after review (false alarms do not)."""
        return self.status != "false_alarm"


def effective_faults(review: Review, annotations: Annotations | None) -> list[EffectiveFault]:
    """Every detected fault with its verdict applied, plus the added ones, by time. Nothing is dropped:
    a false alarm stays in the list with ``status="false_alarm"``."""
    ann = annotations or Annotations()
    messages = {f.id: {"en": f.message.en, "nl": f.message.nl} for f in review.exercise.faults}
    out = []
    for f in review.faults:
        v = ann.verdicts.get(f.key)
        out.append(EffectiveFault(f.key, f.id, f.t_s, f.rep_index, v.verdict if v else "detected", f, f.message,
                                  v.note if v else "", v.author if v else ""))
    for a in ann.added_faults:
        out.append(EffectiveFault(a.key, a.id, a.t_s, a.rep_index, "added", None,
                                  messages.get(a.id, {"en": a.id, "nl": a.id}), a.note, a.author))
    out.sort(key=lambda e: (e.t_s, e.status == "added"))
    return out


def effective_rep_faults(review: Review, annotations: Annotations | None) -> dict[int, list[str]]:
    """Per rep index, the fault ids that still count after review (false alarms out, added ones in)."""
    eff = effective_faults(review, annotations)
    out: dict[int, list[str]] = {}
    for r in review.reps:
        raised = [e for e in eff if e.rep_index == r.index]
        if not raised:  # the rep's own list (no FaultRaised lines for it): nothing to apply
            out[r.index] = list(r.faults)
            continue
        ids = [e.id for e in raised if e.counts]
        # Faults the rep recorded without a matching event stay (the rep's list is the live truth).
        ids += [fid for fid in r.faults if fid not in {e.id for e in raised}]
        out[r.index] = list(dict.fromkeys(ids))
    return out


def unknown_references(review: Review, annotations: Annotations) -> list[str]:
    """Notes or verdicts that point at nothing in this review (a changed analysis): shown, never dropped."""
    keys = {f.key for f in review.faults}
    reps = {r.index for r in review.reps}
    out = [f"verdict on {k}: no such detected fault" for k in annotations.verdicts if k not in keys]
    out += [f"note on rep {i + 1}: no such rep" for i in annotations.rep_notes if i not in reps]
    return out
