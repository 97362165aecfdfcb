"""LibraryTableModel: the session library as a Qt table model, filtered by date range and exercise.

The rows are :class:`posecheck.session.index.SessionSummary` from the SQLite index; the filter is a
plain function (:func:`filter_sessions`) so it can be tested without widgets.
"""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt

from posecheck.app.texts import tr
from posecheck.session.index import SessionSummary

__all__ = ["LibraryTableModel", "filter_sessions", "session_date"]

_COLUMNS = ("col_date", "col_exercise", "col_sets", "col_reps", "col_left", "col_right", "col_hold", "col_faults",
            "col_pain")


def session_date(s: SessionSummary) -> dt.date | None:
    """The day the session started (``started_at`` is ISO 8601 with an offset, as written by the store)."""
    text = s.started_at or ""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:  # folder names start with the start time when meta.json lacks it
        return dt.datetime.strptime(s.folder[:8], "%Y%m%d").date()
    except ValueError:
        return None


def filter_sessions(sessions: list[SessionSummary], date_from: dt.date | None = None, date_to: dt.date | None = None,
                    exercise_id: str | None = None) -> list[SessionSummary]:
    """Sessions from ``date_from`` to ``date_to`` (both days included) of ``exercise_id`` (None: all)."""
    out = []
    for s in sessions:
        day = session_date(s)
        if date_from and (day is None or day < date_from):
            continue
        if date_to and (day is None or day > date_to):
            continue
        if exercise_id and s.exercise_id != exercise_id:
            continue
        out.append(s)
    return out


class LibraryTableModel(QAbstractTableModel):
    def __init__(self, lang: str, exercise_names: dict[str, str], parent=None):
        super().__init__(parent)
        self.lang, self.exercise_names = lang, exercise_names
        self.rows: list[SessionSummary] = []

    def set_rows(self, rows: list[SessionSummary]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_language(self, lang: str, exercise_names: dict[str, str]) -> None:
        self.lang, self.exercise_names = lang, exercise_names
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(_COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(_COLUMNS[section], self.lang)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return s.folder
        return None

    def _text(self, s: SessionSummary, col: int) -> str:
        if col == 0:
            return (s.started_at or s.folder)[:16].replace("T", " ")
        if col == 1:
            return self.exercise_names.get(s.exercise_id, s.exercise_id)
        values = (s.sets, s.reps_total, s.reps_left, s.reps_right, f"{s.hold_total_s:.1f}", sum(s.faults.values()))
        if col - 2 < len(values):
            return str(values[col - 2])
        return tr("yes" if s.stopped_for_pain else "no", self.lang)
