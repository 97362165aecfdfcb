"""ClinicianInput: the presenter's view of the clinician's notes and verdicts for one review.

An adapter over the core's :mod:`posecheck.review.annotations`, which owns the file format and keeps
everything in ``review.json`` (or ``<video>.posecheck-review.json``) beside the results, never in
them. This class answers the questions the widgets ask (is this fault a false alarm, which faults
were added, the note on rep 3) and saves after every change, so closing the window loses nothing.

When the existing notes file cannot be read, the problem is kept in :attr:`load_error` and saving is
refused: writing would replace the clinician's earlier work with an empty file.
"""

from __future__ import annotations

from posecheck.errors import AnnotationsError
from posecheck.review.annotations import Annotations, load_annotations, save_annotations

__all__ = ["ClinicianInput"]


class ClinicianInput:
    def __init__(self, review, author: str = ""):
        self.review, self.author = review, author
        self.load_error = ""
        self.save_error = ""
        try:
            self.path = review.annotations_path
            self.annotations = load_annotations(self.path)
        except AnnotationsError as e:  # also a review with neither folder nor video: nowhere to save
            self.path, self.annotations, self.load_error = None, Annotations(), str(e)

    # ---- questions
    def session_note(self) -> str:
        n = self.annotations.session_note
        return n.text if n else ""

    def rep_notes(self) -> dict[int, str]:
        return {i: n.text for i, n in self.annotations.rep_notes.items()}

    def is_false_alarm(self, fault) -> bool:
        v = self.annotations.verdicts.get(fault.key)
        return v is not None and v.verdict == "false_alarm"

    def is_false_alarm_id(self, rep_index: int, fault_id: str) -> bool:
        """Every detection of this fault in this rep was marked a false alarm."""
        fs = [f for f in self.review.faults if f.rep_index == rep_index and f.id == fault_id]
        return bool(fs) and all(self.is_false_alarm(f) for f in fs)

    def false_alarms_by_rep(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for f in self.review.faults:
            if f.rep_index is not None and self.is_false_alarm_id(f.rep_index, f.id):
                out.setdefault(f.rep_index, set()).add(f.id)
        return out

    def added_faults(self) -> list[tuple[str, float]]:
        return [(a.id, a.t_s) for a in self.annotations.added_faults]

    # ---- changes (each one saved at once)
    def set_session_note(self, text: str) -> bool:
        self.annotations.set_session_note(text, self.author)
        return self._save()

    def set_rep_note(self, rep_index: int, text: str) -> bool:
        self.annotations.set_rep_note(rep_index, text, self.author)
        return self._save()

    def set_false_alarm(self, fault, false_alarm: bool) -> bool:
        if false_alarm:
            self.annotations.mark_false_alarm(fault, author=self.author)
        else:
            self.annotations.clear_verdict(fault.key)
        return self._save()

    def add_fault(self, fault_id: str, t_s: float) -> bool:
        rep = self.review.rep_at(t_s)
        self.annotations.add_missed_fault(fault_id, t_s, rep.index if rep is not None else None, author=self.author)
        return self._save()

    def _save(self) -> bool:
        if self.load_error or self.path is None:
            self.save_error = self.load_error or "nowhere to save"
            return False
        try:
            save_annotations(self.annotations, self.path)
            self.save_error = ""
            return True
        except AnnotationsError as e:
            self.save_error = str(e)
            return False
