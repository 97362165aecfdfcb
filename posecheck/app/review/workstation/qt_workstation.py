"""QtReviewWorkstation: the layout of the review of one session. Widgets only, no logic.

Left: the video with the skeleton, the transport bar, the timeline and the angle plot. Right: the
per-rep table, the left/right summary, the clinician's input and the exports. The
:class:`~posecheck.app.review.workstation.review_presenter.ReviewPresenter` fills and drives it.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.review.workstation.qt_clinician_panel import QtClinicianPanel
from posecheck.app.review.export.qt_export_panel import QtExportPanel
from posecheck.app.review.workstation.qt_review_plot import QtReviewPlot
from posecheck.app.review.qt_row_table import row_table
from posecheck.app.review.workstation.qt_symmetry import QtSymmetryPanel
from posecheck.app.review.workstation.qt_timeline import QtReviewTimeline
from posecheck.app.review.workstation.qt_transport import QtTransportBar
from posecheck.i18n import tr
from posecheck.app.widgets.qt_video_view import QtVideoView

__all__ = ["QtReviewWorkstation"]


class QtReviewWorkstation(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        header = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.hide()  # shown when opened from the library
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        root.addLayout(header)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #5a4210; color: #ffe9b0; padding: 4px 8px; border-radius: 3px;")
        self.notice.hide()
        root.addWidget(self.notice)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.video = QtVideoView()
        self.transport = QtTransportBar()
        self.timeline = QtReviewTimeline()
        self.plot = QtReviewPlot()
        plot_row = QHBoxLayout()
        self.feature_label = QLabel()
        self.feature = QComboBox()  # which measurement the plot shows: the rep driver or a fault's signal
        self.feature.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        plot_row.addWidget(self.feature_label)
        plot_row.addWidget(self.feature)
        plot_row.addStretch(1)
        lv.addWidget(self.video, 5)
        lv.addWidget(self.transport)
        lv.addWidget(self.timeline)
        lv.addLayout(plot_row)
        lv.addWidget(self.plot, 3)
        split.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.table = row_table()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(160)
        self.symmetry = QtSymmetryPanel()
        self.clinician = QtClinicianPanel()
        self.exports = QtExportPanel()
        rv.addWidget(self.table, 2)
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        sv.addWidget(self.symmetry)
        sv.addWidget(self.clinician)
        sv.addWidget(self.exports)
        sv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        rv.addWidget(scroll, 5)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 600])  # the rep table needs about 600 px to show every column unclipped
        self.splitter = split
        root.addWidget(split, 1)

    def retranslate(self, lang: str) -> None:
        self.back_button.setText(tr("◀ Library", lang))
        self.feature_label.setText(tr("Plot:", lang))
        self.transport.retranslate(lang)
        self.clinician.retranslate(lang)
        self.exports.retranslate(lang)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
