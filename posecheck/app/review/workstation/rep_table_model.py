"""RepTableModel: one row per rep of the review (``posecheck.review.model.RepRow``), for a QTableView.

Columns: rep number, set, side, start, duration, up and down tempo, peak angle, range of motion,
faults, the clinician's note. Faults the clinician marked as a false alarm are shown struck through
in words ("… (false alarm)"), never removed: the analysis stays as it was.
"""

from __future__ import annotations

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt

from posecheck.i18n import N_, tr

__all__ = ["COLUMNS", "HoldTableRow", "RepTableModel"]

COLUMNS = ("col_rep", "col_set", "col_side", "col_start", "col_duration", "col_up", "col_down", "col_peak", "col_rom",
           "col_faults", "col_note")
_HEADERS = {"col_rep": N_("#"), "col_set": N_("Set"), "col_side": N_("Side"), "col_start": N_("Start (s)"),
            "col_duration": N_("Duration (s)"), "col_up": N_("Up (s)"), "col_down": N_("Down (s)"),
            "col_peak": N_("Peak (°)"), "col_rom": N_("ROM (°)"), "col_faults": N_("Faults"), "col_note": N_("Note")}


class HoldTableRow:
    """A hold shown in the rep table's columns (start, duration; no tempo, peak or range of motion),
    for hold exercises, which have no reps. Its ``index`` is offset so it never passes for a rep."""

    HOLD_INDEX_BASE = 10_000

    def __init__(self, hold):
        self.index = self.HOLD_INDEX_BASE + hold.index
        self.set_index, self.side = hold.set_index, hold.side
        self.start_s, self.end_s, self.duration_s = hold.start_s, hold.end_s, hold.duration_s
        self.up_s = self.down_s = self.top_s = self.peak_angle_deg = self.rom_deg = None
        self.faults: list[str] = []


# Numeric columns: the row attribute shown, and its format (seconds to 0.01 s, angles to 0.1°).
_NUMBERS = {"col_start": ("start_s", ".2f"), "col_duration": ("duration_s", ".2f"), "col_up": ("up_s", ".2f"),
            "col_down": ("down_s", ".2f"), "col_peak": ("peak_angle_deg", ".1f"), "col_rom": ("rom_deg", ".1f")}


def _num(x, fmt: str) -> str:
    return "" if x is None else format(x, fmt)


class RepTableModel(QAbstractTableModel):
    def __init__(self, lang: str, parent=None):
        super().__init__(parent)
        self.lang = lang
        self.reps: list = []
        self.rep_notes: dict[int, str] = {}
        self.false_alarm_faults: dict[int, set[str]] = {}  # rep index -> fault ids marked false alarm
        self.fault_names: dict[str, str] = {}  # fault id -> its label in the exercise file, in ``lang``

    def set_reps(self, reps: list, rep_notes: dict[int, str] | None = None,
                 false_alarm_faults: dict[int, set[str]] | None = None) -> None:
        self.beginResetModel()
        self.reps = list(reps)
        self.rep_notes = dict(rep_notes or {})
        self.false_alarm_faults = dict(false_alarm_faults or {})
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        self.beginResetModel()
        self.lang = lang
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.reps)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(_HEADERS[COLUMNS[section]], self.lang)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.reps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()] == "col_note":
            return self.rep_notes.get(r.index) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 8:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r.start_s
        return None

    def cell_text(self, r, col: int) -> str:
        key = COLUMNS[col]
        if key == "col_rep":
            # Holds are numbered from a high base (see HoldTableRow) and shown as H1, H2…
            base = HoldTableRow.HOLD_INDEX_BASE
            return f"H{r.index - base + 1}" if r.index >= base else str(r.index + 1)
        if key == "col_set":
            return str(r.set_index)
        if key == "col_side":
            return tr(r.side, self.lang) if r.side in ("left", "right") else ""
        if key in _NUMBERS:
            attr, fmt = _NUMBERS[key]
            return _num(getattr(r, attr), fmt)
        if key == "col_faults":
            marked = self.false_alarm_faults.get(r.index, set())
            return ", ".join(self.fault_names.get(f, f) + (f" ({tr('false alarm', self.lang)})" if f in marked else "")
                             for f in r.faults)
        return self.rep_notes.get(r.index, "")

    def row_of_rep(self, rep_index: int) -> int | None:
        for i, r in enumerate(self.reps):
            if r.index == rep_index:
                return i
        return None
