"""QtSymmetryPanel: left against right for per-side exercises (reps, mean ROM, peak, duration, faults).

Shows the core's :class:`posecheck.review.model.Symmetry` as a small grid; the difference column is
the core's asymmetry in percent of the larger side. Exercises without sides say so.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QGridLayout, QGroupBox, QLabel

from posecheck.i18n import N_, tr

__all__ = ["QtSymmetryPanel"]

_ROWS = ((N_("Reps"), "reps", None, "d"), (N_("Mean ROM (°)"), "mean_rom_deg", "rom_asymmetry_pct", ".1f"),
         (N_("Mean peak (°)"), "mean_peak_angle_deg", "peak_asymmetry_pct", ".1f"),
         (N_("Mean duration (s)"), "mean_duration_s", "duration_asymmetry_pct", ".2f"), (N_("Faults"), "faults", None, "d"))


def _fmt(x, fmt: str) -> str:
    return "–" if x is None else format(x, fmt)


class QtSymmetryPanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(14)
        self.cells: dict[tuple[int, int], QLabel] = {}
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._symmetry = None
        self.lang = "en"

    def show_symmetry(self, symmetry, lang: str) -> None:
        self._symmetry, self.lang = symmetry, lang
        self.setTitle(tr("Left / right", lang))
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None and w is not self.note:
                w.deleteLater()
        self.cells = {}
        if symmetry is None or not symmetry.applies:
            self.note.setText(tr("This exercise has no sides.", lang))
            self.grid.addWidget(self.note, 0, 0)
            return
        headers = ("", tr("left", lang), tr("right", lang), tr("Difference", lang))
        for c, h in enumerate(headers):
            self._cell(0, c, f"<b>{h}</b>")
        for r, (key, attr, asym, fmt) in enumerate(_ROWS, start=1):
            self._cell(r, 0, tr(key, lang))
            self._cell(r, 1, _fmt(getattr(symmetry.left, attr), fmt))
            self._cell(r, 2, _fmt(getattr(symmetry.right, attr), fmt))
            pct = getattr(symmetry, asym) if asym else None
            self._cell(r, 3, "" if asym is None else _fmt(pct, ".0f") + ("%" if pct is not None else ""))
        lines = symmetry.describe(lang)
        self.note.setText(" ".join(lines))
        self.grid.addWidget(self.note, len(_ROWS) + 1, 0, 1, 4)

    def _cell(self, r: int, c: int, text: str) -> None:
        lab = QLabel(text)
        if c:
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(lab, r, c)
        self.cells[(r, c)] = lab
