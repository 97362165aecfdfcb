"""ReviewPresenter: one session (or analysed video) in the workstation: playback, seeking, jumps,
clinician input and exports. It never paints and never decodes: the frame reader thread decodes,
the widgets paint, and the facts come from the core :class:`posecheck.review.model.Review`.

The skeleton needs the landmarks, which ``Review`` does not carry: the presenter is given the
:class:`~posecheck.landmarks.PoseSequence` next to it (read with the store for a session folder,
from the analysis for a video).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QKeySequence, QShortcut

from posecheck.app.review.workstation.clinician import ClinicianInput
from posecheck.app.review.export.export_controller import ExportController
from posecheck.app.review.workstation.frame_reader import VideoFrameReader
from posecheck.app.review.workstation.playhead import Playhead
from posecheck.app.review.workstation.plot_content import plot_choices, plot_lines, side_colour
from posecheck.app.review.workstation.qt_timeline import TimelineBand, TimelineMarker
from posecheck.app.review.workstation.qt_workstation import QtReviewWorkstation
from posecheck.app.review.workstation.rep_table_model import COLUMNS, HoldTableRow, RepTableModel
from posecheck.i18n import N_, tr
from posecheck.landmarks import PoseSequence
from posecheck.review.texts import session_warning

__all__ = ["ReviewPresenter"]

def _typing() -> bool:
    """A note box has the focus: its Space, arrows and letters are text, not shortcuts."""
    from PyQt6.QtWidgets import QApplication, QPlainTextEdit

    return isinstance(QApplication.focusWidget(), QPlainTextEdit)


class ReviewPresenter(QObject):
    position_changed = pyqtSignal(float)  # t_s, after every widget has followed
    frame_painted = pyqtSignal(int)  # video frame index shown (tests wait for it)
    export_finished = pyqtSignal(str, str, bool)  # kind, path, ok
    video_checked = pyqtSignal(bool)  # False: the video file turned out unreadable

    def __init__(self, view: QtReviewWorkstation, review, poses: PoseSequence | None, lang: str, parent=None):
        super().__init__(parent)
        self.view, self.review, self.poses, self.lang = view, review, poses, lang
        self.series = review.series
        times = self.series.t_s if len(self.series) else np.array([0.0, max(review.duration_s, 0.001)])
        self.playhead = Playhead(times, self)
        self.clinician = ClinicianInput(review)
        self.exports = ExportController(view.exports, review, self.clinician, poses, lang, self)
        self.exports.finished.connect(self.export_finished)
        self.table_model = RepTableModel(lang)
        self.view.table.setModel(self.table_model)
        self.markers: list[TimelineMarker] = []
        self.selected_marker: int | None = None
        self.fault_names: dict[str, str] = {}  # fault id -> its label in the chosen language (retranslate)
        self.reader: VideoFrameReader | None = None
        self.video_problem = ""
        self._video_of_landmark = review.frames_of(self.series.t_s) if len(self.series) else np.zeros(0, np.int64)
        self._landmark_of_video: dict[int, int] = {}
        for i, vf in enumerate(self._video_of_landmark.tolist()):
            self._landmark_of_video.setdefault(int(vf), i)
        self._blank: np.ndarray | None = None
        self._note_rep: int | None = None  # the rep whose note the rep-note box holds
        self._connect()
        # Filled once: refreshes must never replace what the clinician is typing.
        self.view.clinician.session_note.setPlainText(self.clinician.session_note())
        self._open_video()
        self.retranslate(lang)
        self._on_position(self.playhead.t_s)

    # ------------------------------------------------------------------ setup
    def _connect(self) -> None:
        v, ph = self.view, self.playhead
        t = v.transport
        t.play_button.clicked.connect(ph.toggle)
        t.frame_back.clicked.connect(lambda: ph.step(-1))
        t.frame_fwd.clicked.connect(lambda: ph.step(1))
        t.prev_rep.clicked.connect(self.previous_rep)
        t.next_rep.clicked.connect(self.next_rep)
        t.next_fault.clicked.connect(self.next_fault)
        t.speed.currentIndexChanged.connect(lambda i: ph.set_speed(t.speed.itemData(i)))
        t.slider.valueChanged.connect(self._on_slider)
        ph.position_changed.connect(self._on_position)
        ph.playing_changed.connect(t.set_playing)
        v.timeline.seek_requested.connect(ph.seek)
        v.timeline.marker_clicked.connect(self.select_fault)
        v.plot.seek_requested.connect(ph.seek)
        v.feature.currentIndexChanged.connect(lambda _i: self._plot_series())
        v.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_rep_row(cur.row()))
        c = v.clinician
        c.fault_selected.connect(self.select_fault)
        c.false_alarm_button.clicked.connect(self.toggle_false_alarm)
        c.add_missed_button.clicked.connect(lambda: self.add_missed_fault(c.missed_kind.currentData()))
        c.save_button.clicked.connect(self.save_notes)
        keys = [("Space", ph.toggle), ("Left", lambda: ph.step(-1)), ("Right", lambda: ph.step(1)),
                (",", lambda: ph.step(-1)), (".", lambda: ph.step(1)), ("Home", lambda: ph.seek(ph.start_s)),
                ("End", lambda: ph.seek(ph.end_s)), ("J", self.previous_rep), ("L", self.next_rep),
                ("F", self.next_fault)]
        self.shortcuts = []
        for key, fn in keys:
            sc = QShortcut(QKeySequence(key), v)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda fn=fn: None if _typing() else fn())
            self.shortcuts.append(sc)

    def _open_video(self) -> None:
        path = self.review.video_path
        if path is None or not Path(path).is_file():
            self.video_problem = N_("no video file in the session folder")
            return
        self.reader = VideoFrameReader(path, self)
        self.reader.frame_ready.connect(self._on_frame)
        # A frame the file does not have (a video cut short): the skeleton goes on without the picture.
        self.reader.failed.connect(lambda vf: self._paint(None, self._landmark_of_video.get(vf, self.playhead.frame_index)))
        self.reader.opened.connect(self._on_video_opened)
        self.reader.start()

    def _on_video_opened(self, ok: bool) -> None:
        if ok:
            self._on_position(self.playhead.t_s)  # the first picture, now that there is a decoder
            return
        self.video_problem = N_("the video file cannot be read; it may be damaged")  # corrupt or not a video: landmarks and plots still work
        self.reader = None
        self.retranslate(self.lang)
        self._paint(None, self.playhead.frame_index)
        self.video_checked.emit(False)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        v, r = self.view, self.review
        v.retranslate(lang)
        self.exports.lang = lang
        name = r.exercise.name.get(lang)
        where = r.folder.name if r.folder is not None else (r.video_path.name if r.video_path else "")
        v.title.setText(f"{name} — {where}")
        notices = []
        if self.video_problem:
            notices.append(tr("The video of this session is missing ({why}). Landmarks, plots and the table are shown without the picture.", lang, why=tr(self.video_problem, lang)))
        if self.clinician.load_error:
            notices.append(tr("The clinician notes of this session cannot be read, so they are not changed: {why}", lang, why=self.clinician.load_error))
        notices += [session_warning(w, lang) for w in r.warnings]
        notices += [f"{tr('Cannot judge', lang)}: {c}" for c in r.cannot_judge_in(lang)]
        notices += r.uncertain_in(lang) + r.recognised_in(lang)
        v.show_notice("\n".join(notices))
        if self.video_problem:
            v.video.set_placeholder(tr("The video of this session is missing ({why}). Landmarks, plots and the table are shown without the picture.", lang, why=tr(self.video_problem, lang)))
        self.fault_names = {f.id: f.title(lang) for f in r.exercise.faults}
        self.table_model.fault_names = self.fault_names
        self.table_model.set_language(lang)
        v.symmetry.show_symmetry(r.symmetry, lang)
        v.clinician.set_fault_kinds(list(self.fault_names.items()))
        self._fill_feature_choices()
        # Sides and sets only where they say something: a bridge has no sides, one set needs no column.
        self.view.table.setColumnHidden(COLUMNS.index("col_side"), not r.exercise.per_side)
        self.view.table.setColumnHidden(COLUMNS.index("col_set"), len({rep.set_index for rep in r.reps}) < 2)
        self.refresh()

    def refresh(self) -> None:
        """Re-derive table rows, markers and plot from the review plus the clinician's input."""
        r, c, v = self.review, self.clinician, self.view
        self.table_model.set_reps(self._table_rows(), c.rep_notes(), c.false_alarms_by_rep())
        self.markers = [TimelineMarker(f.t_s, f.id, "false_alarm" if c.is_false_alarm(f) else "detected")
                        for f in r.faults]
        self.markers += [TimelineMarker(t_s, fid, "added") for fid, t_s in c.added_faults()]
        self.markers.sort(key=lambda m: m.t_s)
        bands = [TimelineBand(rep.start_s, rep.end_s, rep.side, str(rep.index + 1)) for rep in r.reps]
        bands += [TimelineBand(h.start_s, h.end_s, h.side, "") for h in r.holds]
        v.timeline.set_content(self.playhead.start_s, self.playhead.end_s, bands, self.markers)
        messages = {f.id: f.message.get(self.lang) for f in r.exercise.faults}
        v.clinician.set_faults([self._fault_row_text(m) for m in self.markers], self.selected_marker,
                               [messages.get(m.fault_id, m.fault_id) for m in self.markers])
        self._update_fault_buttons()
        self._plot_series()

    def _table_rows(self) -> list:
        """The reps; for a hold exercise (no reps) its holds, so the table is never empty for a plank."""
        if self.review.reps or not self.review.holds:
            return list(self.review.reps)
        return [HoldTableRow(h) for h in self.review.holds]

    def _fault_row_text(self, m: TimelineMarker) -> str:
        state = {"detected": N_("detected"), "false_alarm": N_("false alarm"), "added": N_("added by clinician")}[m.state]
        return f"{m.t_s:6.2f} s  {self.fault_names.get(m.fault_id, m.fault_id)}  ({tr(state, self.lang)})"

    def _fill_feature_choices(self) -> None:
        combo = self.view.feature
        current = combo.currentIndex()
        combo.blockSignals(True)
        combo.clear()
        for label, names in plot_choices(self.series, self.lang):
            combo.addItem(label, names)
        combo.setCurrentIndex(max(0, min(current, combo.count() - 1)))
        combo.blockSignals(False)

    def _plot_series(self) -> None:
        s = self.series
        feats = self.view.feature.currentData() or []
        if not feats or not len(s):
            self.view.plot.set_series(np.zeros(0), {}, [], [])
            return
        curves = {s.title(f, self.lang): (s.angle_deg[f], side_colour(f)) for f in feats}
        lines = plot_lines(s, feats, hold_exercise=self.review.exercise.rep is None, lang=self.lang)
        spans = [(rep.start_s, rep.end_s, rep.side) for rep in self.review.reps]
        spans += [(h.start_s, h.end_s, h.side) for h in self.review.holds]
        unit = s.units.get(feats[0], "deg")
        self.view.plot.set_labels(tr("Angles", self.lang), tr("time (s)", self.lang),
                                  tr("angle (°)", self.lang) if unit == "deg" else "ratio")
        self.view.plot.set_series(s.t_s, curves, lines, spans)
        self.view.plot.set_playhead(self.playhead.t_s)

    # ------------------------------------------------------------------ navigation
    def seek(self, t_s: float) -> None:
        self.playhead.seek(t_s)

    def _targets(self) -> list[float]:
        return [r.start_s for r in self.review.reps] or [h.start_s for h in self.review.holds]

    def next_rep(self) -> None:
        later = [t for t in self._targets() if t > self.playhead.t_s + 1e-3]
        if later:
            self.playhead.seek(later[0])

    def previous_rep(self) -> None:
        # Like a media player's "previous": a little into a rep goes to its start, at the start to the one before.
        earlier = [t for t in self._targets() if t < self.playhead.t_s - 0.25]
        if earlier:
            self.playhead.seek(earlier[-1])

    def next_fault(self) -> None:
        later = [i for i, m in enumerate(self.markers) if m.t_s > self.playhead.t_s + 1e-3]
        i = later[0] if later else (0 if self.markers else None)  # wrap round to the first
        if i is not None:
            self.select_fault(i)

    def select_fault(self, i: int) -> None:
        if not 0 <= i < len(self.markers):
            return
        self.selected_marker = i
        self.view.timeline.select_marker(i)
        self.view.clinician.select_fault(i)
        self._update_fault_buttons()
        self.playhead.seek(self.markers[i].t_s)

    def _on_slider(self, index: int) -> None:
        times = self.playhead.frame_times_s
        if len(times):
            self.playhead.seek(float(times[min(index, len(times) - 1)]))

    def _show_rep_note(self, rep_index: int) -> None:
        """Put this rep's note in the box, first keeping what was typed for the previous rep."""
        if self._note_rep == rep_index:
            return
        self._commit_notes()
        is_hold = rep_index >= HoldTableRow.HOLD_INDEX_BASE  # the notes file keeps notes on reps only
        self._note_rep = None if is_hold else rep_index
        self.view.clinician.rep_note.setEnabled(not is_hold)
        self.view.clinician.rep_note.setPlainText("" if is_hold else self.clinician.rep_notes().get(rep_index, ""))

    def _commit_notes(self) -> None:
        """Typed notes are kept without pressing Save: when the rep changes and when the review closes."""
        c = self.view.clinician
        changed = False
        if self._note_rep is not None and c.rep_note.toPlainText() != self.clinician.rep_notes().get(self._note_rep, ""):
            self.clinician.set_rep_note(self._note_rep, c.rep_note.toPlainText())
            changed = True
        if c.session_note.toPlainText() != self.clinician.session_note():
            self.clinician.set_session_note(c.session_note.toPlainText())
            changed = True
        if changed:
            self._saved()
            self.table_model.set_reps(self._table_rows(), self.clinician.rep_notes(),
                                      self.clinician.false_alarms_by_rep())

    def _on_rep_row(self, row: int) -> None:
        if 0 <= row < len(self.table_model.reps):
            rep = self.table_model.reps[row]
            self._show_rep_note(rep.index)
            if not (rep.start_s <= self.playhead.t_s <= rep.end_s):
                self.playhead.seek(rep.start_s)

    def _on_position(self, t_s: float) -> None:
        v, ph = self.view, self.playhead
        i = ph.frame_index
        v.transport.set_time(t_s, ph.end_s, i)
        v.transport.set_slider(i, len(ph.frame_times_s) - 1)
        v.timeline.set_playhead(t_s)
        v.plot.set_playhead(t_s)
        self._follow_table(t_s)
        if self.reader is not None and len(self._video_of_landmark):
            self.reader.request(int(self._video_of_landmark[i]))
        else:
            self._paint(None, i)
        self.position_changed.emit(t_s)

    def _follow_table(self, t_s: float) -> None:
        rep = self.review.rep_at(t_s) if self.review.reps else next(
            (r for r in self.table_model.reps if r.start_s <= t_s <= r.end_s), None)
        row = self.table_model.row_of_rep(rep.index) if rep is not None else None
        sel = self.view.table.selectionModel()
        if row is None or sel.currentIndex().row() == row:
            return
        sel.blockSignals(True)  # following the playhead must not seek back to the rep's start
        self.view.table.selectRow(row)
        sel.blockSignals(False)
        self._show_rep_note(rep.index)

    # ------------------------------------------------------------------ painting
    def _on_frame(self, video_index: int, image: np.ndarray) -> None:
        self._paint(image, self._landmark_of_video.get(video_index, self.playhead.frame_index))
        self.frame_painted.emit(video_index)

    def _paint(self, image: np.ndarray | None, landmark_index: int) -> None:
        xyz = vis = None
        if self.poses is not None and 0 <= landmark_index < len(self.poses):
            if not np.isnan(self.poses.xyz[landmark_index, 0, 0]):
                xyz, vis = self.poses.xyz[landmark_index], self.poses.visibility[landmark_index]
        if image is None:
            if xyz is None and self.video_problem:
                self.view.video.clear()
                return
            image = self._blank_canvas()  # no video: the skeleton on a dark canvas of the recorded size
        t_s = float(self.playhead.frame_times_s[landmark_index]) if len(self.playhead.frame_times_s) else 0.0
        rep = self.review.rep_at(t_s)
        faulty = rep is not None and any(not self.clinician.is_false_alarm_id(rep.index, f) for f in rep.faults)
        self.view.video.skeleton_state = "fault" if faulty else "ok"
        self.view.video.show_frame(image, xyz, vis, mirror=False)

    def _blank_canvas(self) -> np.ndarray:
        if self._blank is None:
            w, h = self.poses.image_size if self.poses is not None and self.poses.image_size[0] else (640, 480)
            self._blank = np.full((h, w, 3), 36, np.uint8)
        return self._blank

    # ------------------------------------------------------------------ clinician input
    def _update_fault_buttons(self) -> None:
        m = self.markers[self.selected_marker] if self.selected_marker is not None and \
            self.selected_marker < len(self.markers) else None
        self.view.clinician.set_false_alarm_state(m is not None and m.state == "false_alarm",
                                                  m is not None and m.state != "added")

    def toggle_false_alarm(self) -> None:
        if self.selected_marker is None:
            return
        m = self.markers[self.selected_marker]
        fault = next((f for f in self.review.faults if f.id == m.fault_id and abs(f.t_s - m.t_s) < 1e-6), None)
        if fault is None:
            return
        self.clinician.set_false_alarm(fault, not self.clinician.is_false_alarm(fault))
        self._saved()
        self._reselect(m.t_s, m.fault_id)

    def add_missed_fault(self, fault_id: str | None) -> None:
        if not fault_id:
            return
        t_s = round(self.playhead.t_s, 3)
        self.clinician.add_fault(fault_id, t_s)
        self._saved()
        self._reselect(t_s, fault_id)

    def _reselect(self, t_s: float, fault_id: str) -> None:
        self.refresh()
        for i, m in enumerate(self.markers):
            if m.fault_id == fault_id and abs(m.t_s - t_s) < 1e-6:
                self.selected_marker = i
                self.view.timeline.select_marker(i)
                self.view.clinician.select_fault(i)
        self._update_fault_buttons()

    def save_notes(self) -> None:
        self._commit_notes()
        self._saved()

    def selected_rep(self):
        row = self.view.table.selectionModel().currentIndex().row()
        return self.table_model.reps[row] if 0 <= row < len(self.table_model.reps) else None

    def _saved(self) -> None:
        c = self.clinician
        ok = not c.save_error
        self.view.clinician.status.setStyleSheet("color: #7a7;" if ok else "color: #e66;")
        self.view.clinician.status.setText(tr("Saved beside the results (review.json); the analysis is unchanged.", self.lang) if ok else
                                           tr("Not saved: {why}", self.lang, why=c.save_error))

    # ------------------------------------------------------------------ exports
    def export(self, kind: str, path: str | Path):
        """Write one export in a worker thread; ``export_finished`` says when and whether it worked."""
        return self.exports.export(kind, path)

    @property
    def last_export_pages(self) -> int:
        return self.exports.last_pages

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        self.playhead.pause()
        try:
            self._commit_notes()
        except RuntimeError:  # the widgets are already gone (window destroyed first): nothing typed to keep
            pass
        self.exports.wait()  # an export in progress is finished, not cut off half-written
        if self.reader is not None:
            self.reader.stop()
            self.reader = None
