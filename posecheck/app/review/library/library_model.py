"""LibraryTableModel: the session library (index rows) as a Qt table model.

The rows are :class:`posecheck.session.index.SessionSummary` from the SQLite index, filtered by the
core's :func:`posecheck.review.progress.filter_sessions`. Left/right counts are only shown for
exercises done per side: a "0 / 0" for a bridge would read as "no reps".
"""

from __future__ import annotations

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt

from posecheck.i18n import Msg, tr
from posecheck.session.index import SessionSummary

__all__ = ["LibraryTableModel"]

_COLUMNS = (Msg("Date"), Msg("Exercise"), Msg("Sets"), Msg("Reps", "table column"), Msg("Left"), Msg("Right"),
            Msg("Hold (s)"), Msg("Faults"), Msg("Pain stop"))


class LibraryTableModel(QAbstractTableModel):
    def __init__(self, lang: str, exercise_names: dict[str, str], per_side: set[str] | None = None, parent=None):
        super().__init__(parent)
        self.lang, self.exercise_names = lang, exercise_names
        self.per_side = set(per_side or ())  # exercise ids done per side
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
            return _COLUMNS[section].text(self.lang)
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
        sided = s.exercise_id in self.per_side
        values = (s.sets, s.reps_total, s.reps_left if sided else "–", s.reps_right if sided else "–",
                  f"{s.hold_total_s:.1f}", sum(s.faults.values()))
        if col - 2 < len(values):
            return str(values[col - 2])
        return tr("yes" if s.stopped_for_pain else "no", self.lang)
