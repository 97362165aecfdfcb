"""QtExportPanel: the export buttons (CSV reps, CSV angles per frame, JSON, PDF) and the privacy box."""

from __future__ import annotations

from PyQt6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QPushButton

from posecheck.i18n import tr

__all__ = ["QtExportPanel"]


class QtExportPanel(QGroupBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        self.csv_reps = QPushButton()
        self.csv_frames = QPushButton()
        self.json = QPushButton()
        self.pdf = QPushButton()
        self.privacy = QCheckBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        grid.addWidget(self.csv_reps, 0, 0)
        grid.addWidget(self.csv_frames, 0, 1)
        grid.addWidget(self.json, 1, 0)
        grid.addWidget(self.pdf, 1, 1)
        grid.addWidget(self.privacy, 2, 0, 1, 2)
        grid.addWidget(self.status, 3, 0, 1, 2)

    def retranslate(self, lang: str) -> None:
        self.setTitle(tr("Export", lang))
        self.csv_reps.setText(tr("CSV: reps…", lang))
        self.csv_frames.setText(tr("CSV: angles per frame…", lang))
        self.json.setText(tr("JSON report…", lang))
        self.pdf.setText(tr("PDF report…", lang))
        self.privacy.setText(tr("Leave out images (privacy)", lang))
