"""LivePresenter: one live session (an exercise or a routine) from start to saved folder.

It owns the worker thread and the recorder, turns :class:`LiveFrame` payloads and engine events into
intent calls on :class:`QtLiveView` (``show_counts``, ``show_rest`` …), and drives the Qt-free
:class:`~posecheck.session.plan.SessionPlan` (sets, reps or hold seconds, rest between sets, the next
exercise) with the engine's state and a one-second timer. It never paints and never reads frames; the
worker never touches widgets.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from enum import Enum

from PyQt6.QtCore import QCoreApplication, QEvent, QObject, QTimer, pyqtSignal

from posecheck.app.back_curve_overlay import curve_feature
from posecheck.app.cues import CuePlayer
from posecheck.app.session_recording import SessionRecording, session_meta
from posecheck.app.settings import Settings
from posecheck.app.texts import setup_hint
from posecheck.app.widgets.qt_live_view import QtLiveView
from posecheck.app.worker import LiveFrame, PipelineWorker
from posecheck.capture.sources import is_camera_spec, open_source
from posecheck.engine.analyzer import Analyzer
from posecheck.engine.events import (
    FaultRaised,
    HoldStarted,
    Paused,
    RepCompleted,
    RepStarted,
    Resumed,
    SessionEvent,
    SetStarted,
    SetupChanged,
    SourceLost,
    StoppedForPain,
    event_to_dict,
)
from posecheck.exercises.schema import ExerciseDef, Prescription, plain_words
from posecheck.i18n import N_, tr
from posecheck.landmarks import tracking_level
from posecheck.session.plan import SessionPlan, set_ended

__all__ = ["LivePresenter", "default_backend_factory"]

_FAULT_SHOW_S = 5.0  # a cue stays up this long at most
_FAULT_MIN_S = 2.5  # and at least this long, even when the next rep starts
_PLOT_REFRESH_S = 1 / 15
_TRACKING = {"good": N_("Tracking: good"), "poor": N_("Tracking: poor"), "lost": N_("Tracking: lost")}
# The live analyzers keep only the newest frame of their per-frame trace: the live view reads just that
# (the plotted hold feature); the plot keeps its own 10 s. Unbounded, a plank set grew ~0.36 MB a minute.
LIVE_TRACE_FRAMES = 1


def default_backend_factory(variant: str, outlines: bool = False) -> Callable[[], object]:
    """MediaPipe with ``variant``; ``outlines``: with person masks, for exercises that read the back's outline
    (from a picture no wider than ``LIVE_MASK_WIDTH``, so that masks cost about 2 ms a frame live)."""
    def make():
        from posecheck.pose.mediapipe_backend import LIVE_MASK_WIDTH, MediaPipePoseBackend
        from posecheck.pose.model_files import resolve_model
        return MediaPipePoseBackend(resolve_model(variant), outlines=outlines,
                                    mask_width=LIVE_MASK_WIDTH if outlines else None)
    return make


class LivePhase(Enum):
    """Where a live session is: what the stop, resume and next buttons may do."""
    IDLE = "idle"  # nothing started
    RUNNING = "running"  # a set is being counted
    REST = "rest"  # between sets: the rest timer runs
    PAUSED = "paused"  # the camera stopped delivering: waiting for Resume
    DONE = "done"  # finished, stopped or failed: nothing more happens


class LivePresenter(QObject):
    session_finished = pyqtSignal(str)  # the session folder ("" when nothing was recorded)
    open_video_requested = pyqtSignal()
    rep_counted = pyqtSignal(int)  # reps in the current set, for tests and the status bar
    fault_shown = pyqtSignal(str)  # fault id

    def __init__(self, view: QtLiveView, catalogue: dict[str, ExerciseDef], settings: Settings,
                 backend_factory: Callable[[], object] | None = None, cues: CuePlayer | None = None,
                 speed: float = 1.0, record: bool = True, source_opener: Callable = open_source, parent=None):
        super().__init__(parent)
        self.source_opener = source_opener  # spec -> FrameSource (tests pass fakes)
        self.view, self.catalogue, self.settings = view, catalogue, settings
        self.backend_factory = backend_factory  # None: MediaPipe with the model chosen in the settings
        self.cues = cues or CuePlayer(settings.language, settings.cue_volume, settings.muted)
        self.speed, self.record = speed, record
        self.lang = settings.language
        self.plan = SessionPlan(catalogue, [])
        self.source_spec: str | int = 0
        self.phase = LivePhase.IDLE
        self.worker: PipelineWorker | None = None
        self.rec = SessionRecording(settings, enabled=record)
        self.analyzer: Analyzer | None = None
        self.source_info: dict = {}
        self.last_state = None
        self.faults_seen: Counter[str] = Counter()  # fault id -> times raised (bounded by the catalogue)
        self.stopped_for_pain = False
        self._last_plot = 0.0
        self._fault_shown_at = 0.0
        self._paused_in_rest = False
        self._rest_timer = QTimer(self)
        self._rest_timer.setInterval(1000)
        self._rest_timer.timeout.connect(self._on_rest_tick)
        self._fault_timer = QTimer(self)
        self._fault_timer.setSingleShot(True)
        self._fault_timer.timeout.connect(self.view.clear_fault)
        v = self.view
        v.pain_requested.connect(self.stop_for_pain)
        v.stop_requested.connect(self.stop)
        v.skip_rest_requested.connect(self._on_next_clicked)
        v.resume_requested.connect(self.resume)
        v.open_video_requested.connect(self.open_video_requested)
        self.retranslate(self.lang)

    # ------------------------------------------------------------------ public
    @property
    def exercise(self) -> ExerciseDef:
        return self.plan.exercise

    def start(self, exercise_ids: list[str], source_spec: str | int, doses: list[Prescription] | None = None,
              rest_between_s: float | None = None) -> None:
        self.plan = SessionPlan(self.catalogue, exercise_ids, doses, rest_between_s)
        self.source_spec, self.phase = source_spec, LivePhase.RUNNING
        self.faults_seen, self.stopped_for_pain = Counter(), False
        self.rec.reset()
        self.last_state, self.worker = None, None
        self.view.reset()
        self._configure_exercise()
        self.analyzer = Analyzer(self.exercise, trace_limit_frames=LIVE_TRACE_FRAMES)
        self._start_worker(self.analyzer, t_offset_ms=0)

    def stop(self) -> None:
        """End the session now: the current set counts as far as it got."""
        if self.phase in (LivePhase.IDLE, LivePhase.DONE):
            return
        self._end_set("stopped")
        self._finish_session()

    def stop_for_pain(self) -> None:
        if self.phase in (LivePhase.IDLE, LivePhase.DONE):
            return
        self.stopped_for_pain = True
        self._add_app_event(StoppedForPain)
        self._end_set("pain")
        self._finish_session()
        self.view.show_message(tr("Stopped because it hurt. That is recorded for your physiotherapist. Rest, and if the pain stays or gets worse, contact your physiotherapist.", self.lang))

    def resume(self) -> None:
        """After the camera was lost: reopen it and carry on with the same set and recording."""
        if self.phase is not LivePhase.PAUSED:
            return
        offset = (self.worker.last_t_ms + 1) if self.worker else 0
        self.view.show_resume(False)
        self.view.show_message("")
        self._add_app_event(Resumed)
        if self._paused_in_rest:  # the camera went away during the rest: carry on with the next set
            self._begin_next_set()
            return
        self.phase = LivePhase.RUNNING
        self._start_worker(self.analyzer, t_offset_ms=offset, keep_recorder=True)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop the worker thread and close the recording (window closing)."""
        if self.phase not in (LivePhase.IDLE, LivePhase.DONE):
            self.stop()
        self._stop_thread(timeout_ms)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.cues.set_language(lang)
        self.view.set_action_texts(tr("Stop — it hurts", lang), tr("Stop", lang), tr("Resume", lang),
                                   tr("Open a video…", lang), tr("Skip the rest", lang))
        if self.plan.exercise_ids:
            self._configure_exercise(clear_plot=False)

    # ------------------------------------------------------------------ worker lifecycle
    def _start_worker(self, analyzer: Analyzer | None, t_offset_ms: int, keep_recorder: bool = False) -> None:
        spec = self.source_spec
        opener = self.source_opener
        # One pose stage serves the whole plan (the worker runs on from set to set): person masks when any
        # of its exercises reads the back's outline, else none (they cost, docs/benchmarks.md).
        outlines = any(self.catalogue[e].needs_outline for e in self.plan.exercise_ids if e in self.catalogue)
        backend = self.backend_factory or default_backend_factory(self.settings.model_variant, outlines)
        self.worker = PipelineWorker(lambda: opener(spec), backend, analyzer,
                                     set_tag=self.plan.set_tag(), speed=self.speed, t_offset_ms=t_offset_ms,
                                     pose_workers=self.settings.pose_workers)
        if keep_recorder:
            self.worker.frame_sink = self.rec.sink
        else:
            self.worker.on_start = self._open_recorder_in_worker
        self.worker.set_display_size(*self.view.video_size_px())
        self.view.on_video_resized(self._video_resized)
        self.worker.source_opened.connect(self._on_started)
        self.worker.frame_ready.connect(self._on_frame)
        self.worker.analyzer_done.connect(self._on_analyzer_done)
        self.worker.error.connect(self._on_error)
        self.worker.source_lost.connect(self._on_source_lost)
        self.worker.source_ended.connect(self._on_source_ended)
        self.worker.start()

    def _stop_thread(self, timeout_ms: int = 5000) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker.wait(timeout_ms)

    def _open_recorder_in_worker(self, info: dict) -> None:
        """Runs in the worker thread before its first frame, so the recording misses nothing."""
        self.source_info = info
        if self.rec.recorder is None:
            self.rec.open(self.exercise.id, self._meta(), info.get("fps", 30.0), bool(info.get("is_live")))
        self.worker.frame_sink = self.rec.sink

    def _video_resized(self, width: int, height: int) -> None:
        if self.worker is not None:
            self.worker.set_display_size(width, height)

    def _on_started(self, info: dict) -> None:
        self.source_info = info
        self._show_recording_label()
        self._add_app_event(SetStarted)

    # ------------------------------------------------------------------ frames and events
    def _on_frame(self, lf: LiveFrame) -> None:
        if self.worker is not None:
            self.worker.frame_painted()
        current = lf.state is not None and self.phase is LivePhase.RUNNING and lf.set_tag == self.plan.set_tag()
        if current:  # events first, so the overlay's colour already reflects this frame's cue
            self.last_state = lf.state
            for e in lf.events:
                self._on_event(e)
            self._show_state(lf)
            self._plot(lf)
        s = lf.state
        skeleton = "fault" if self.view.fault_shown else "setup" if s is None or not s.setup_ok else "ok"
        curve = curve_feature(self.exercise) if lf.back_curve is not None else None
        self.view.show_frame(lf.display_bgr if lf.display_bgr is not None else lf.image_bgr, lf.pose.xyz,
                             lf.pose.visibility, lf.is_live and self.settings.mirror, lf.read_ns, skeleton,
                             back_curve=(lf.back_curve, curve.title(self.lang)) if curve is not None else None)
        self._show_tracking(lf)
        self._check_recorder()
        if current and self.plan.set_complete(lf.state):
            self._end_set("done")
            self._after_set()

    def _on_event(self, e) -> None:
        ex = self.exercise
        if isinstance(e, FaultRaised):
            spec = next((f for f in ex.faults if f.id == e.fault_id), None)
            if spec is None:
                return
            text = spec.message.get(self.lang)
            self.view.show_fault(e.fault_id, text, e.severity)
            self._fault_timer.start(int(_FAULT_SHOW_S * 1000))
            self._fault_shown_at = time.monotonic()
            self.faults_seen[e.fault_id] += 1
            self.fault_shown.emit(e.fault_id)
            self.cues.say(f"fault:{e.fault_id}", text, urgent=e.severity == "stop")
        elif isinstance(e, RepCompleted):
            n = self.last_state.reps_total if self.last_state else 0
            self.rep_counted.emit(n)
            self.cues.say(f"rep:{n}", str(n), urgent=True)
        elif isinstance(e, HoldStarted if ex.rep is None else RepStarted):
            # back in a good hold, or the next rep begins: the last cue was about what came before
            # (but leave it up long enough to be read)
            if time.monotonic() - self._fault_shown_at >= _FAULT_MIN_S:
                self.view.clear_fault()
        elif isinstance(e, SetupChanged) and not e.ok and e.problems:
            self.cues.say(f"setup:{e.problems[0]}", setup_hint(e.problems[0], self.lang))

    def _show_state(self, lf: LiveFrame) -> None:
        s, ex, lang = lf.state, self.exercise, self.lang
        if not s.setup_ok:
            self.view.show_setup(tr("Setup check", lang), [setup_hint(c, lang) for c in s.setup_problems], False)
        elif not s.armed:
            self.view.show_setup(tr("Setup OK: get into the start position", lang), [], True)
        else:
            self.view.show_setup(tr("Counting", lang), self._judgement_lines(s), True)
        target = ex.prescription.reps
        if ex.rep is not None:
            self.view.show_counts(s.reps_total, s.reps_left, s.reps_right, target,
                                  tr("{done} / {target}", lang, done=self.plan.reps_done(s), target=target or "–"))
        if self.plan.is_hold:
            held = s.hold_total_s + s.hold_s
            in_position = s.hold_in_position_total_s + s.hold_in_position_s
            paused = tr("Hold paused: get back into position", lang) if s.armed and held > 0 else ""
            # Time in position that did not count (bad form): say how much, in whole seconds.
            note = tr("{held:.0f} s in position, {good:.0f} s of it with good form", lang, held=round(in_position), good=round(held)) if in_position >= held + 1.0 else ""
            self.view.show_hold(held, ex.prescription.hold_s, s.phase == "hold", tr("Hold", lang), paused, note)

    def _judgement_lines(self, s) -> list[str]:
        """What the engine recognised while counting, and any doubt about the count (live)."""
        lang, lines = self.lang, []
        if s.variant is not None:
            lines.append(tr("Recognised: {name}", lang, name=s.variant.get(lang)))
        if s.followed is not None:
            lines.append(s.followed.text(lang))
        check = s.count_check
        if check is not None and check.nothing_seen:
            # in whole 5 s steps: the box is re-laid out only when its text changes
            lines.append(tr("No repetition seen for {s:.0f} s: make the movement a little bigger, or put the camera closer", lang, s=5 * (check.in_position_s // 5)))
        elif check is not None and check.disagrees and check.cycles > check.reps:
            lines.append(tr("Not sure of the count: {cycles} movements seen, {reps} counted", lang, cycles=check.cycles, reps=check.reps))
        return lines

    def _show_tracking(self, lf: LiveFrame) -> None:
        level = tracking_level(lf.pose, lf.quality)
        text = tr(_TRACKING[level], self.lang)
        if lf.dropped:
            text += " · " + tr("{n} frames skipped", self.lang, n=lf.dropped)
        self.view.set_tracking(level, text)

    def _plot(self, lf: LiveFrame) -> None:
        now = time.monotonic()
        repaint = now - self._last_plot >= _PLOT_REFRESH_S
        if repaint:
            self._last_plot = now
        self.view.add_plot_point(lf.pose.t_ms / 1000.0, lf.plot_value, repaint)

    # ------------------------------------------------------------------ sets, rest, next exercise
    def _end_set(self, reason: str) -> None:
        if self.analyzer is None:
            return
        self._record(set_ended(self.last_state, reason, self._now_ms()))
        if self.worker is not None and self.worker.isRunning():
            self.worker.set_analyzer(None)  # the worker finishes it between frames: analyzer_done
        else:
            self._on_analyzer_done(self.plan.set_tag(), self.analyzer.finish())
        self.analyzer = None

    def _after_set(self) -> None:
        ex, lang, plan = self.exercise, self.lang, self.plan
        self.cues.say(f"set_done:{plan.ex_pos}:{plan.set_index}", tr("Set {n} done", lang, n=plan.set_index), urgent=True)
        if plan.after_set() is None:
            self._finish_session()
            self.view.show_rest(tr("Routine finished. Well done!", lang) if plan.is_routine else
                                tr("{name} done", lang, name=ex.name.get(lang)), can_skip=False)
            return
        self.phase = LivePhase.REST
        self._show_rest()
        self._rest_timer.start()

    def _show_rest(self) -> None:
        rest = self.plan.rest
        text = tr("Rest: {s} s", self.lang, s=rest.seconds_left)
        if rest.next_exercise is not None:
            text += "\n" + tr("Next: {name}", self.lang, name=rest.next_exercise.name.get(self.lang))
        self.view.show_rest(text, can_skip=True)

    def _on_rest_tick(self) -> None:
        if not self.plan.tick_rest():
            self._show_rest()
            return
        self._begin_next_set()

    def _on_next_clicked(self) -> None:
        if self.phase is LivePhase.REST:
            self._begin_next_set()

    def _begin_next_set(self) -> None:
        self._rest_timer.stop()
        self.view.show_rest("", can_skip=False)
        if self.plan.begin_next_set():  # the routine moves on: a new session folder per exercise
            self._close_recorder()
            self._configure_exercise()
            self._open_recorder()
        else:
            self._configure_exercise(clear_plot=False)
        self.phase = LivePhase.RUNNING
        self.analyzer = Analyzer(self.exercise, trace_limit_frames=LIVE_TRACE_FRAMES)
        if self.worker is not None and self.worker.isRunning():
            self.worker.set_analyzer(self.analyzer, self.plan.set_tag())
            self._add_app_event(SetStarted)
        else:  # the source had stopped (camera lost during the rest): reopen it, time running on
            offset = (self.worker.last_t_ms + 1) if self.worker else 0
            self._start_worker(self.analyzer, offset, keep_recorder=True)

    def _configure_exercise(self, clear_plot: bool = True) -> None:
        ex, lang, v = self.exercise, self.lang, self.view
        v.show_exercise(ex.name.get(lang), counts_reps=ex.rep is not None, times_hold=self.plan.is_hold,
                        per_side=ex.per_side and ex.rep is not None, left=tr("left", lang), right=tr("right", lang))
        v.show_set(tr("Set {n} of {total}", lang, n=self.plan.set_index, total=ex.prescription.sets))
        v.show_hold(0.0, ex.prescription.hold_s, False, tr("Hold", lang), "")
        if not clear_plot:
            return
        v.show_counts(0, 0, 0, ex.prescription.reps, tr("{done} / {target}", lang, done=0, target=ex.prescription.reps or "–"))
        if ex.rep is not None:
            r = ex.rep
            v.show_plot_axes(_feature_title(ex, r.driver, self.lang), [(r.bottom_enter, "bottom"), (r.bottom_exit, "bottom"),
                                                                      (r.top_exit, "top"), (r.top_enter, "top")])
        elif ex.hold is not None and ex.hold.all_conditions:
            c = ex.hold.all_conditions[0]
            v.show_plot_axes(_feature_title(ex, c.feature, self.lang), [(float(x), "hold") for x in c.value])

    # ------------------------------------------------------------------ recording
    def _meta(self) -> dict:
        return session_meta(self.exercise, self.plan.exercise_ids, self.source_spec, self.source_info, self.lang,
                            self.settings)

    def _open_recorder(self) -> None:
        info = self.source_info
        self.rec.open(self.exercise.id, self._meta(), info.get("fps", 30.0), bool(info.get("is_live")))
        if self.worker is not None:
            self.worker.frame_sink = self.rec.sink
        self._show_recording_label()

    def _show_recording_label(self) -> None:
        if self.rec.recorder is not None:
            self.view.show_recording(tr("Recording to {folder}", self.lang, folder=self.rec.recorder.folder))
        elif self.rec.problem:
            self.view.show_recording(tr("Recording stopped: {why}", self.lang, why=self.rec.problem))

    def _check_recorder(self) -> None:
        error = self.rec.new_error()
        if error:
            msg = tr("Recording stopped: {why}", self.lang, why=error)
            self.view.show_recording(msg)
            self.view.show_message(msg)
        lost = self.rec.new_loss()
        if lost:  # the disk stalled: say so once per episode (the counts also go into meta.json)
            self.view.show_recording(tr("The disk is too slow: {n} frames were not recorded (the session goes on)", self.lang, n=lost))

    def _now_ms(self) -> int:
        """Source time of the newest frame: what the app's events are stamped with."""
        return self.worker.last_t_ms if self.worker else 0

    def _add_app_event(self, kind: type[SessionEvent]) -> None:
        self._record(kind(self._now_ms()))

    def _record(self, event: SessionEvent) -> None:
        self.rec.add_event(event_to_dict(event, **self.plan.set_tag(), wall_time=time.time()))

    def _on_analyzer_done(self, tag, events: list) -> None:
        self.rec.add_engine_events(events, tag)

    def _close_recorder(self) -> None:
        if self.worker is not None:
            self.worker.frame_sink = None
        problem = self.rec.close(stopped_for_pain=self.stopped_for_pain, faults_seen=sorted(self.faults_seen))
        if problem:
            self.view.show_recording(problem)

    def _finish_session(self) -> None:
        self._rest_timer.stop()
        self.view.hide_skip_rest()
        self.view.enable_stop(False)
        self.view.show_setup(tr("Finished", self.lang), [], True)
        self.phase = LivePhase.DONE
        self._stop_thread()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall.value)  # its last queued signals (analyzer_done)
        if self.worker is not None:  # the thread has ended: finish what it still held, in this thread
            for an, tag in self.worker.held_analyzers():
                self._on_analyzer_done(tag, an.finish())
        if self.analyzer is not None:
            self._on_analyzer_done(self.plan.set_tag(), self.analyzer.finish())
            self.analyzer = None
        self._close_recorder()
        self.session_finished.emit(self.rec.last_folder)

    # ------------------------------------------------------------------ source problems
    def _on_error(self, text: str) -> None:
        """The source or the model could not be opened: say so, offer a video, keep nothing half-open."""
        self.phase = LivePhase.DONE
        camera = is_camera_spec(self.source_spec)
        shown = tr("No camera found. Connect a camera, or open a video to run it through the coach.", self.lang) if camera else text
        self.view.show_source_error(shown, text)
        self._stop_thread()
        self._close_recorder()
        self.session_finished.emit(self.rec.last_folder)

    def _on_source_lost(self, text: str) -> None:
        self._paused_in_rest = self.phase is LivePhase.REST
        self._rest_timer.stop()
        self.view.hide_skip_rest()
        self.phase = LivePhase.PAUSED
        self._record(SourceLost(self._now_ms(), message=text))
        self._add_app_event(Paused)
        self.view.show_message(tr("The camera stopped delivering pictures. Check the cable, then press Resume. Your session so far is kept.", self.lang))
        self.view.show_resume(True)

    def _on_source_ended(self) -> None:
        # The worker has already finished the set's analyzer (its events arrive via analyzer_done).
        if self.phase is LivePhase.RUNNING and self.analyzer is not None:
            self._record(set_ended(self.last_state, "video_ended", self._now_ms()))
            self.analyzer = None
        if self.phase in (LivePhase.RUNNING, LivePhase.REST):
            self.view.add_message(tr("The video has ended.", self.lang))
            self._finish_session()



def _feature_title(ex: ExerciseDef, name: str, lang: str) -> str:
    """The plot's title: the feature's label from the exercise file in the chosen language, with its
    unit (``Heupen omhoog (°)``); a per-side series (``…_left``) is titled by its feature."""
    specs = {f.name: f for f in ex.features}
    base = name.rsplit("_", 1)[0] if name.endswith(("_left", "_right")) else name
    spec = specs.get(base)
    title = spec.title(lang) if spec is not None else plain_words(base)
    unit = " (°/s)" if base.endswith("_deg_s") else " (°)" if base.endswith("_deg") else ""
    return title[:1].upper() + title[1:] + unit
