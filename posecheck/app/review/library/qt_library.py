"""QtLibraryPage: every recorded session, filterable by date and exercise, with progress charts.

Widgets only, plus the filtering glue; the window (:mod:`qt_review_window`) opens what is chosen and
runs imports. Rows come from the SQLite index (:class:`posecheck.session.index.SessionIndex`). The
progress query runs on a :class:`ProgressLoader` thread: a filter change shows "Loading progress…"
under the chart title at once and the charts are painted when the answer for the current filter
arrives (:attr:`progress_loading` is True until then).
"""

from __future__ import annotations

import datetime as dt

from PyQt6.QtCore import QDate, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from posecheck.app.review.library.library_model import LibraryTableModel
from posecheck.app.review.library.progress_adapter import chart_exercise
from posecheck.app.review.library.progress_loader import ProgressLoader
from posecheck.app.review.library.qt_progress_charts import ProgressSeries, QtProgressCharts
from posecheck.app.review.qt_row_table import row_table
from posecheck.review.progress import filter_sessions, session_date
from posecheck.i18n import tr
from posecheck.session.index import SessionSummary

__all__ = ["QtLibraryPage"]


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class QtLibraryPage(QWidget):
    open_requested = pyqtSignal(str)  # session folder name
    filters_changed = pyqtSignal()
    progress_shown = pyqtSignal()  # the charts now show the current filter's progress (or why not)

    def __init__(self, exercise_names: dict[str, dict[str, str]], per_side: set[str] | None = None, parent=None):
        super().__init__(parent)
        self.exercise_names = exercise_names  # id -> {"en": …, "nl": …}
        self.lang = "en"
        self.all_sessions: list[SessionSummary] = []
        root = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        root.addWidget(self.title)
        bar = QHBoxLayout()
        self.from_label, self.to_label, self.exercise_label = QLabel(), QLabel(), QLabel()
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.dateChanged.connect(lambda _d: self.apply_filters())
        self.exercise = QComboBox()
        self.exercise.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.exercise.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.open_button = QPushButton()
        self.import_folder_button = QPushButton()
        self.import_archive_button = QPushButton()
        self.open_video_button = QPushButton()
        for w in (self.from_label, self.date_from, self.to_label, self.date_to, self.exercise_label, self.exercise):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.open_button, self.import_folder_button, self.import_archive_button, self.open_video_button):
            bar.addWidget(w)
        root.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        table_box = QWidget()
        tv = QVBoxLayout(table_box)
        tv.setContentsMargins(0, 0, 0, 0)
        self.model = LibraryTableModel(self.lang, {}, per_side)
        self.table = row_table()
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda idx: self._open_row(idx.row()))
        self.count_label = QLabel()
        tv.addWidget(self.table)
        tv.addWidget(self.count_label)
        split.addWidget(table_box)
        charts_box = QWidget()
        cv = QVBoxLayout(charts_box)
        cv.setContentsMargins(0, 0, 0, 0)
        self.progress_title = QLabel()
        self.progress_title.setStyleSheet("font-weight: bold;")
        self.progress_status = QLabel()  # "Loading progress…" or why it could not be read
        self.progress_status.setStyleSheet("color: #888;")
        self.progress_status.hide()
        self.charts = QtProgressCharts()
        cv.addWidget(self.progress_title)
        cv.addWidget(self.progress_status)
        cv.addWidget(self.charts, 1)
        split.addWidget(charts_box)
        split.setSizes([330, 420])
        root.addWidget(split, 1)
        self.open_button.clicked.connect(self._open_selected)
        # callable(exercise_id, date_from, date_to) -> ProgressSeries, set by the window; runs on the loader's thread
        self.progress_for = None
        self.chart_exercise_id: str | None = None
        # Looked up at call time: the window sets progress_for after building the page.
        self.progress_loader = ProgressLoader(lambda *args: self.progress_for(*args), self)
        self.progress_loader.loaded.connect(self._show_progress)
        self.progress_loader.failed.connect(self._show_progress_failed)
        self.progress_loading = False

    # ---- content
    def set_sessions(self, sessions: list[SessionSummary]) -> None:
        self.all_sessions = list(sessions)
        days = [d for d in (session_date(s) for s in sessions) if d is not None]
        for w in (self.date_from, self.date_to):
            w.blockSignals(True)
        self.date_from.setDate(_qdate(min(days) if days else dt.date.today()))
        self.date_to.setDate(_qdate(max(max(days), dt.date.today()) if days else dt.date.today()))
        for w in (self.date_from, self.date_to):
            w.blockSignals(False)
        self._fill_exercises()
        self.apply_filters()

    def _fill_exercises(self) -> None:
        current = self.exercise.currentData()
        self.exercise.blockSignals(True)
        self.exercise.clear()
        self.exercise.addItem(tr("All exercises", self.lang), None)
        for ex_id in sorted({s.exercise_id for s in self.all_sessions}):
            self.exercise.addItem(self._name(ex_id), ex_id)
        i = self.exercise.findData(current)
        self.exercise.setCurrentIndex(max(i, 0))
        self.exercise.blockSignals(False)

    def _name(self, ex_id: str) -> str:
        return self.exercise_names.get(ex_id, {}).get(self.lang, ex_id)

    def set_filters(self, date_from: dt.date | None, date_to: dt.date | None, exercise_id: str | None) -> None:
        if date_from:
            self.date_from.setDate(_qdate(date_from))
        if date_to:
            self.date_to.setDate(_qdate(date_to))
        self.exercise.setCurrentIndex(max(self.exercise.findData(exercise_id), 0))
        self.apply_filters()

    def filters(self) -> tuple[dt.date, dt.date, str | None]:
        return self.date_from.date().toPyDate(), self.date_to.date().toPyDate(), self.exercise.currentData()

    def apply_filters(self) -> None:
        d0, d1, ex_id = self.filters()
        rows = filter_sessions(self.all_sessions, d0, d1, ex_id)
        self.model.set_rows(rows)
        self.count_label.setText(tr("{n} of {total} sessions", self.lang, n=len(rows), total=len(self.all_sessions))
                                 if self.all_sessions else tr("No recorded sessions yet.", self.lang))
        self.chart_exercise_id = chart_exercise(rows, ex_id)
        title = tr("Progress over time", self.lang)
        self.progress_title.setText(f"{title}: {self._name(self.chart_exercise_id)}" if self.chart_exercise_id else title)
        if self.progress_for is not None and self.chart_exercise_id:
            # The old charts stay up until the new ones arrive: blanking them on every date click flickers.
            self.progress_loading = True
            self.progress_status.setText(tr("Loading progress…", self.lang))
            self.progress_status.show()
            self.progress_loader.request(self.chart_exercise_id, d0, d1)
        else:
            self.progress_loader.cancel()  # an answer still on its way is for a filter no longer shown
            self._show_progress(ProgressSeries())
        self.filters_changed.emit()

    def _show_progress(self, data: ProgressSeries) -> None:
        self.progress_loading = False
        self.progress_status.hide()
        self.charts.show_progress(data, self.lang)
        self.charts.setVisible(bool(data.labels))  # empty axes say nothing; the count label says why
        self.progress_shown.emit()

    def _show_progress_failed(self, why: str) -> None:
        self.progress_loading = False
        self.charts.hide()
        self.progress_status.setText(tr("Progress could not be read: {why}", self.lang, why=why))
        self.progress_status.show()
        self.progress_shown.emit()

    def shutdown(self) -> None:
        """Before the window closes: no progress answer is painted any more, no query thread left running."""
        self.progress_loader.shutdown()
        self.progress_loading = False

    # ---- language
    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(tr("Session library", lang))
        self.from_label.setText(tr("From", lang))
        self.to_label.setText(tr("To", lang))
        self.exercise_label.setText(tr("Exercise", lang))
        self.open_button.setText(tr("Open session", lang))
        self.import_folder_button.setText(tr("Import a session folder…", lang))
        self.import_archive_button.setText(tr("Import an archive (.zip, .tar.gz)…", lang))
        self.open_video_button.setText(tr("Open a video for review…", lang))
        self.model.set_language(lang, {k: v.get(lang, k) for k, v in self.exercise_names.items()})
        self._fill_exercises()
        self.apply_filters()

    # ---- opening
    def selected_folder(self) -> str | None:
        row = self.table.selectionModel().currentIndex().row()
        return self.model.rows[row].folder if 0 <= row < len(self.model.rows) else None

    def _open_selected(self) -> None:
        folder = self.selected_folder()
        if folder:
            self.open_requested.emit(folder)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.open_requested.emit(self.model.rows[row].folder)
