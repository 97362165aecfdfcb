"""One exercise, frame by frame: PoseFrame → features → filter → setup / position → reps, holds, faults.

Numpy core: no Qt, no mediapipe, no cv2. :meth:`Analyzer.push` is the live path (one frame at a
time); :meth:`Analyzer.analyze` is the recording path: it measures every feature of the whole
sequence with a few vectorised numpy calls, then runs the same per-frame step. Because both paths
share the causal filters and the step, they produce identical events on identical input (a test
checks this).

Nothing is counted until the person has held the start position for ``settle_s`` (getting onto the
mat is not a rep), and losing sight of the person for longer than ``dropout_grace_s`` disarms
counting until the start position is seen again.
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from dataclasses import dataclass, field, fields, replace

import numpy as np

from posecheck.engine.bands import fitted_bands
from posecheck.engine.count_check import CountCheck, check_count
from posecheck.engine.cuts import LandmarkCutDetector
from posecheck.engine.cycles import CycleTracker
from posecheck.engine.derived import FeatureSpeeds, StartLevels
from posecheck.engine.events import (
    Event, FaultRaised, HoldEnded, HoldStarted, PositionLeft, PositionReached, RepCompleted, RepStarted,
    HeldInPosition, RepTopReached, Restarted, SetChecked, SetupChanged, TrackingLost, TrackingRegained,
)
from posecheck.engine.faults import FaultHit, FaultMonitor
from posecheck.engine.holds import HoldTimer
from posecheck.engine.people import PersonSelector
from posecheck.engine.reps import RepCounter, RepPhase
from posecheck.engine.setup_check import SetupChecker, frame_problems
from posecheck.exercises.schema import Condition, ExerciseDef, Text
from posecheck.i18n import Msg
from posecheck.engine.features import evaluate_features, feature_names
from posecheck.kinematics.points import LandmarkArrays
from posecheck.kinematics.filters import OneEuroFilter
from posecheck.kinematics.gating import CameraSideTracker, classify_view, upper_side, view_angle_deg
from posecheck.landmarks import PoseFrame, PoseSequence

__all__ = ["Analyzer", "VariantRun", "Trace", "LiveState", "LOCK_HOLD_S"]

# A variant is recognised once it has counted a rep, or held its position this long (posecheck/engine/variants.py).
LOCK_HOLD_S = 5.0

TOP_OK_MEMORY_MS = 60_000  # how far back a credited cycle's top requirement can be looked up
# A cycle smaller than this share of the reps the bands counted is a partial rep, not a rep of its own.
PARTIAL_SHARE = 0.6
# Two missed cycles are "of a similar size" (the person's own range) when neither is more than this
# many times the other.
SIMILAR_RATIO = 2.0


@dataclass
class Trace:
    """Per-frame record for plots and CSV export (filtered features, phase, side, view)."""

    t_ms: list[int] = field(default_factory=list)
    has_pose: list[bool] = field(default_factory=list)
    seen: list[bool] = field(default_factory=list)  # the person judged was in view (not two candidates)
    anyone: list[bool] = field(default_factory=list)  # somebody was in view
    ambiguous: list[bool] = field(default_factory=list)  # two people plausibly did the exercise
    camera_side: list[str] = field(default_factory=list)
    view_deg: list[float] = field(default_factory=list)
    phase: list[str] = field(default_factory=list)
    raw: dict[str, list[float]] = field(default_factory=dict)
    filtered: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def for_features(cls, names: list[str], limit_frames: int | None = None) -> Trace:
        """An empty trace; ``limit_frames`` keeps only the newest frames (ring buffers, for live sets that
        may last an hour), None keeps every frame (recordings: the CSV needs them all)."""
        def column():
            return [] if limit_frames is None else deque(maxlen=limit_frames)
        lists = {f.name: column() for f in fields(cls) if f.name not in ("raw", "filtered")}
        return cls(**lists, raw={n: column() for n in names}, filtered={n: column() for n in names})


@dataclass(frozen=True)
class LiveState:
    """A snapshot for the live view: what to paint now."""

    reps_total: int
    reps_left: int
    reps_right: int
    phase: str
    armed: bool
    tracking: bool
    hold_s: float
    hold_total_s: float
    hold_in_position_s: float  # the running hold in position, whatever the form
    hold_in_position_total_s: float
    driver_value: float
    setup_ok: bool
    setup_problems: tuple[str, ...]
    view: str
    variant: Text | None = None  # the variant being followed, when the exercise has several
    followed: Msg | None = None  # "2 people in view: following the person on the mat"
    count_check: CountCheck | None = None  # the rep count against the cycles seen so far


def _all_hold(conds: tuple[Condition, ...], values: dict[str, float]) -> bool | None:
    """True / False, or None when a needed value cannot be seen."""
    xs = [values.get(c.feature, math.nan) for c in conds]
    if any(math.isnan(x) for x in xs):
        return None
    return all(c.holds(x) for c, x in zip(conds, xs))


def _side_from(rule: str, frame: PoseFrame) -> str | None:
    """The side a per-side set belongs to: the upper hip's (clamshell: the top leg works) or the
    lower shoulder's (side plank: the supporting side)."""
    if rule == "upper_hip":
        return upper_side(frame.xyz, "hip")
    if rule == "upper_ankle":
        return upper_side(frame.xyz, "ankle")
    if rule == "upper_knee":
        return upper_side(frame.xyz, "knee")
    if rule == "lower_shoulder":
        return "right" if upper_side(frame.xyz, "shoulder") == "left" else "left"
    return None


class VariantRun:
    """The analysis of one exercise definition (one variant). :class:`Analyzer` runs one per variant and
    reports the variant being done."""

    def __init__(self, exercise: ExerciseDef, min_visibility: float = 0.3, dropout_grace_s: float = 1.0,
                 position_grace_s: float = 0.7, trace_limit_frames: int | None = None):
        self.exercise = exercise
        self.min_visibility = min_visibility
        self.dropout_grace_s = dropout_grace_s
        self.position_grace_s = position_grace_s
        self.names = feature_names(exercise.features)
        self.levels = StartLevels(exercise.features, exercise.settle_s)
        self.speeds = FeatureSpeeds(exercise.features)
        self._derived = {name for name, _ in self.levels.derived + self.speeds.derived}
        self.levels_of = {name for name, _ in self.levels.derived}
        # Derived features are computed from filtered ones, so they need no filter of their own.
        self._filters = {n: OneEuroFilter(exercise.filter) for n in self.names if n not in self._derived}
        self._side = CameraSideTracker()
        self.people = PersonSelector(exercise, min_visibility)
        self._jumps = LandmarkCutDetector()
        self.last_frame: PoseFrame | None = None  # the latest frame pushed, with the exerciser as its person
        self.setup = SetupChecker(exercise.view)
        self.reps = RepCounter(exercise.rep) if exercise.rep else None
        # The second, band-free count of the same driver (live); it also refits the bands to the person.
        self.cycles = CycleTracker(exercise.rep.direction, exercise.rep.min_amplitude) if exercise.rep else None
        self._missed: list = []  # cycles the bands missed, not yet counted (see _check_cycle)
        self._top_ok: deque = deque()  # (t_ms, the rep's top requirement held) for the latest cycles
        # Two hold clocks: the time in good form (every hold condition and every form condition: what the
        # person is credited with) and the time in the held position whatever the form ("held 10 s, 4 s
        # of it with good form").
        self.hold = HoldTimer(exercise.hold) if exercise.hold else None
        self.hold_in_position = HoldTimer(exercise.hold) if exercise.hold else None
        self._clocks: list[tuple[HoldTimer, tuple[Condition, ...]]] = [] if not exercise.hold else [
            (self.hold, exercise.hold.all_conditions),
            (self.hold_in_position, exercise.hold.conditions)]
        self._band_since: dict[int, int | None] = {id(timer): None for timer, _ in self._clocks}
        self.faults = FaultMonitor(exercise.faults)
        self.events: list[Event] = []
        self.trace = Trace.for_features(self.names, trace_limit_frames)
        self.fault_skipped_frames: dict[str, int] = {}
        self.armed = False
        self.tracking = False
        self._last_seen_ms: int | None = None
        self._pos_since: int | None = None
        self._pos_out_since: int | None = None
        self._view_ema: float = math.nan
        self._last_values: dict[str, float] = {}
        self._pending_faults: list[str] = []
        self._skip: set[str] = set()  # faults this camera view cannot judge (updated per frame)
        self._last_t_ms = 0
        self._finished = False
        self.first_armed_ms: int | None = None  # the start position was first recognised
        self.in_position_ms = 0  # time counting was armed
        self.first_evidence_ms: int | None = None  # the first rep counted, or a hold in position of LOCK_HOLD_S
        self.first_rep_ms: int | None = None  # the first rep counted
        # frames whose followed person came with the trunk's outline (person masks on): 0 for landmarks
        # recorded without masks, where an outline feature is unknown rather than unjudgeable
        self.outline_frames = 0

    # ------------------------------------------------------------------ public API
    def push(self, frame: PoseFrame) -> list[Event]:
        """Live path: analyse one frame; returns the events it produced."""
        frame, reason = self._follow(frame)
        self.last_frame = frame
        restart: list[Event] = []
        if reason is not None:
            self._side = CameraSideTracker()
            restart = self._restart(frame.t_ms, reason)
            self.events += restart
        cam_left = self._side.update(frame.xyz, frame.visibility, frame.t_ms)
        self.outline_frames += frame.outline is not None
        if frame.xyz is not None:
            world = frame.world_xyz if frame.world_xyz is not None else np.full((33, 3), np.nan)
            la = LandmarkArrays.build(frame.xyz[None], frame.visibility[None], world[None], frame.image_size,
                                      np.array([cam_left]), None if frame.outline is None else frame.outline[None])
            raw = {k: float(v[0]) for k, v in evaluate_features(self.exercise.features, la, self.min_visibility).items()}
            view = float(view_angle_deg(world[None])[0])
        else:
            raw, view = {n: math.nan for n in self.names}, math.nan
        return restart + self._step(frame, cam_left, raw, view)

    def analyze(self, seq: PoseSequence) -> list[Event]:
        """Recording path: the whole sequence, vectorised measurement, then the same step per frame.

        Who is followed is decided frame by frame first (causal, as live), then the followed person's
        landmarks are measured in one go; the camera side restarts where the live path restarts it."""
        chosen = [self._follow(f) for f in seq.frames()]
        frames = [f for f, _ in chosen]
        reasons = [r for _, r in chosen]
        self.outline_frames += sum(f.outline is not None for f in frames)
        followed = PoseSequence.from_frames(frames, image_size=seq.image_size)
        cam = np.empty(len(frames), bool)
        for i, f in enumerate(frames):
            if reasons[i] is not None:
                self._side = CameraSideTracker()
            cam[i] = self._side.update(f.xyz, f.visibility, f.t_ms)
        la = LandmarkArrays.build(followed.xyz, followed.visibility, followed.world_xyz, seq.image_size, cam,
                                  followed.outline)
        feats = evaluate_features(self.exercise.features, la, self.min_visibility)
        views = view_angle_deg(followed.world_xyz.astype(np.float64))
        for i, f in enumerate(frames):
            out = self._restart(f.t_ms, reasons[i]) if reasons[i] is not None else []
            self.events += out
            self._step(f, bool(cam[i]), {k: float(v[i]) for k, v in feats.items()}, float(views[i]))
        self.finish()
        return self.events

    def finish(self) -> list[Event]:
        """End of stream: a rep on its way down counts, a running hold is closed."""
        if self._finished:
            return []
        self._finished = True
        out: list[Event] = []
        self._disarm(self._last_t_ms, out, reason=None)
        out.append(self.set_checked(self._last_t_ms))
        self.events += out
        return out

    def count_check(self):
        """The rep count against the cycles seen live (CycleTracker), None without reps."""
        spec = self.exercise.rep
        if spec is None:
            return None
        held_s = self.hold_in_position.total_s if self.hold_in_position is not None else 0.0
        return check_count(len(self.reps.reps), self.cycles.cycles, spec, self.in_position_ms / 1000.0, held_s)

    def set_checked(self, t_ms: int) -> SetChecked:
        check = self.count_check()
        note = self.people.note()
        return SetChecked(t_ms, variant_id=self.exercise.variant_id,
                          reps=check.reps if check else 0, cycles=check.cycles if check else 0,
                          in_position_s=round(self.in_position_ms / 1000.0, 2),
                          held_s=round(self.hold_in_position.total_s, 2) if self.hold_in_position else 0.0,
                          most_in_view=note.most_in_view, frames_with_others=note.frames_with_others,
                          followed_upright=note.upright)

    def state(self) -> LiveState:
        reps = self.reps.reps if self.reps else []
        driver = self.exercise.rep.driver if self.exercise.rep else ""
        if self.exercise.rep and self.exercise.rep.sides:
            vals = [self._last_values.get(f"{driver}_{s}", math.nan) for s in self.exercise.rep.sides]
            vals = [v for v in vals if not math.isnan(v)]
            pick = max if self.exercise.rep.direction == "up" else min
            dv = pick(vals) if vals else math.nan
        else:
            dv = self._last_values.get(driver, math.nan) if driver else math.nan
        return LiveState(
            reps_total=len(reps), reps_left=sum(r.side == "left" for r in reps),
            reps_right=sum(r.side == "right" for r in reps),
            phase=self.reps.phase.value if self.reps else ("hold" if self.hold and self.hold.active else "idle"),
            armed=self.armed, tracking=self.tracking,
            hold_s=self.hold.current_s() if self.hold else 0.0, hold_total_s=self.hold.total_s if self.hold else 0.0,
            hold_in_position_s=self.hold_in_position.current_s() if self.hold else 0.0,
            hold_in_position_total_s=self.hold_in_position.total_s if self.hold else 0.0,
            driver_value=dv, setup_ok=self.setup.ok, setup_problems=self.setup.problems,
            view=classify_view(self._view_ema),
            variant=self.exercise.variant_name if self.exercise.variants or self.exercise.variant_id else None,
            followed=self.people.note().text(), count_check=self.count_check(),
        )

    def driver_series(self, filtered: bool = False) -> np.ndarray:
        """The rep driver over the whole trace, NaN where the person was not judged.

        A ``rise_from_start`` driver is taken from the feature it is derived from (same movement, known
        before counting is armed); per-side drivers combine like the rep machine does (the higher leg for
        "up")."""
        spec = self.exercise.rep
        base = spec.driver
        derived_of = {f.name: f.of for f in self.exercise.features}
        if base in self.levels_of:
            base = derived_of[base]
        names = [f"{base}_{s}" for s in spec.sides] if spec.sides else [base]
        tr = self.trace.filtered if filtered else self.trace.raw
        cols = np.array([tr[n] for n in names], np.float64)
        seen = np.array(self.trace.seen, bool)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN frames stay NaN
            v = np.nanmax(cols, axis=0) if spec.direction == "up" else np.nanmin(cols, axis=0)
        return np.where(seen, v, np.nan)

    # ------------------------------------------------------------------ restarts
    def _follow(self, frame: PoseFrame) -> tuple[PoseFrame, str | None]:
        """The frame with the exerciser as its person, and why counting must restart before it: "cut"
        (the picture or the person's landmarks jumped to another shot), "person" (someone else is
        followed now) or None. Called once per frame, in order, by both paths (it keeps state)."""
        if frame.scene_cut:
            self.people.reset()  # the people after a cut are new
        frame, switched = self.people.select(frame)
        cut = self._jumps.update(frame) or frame.scene_cut
        if cut or switched:
            self._jumps.reset()
        return frame, ("cut" if cut else "person" if switched else None)

    def _restart(self, t: int, reason: str) -> list[Event]:
        """A cut in the footage, or another person followed: nothing measured before carries over. The rep
        in progress ends (it counts only if its return was already seen), the start position must be held
        again before counting, and the bands fitted to the person are forgotten."""
        out: list[Event] = [Restarted(t, reason=reason)]
        self._disarm(t, out, reason=None)
        for f in self._filters.values():
            f.reset()
        self.speeds = FeatureSpeeds(self.exercise.features)
        self._view_ema = math.nan
        self._pos_out_since = None
        self._band_since = {k: None for k in self._band_since}
        self._missed = []
        if self.reps:
            self.reps.forget_fit()
            # After a cut a rep under way may be one already counted, seen from the other camera: wait for
            # the bottom. Another person followed in the same picture has counted nothing yet: a rep of
            # theirs already under way counts once its return is seen, like at the start of a recording.
            if reason == "cut":
                self.reps.require_bottom()
        return out

    # ------------------------------------------------------------------ the step
    def _step(self, frame: PoseFrame, cam_left: bool, raw: dict[str, float], view_deg: float) -> list[Event]:
        t = frame.t_ms
        if self.armed:
            self.in_position_ms += max(0, t - self._last_t_ms)
        self._last_t_ms = t
        out: list[Event] = []
        if not math.isnan(view_deg):
            self._view_ema = view_deg if math.isnan(self._view_ema) else self._view_ema + 0.1 * (view_deg - self._view_ema)
        problems = frame_problems(frame, cam_left, self._view_ema, self.exercise.view)
        if self.setup.update(t, problems):
            out.append(SetupChanged(t, ok=self.setup.ok, problems=self.setup.problems))
        seen = frame.has_pose and not frame.ambiguous
        values = {n: (self._filters[n](raw[n], t) if seen and n not in self._derived else math.nan)
                  for n in self.names}
        if self.speeds:  # every frame: one that cannot be seen breaks the speed window
            values.update(self.speeds.derive(t, values))
        self._last_values = values
        self._track(t, seen, problems, out)
        self._skip = self._faults_out_of_view() if seen else set()
        if seen:
            self._position(t, values, out)
            if self.levels and self.armed:
                values.update(self.levels.derive(values))
                raw = {**raw, **self.levels.derive(raw, lower_levels=False)}
                if self.levels.replaced_standin:
                    self.levels.replaced_standin = False
                    # A rep seen going up and coming down on the default level goes on (its return is
                    # judged on the measured one); a "top" that only came from the default is dropped.
                    if self.reps and self.reps.in_rep and self.reps.phase is not RepPhase.LOWERING:
                        self.reps.reset()
                        self._rep_ended(t, None, out)
            self._track_band(t, values)
            if self.armed:
                self._count(t, frame, values, out)
        self._record(frame, cam_left, view_deg, raw, values)
        self._note_evidence(t, out)
        self.events += out
        return out

    def _note_evidence(self, t: int, out: list[Event]) -> None:
        if self.first_armed_ms is None and any(isinstance(e, PositionReached) for e in out):
            self.first_armed_ms = t
        if self.first_rep_ms is None and any(isinstance(e, RepCompleted) for e in out):
            self.first_rep_ms = t
        if self.first_evidence_ms is None and (
                any(isinstance(e, RepCompleted) for e in out)
                or (self.hold_in_position is not None and self.hold_in_position.current_s() >= LOCK_HOLD_S)):
            self.first_evidence_ms = t

    def _track(self, t: int, seen: bool, problems: tuple[str, ...], out: list[Event]) -> None:
        if seen:
            if not self.tracking:
                self.tracking = True
                if self._last_seen_ms is not None:
                    out.append(TrackingRegained(t))
            self._last_seen_ms = t
            return
        for timer, _ in self._clocks:  # a dropout inside the grace time is bridged by the hold timer itself
            self._hold_step(timer, t, None, None, out)
        if self.tracking and self._last_seen_ms is not None and (t - self._last_seen_ms) / 1000.0 > self.dropout_grace_s:
            self.tracking = False
            out.append(TrackingLost(t, reason=problems[0] if problems else "no_person"))
            self._disarm(t, out, reason="tracking")

    def _track_band(self, t: int, values: dict[str, float]) -> None:
        """Since when the hold posture has been right without a break (also before counting is armed),
        so that the settle time before arming is not lost from a hold."""
        for timer, conds in self._clocks:
            ok = _all_hold(conds, values)
            if ok is False:
                self._band_since[id(timer)] = None
            elif ok and self._band_since[id(timer)] is None:
                self._band_since[id(timer)] = t

    def _position(self, t: int, values: dict[str, float], out: list[Event]) -> None:
        in_pos = _all_hold(self.exercise.position, values) if self.exercise.position else True
        if in_pos is None:
            return  # cannot see enough to say: keep the current verdict
        self.levels.observe(t, values, in_pos)
        if in_pos:
            self._pos_out_since = None
            if self._pos_since is None:
                self._pos_since = t
            if not self.armed and (t - self._pos_since) / 1000.0 >= self.exercise.settle_s:
                self.armed = True
                self.levels.arm()
                out.append(PositionReached(t))
            return
        self._pos_since = None
        if self._pos_out_since is None:
            self._pos_out_since = t
        if self.armed and (t - self._pos_out_since) / 1000.0 > self.position_grace_s:
            self._disarm(t, out, reason="position")

    def _disarm(self, t: int, out: list[Event], reason: str | None) -> None:
        if self.reps:
            last = self.cycles.cycles[-1] if self.cycles.cycles else None
            rep = self.reps.disarm(t, returned=last)
            self._rep_ended(t, rep, out)
            self.cycles.reset()
        for timer, _ in self._clocks:
            self._hold_ended(timer, t, timer.finish(), out)
        self.faults.reset()
        self.levels.disarm()
        self._pending_faults = []
        if self.armed and reason == "position":
            out.append(PositionLeft(t))
        self.armed = False
        self._pos_since = None

    def _driver(self, frame: PoseFrame, values: dict[str, float]) -> tuple[float, str | None]:
        spec = self.exercise.rep
        if spec.sides:
            pairs = [(values.get(f"{spec.driver}_{s}", math.nan), s) for s in spec.sides]
            pairs = [p for p in pairs if not math.isnan(p[0])]
            if not pairs:
                return math.nan, None
            return (max if spec.direction == "up" else min)(pairs)
        return values.get(spec.driver, math.nan), _side_from(spec.side_from, frame)

    def _count(self, t: int, frame: PoseFrame, values: dict[str, float], out: list[Event]) -> None:
        if self.reps:
            value, side = self._driver(frame, values)
            top_ok = _all_hold(self.exercise.rep.top_requires, values) is not False
            self._top_ok.append((t, top_ok))
            while self._top_ok and t - self._top_ok[0][0] > TOP_OK_MEMORY_MS:
                self._top_ok.popleft()
            transition, rep = self.reps.step(t, value, side, top_ok)
            if transition == "started":
                out.append(RepStarted(t))
            elif transition == "top":
                out.append(RepTopReached(t, side=side))
            elif transition in ("completed", "aborted"):
                self._rep_ended(t, rep, out)
            cycle = self.cycles.update(t, value, side)
            if cycle is not None:
                self._check_cycle(t, value, cycle, out)
        for timer, conds in self._clocks:
            in_band = _all_hold(conds, values)
            side = _side_from(self.exercise.hold.side_from, frame)
            band_since = self._band_since[id(timer)]
            since = None if band_since is None or self._pos_since is None else max(band_since, self._pos_since)
            self._hold_step(timer, t, in_band, side, out, since)
        phase = self.reps.phase if self.reps else RepPhase.IDLE
        # "during hold" is the hold's position, whatever the form: a fault of form (legs not lifted in a
        # superman) stops the good-form clock, so that clock cannot be the phase it is judged in.
        in_hold = bool(self.hold_in_position and self.hold_in_position.active)
        for hit in self.faults.step(t, values, phase, in_hold, self.armed):
            if hit.spec.id in self._skip:
                continue
            self._raise(hit, out)

    def _check_cycle(self, t: int, value: float, cycle, out: list[Event]) -> None:
        """A movement cycle the bands did not count: once two such cycles of a similar size show that the
        person moves in a range the file's bands miss, refit the bands to that range and count them.

        One missed cycle alone is not enough (a wobble, a partial rep at the start of a clip), and a cycle
        much smaller than the reps the bands did count is a partial, not a rep."""
        spec = self.exercise.rep
        if spec.top_as_hold_s is not None and cycle.top_s >= spec.top_as_hold_s:
            return  # a held top: the hold timer's business
        if self.reps.counted(cycle):
            return
        roms = self.reps.band_counted_roms()
        if roms and cycle.amplitude < PARTIAL_SHARE * float(np.median(roms)):
            return
        # The machine still holds open a rep whose top came in an earlier cycle: it never got back to the
        # bottom band in between, so that earlier cycle went uncounted too (the person's low point drifted).
        open_top = self.reps.open_top_ms()
        if open_top is not None and open_top < cycle.start_ms:
            earlier = next((c for c in reversed(self.cycles.cycles[:-1]) if c.start_ms <= open_top <= c.end_ms), None)
            if earlier is not None and earlier not in self._missed:
                self._missed.append(earlier)
        fitted = self.reps.fitted_amplitude
        if fitted is not None and cycle.amplitude >= PARTIAL_SHARE * fitted:
            self._missed = [cycle]  # the person's range moved since the bands were fitted
        else:
            self._missed.append(cycle)
            if len(self._missed) < 2:
                return
            a, b = self._missed[-2].amplitude, self._missed[-1].amplitude
            if max(a, b) > SIMILAR_RATIO * min(a, b):
                self._missed = self._missed[-1:]
                return
        bands = fitted_bands(spec, self._missed)
        if bands is None:
            return
        if self.reps.in_rep:  # the machine's own attempt at this cycle ends here, without a rep
            self.faults.rep_ended(t, completed=False)
        amplitude = float(np.median([c.amplitude for c in self._missed]))
        for c in self._missed:
            top_ok = next((ok for tt, ok in reversed(self._top_ok) if tt <= c.peak_ms), True)
            self._rep_ended(t, self.reps.credit(c, bands, t, value, amplitude, top_ok), out)
        self._missed = []

    def _hold_step(self, timer: HoldTimer, t: int, in_band: bool | None, side: str | None, out: list[Event],
                   since_ms: int | None = None) -> None:
        what, rec = timer.step(t, in_band, side, since_ms)
        if what == "started" and timer is self.hold:
            out.append(HoldStarted(t, side=side))
        elif what == "ended":
            self._hold_ended(timer, t, rec, out)

    def _hold_ended(self, timer: HoldTimer, t: int, rec, out: list[Event]) -> None:
        if rec is not None:
            out.append(HoldEnded(t, hold=rec) if timer is self.hold else HeldInPosition(t, hold=rec))

    def _faults_out_of_view(self) -> set[str]:
        view = classify_view(self._view_ema)
        skip = set()
        for f in self.exercise.faults:
            if f.views and view != "unknown" and view not in {v.value for v in f.views}:
                skip.add(f.id)
                self.fault_skipped_frames[f.id] = self.fault_skipped_frames.get(f.id, 0) + 1
        return skip

    def _raise(self, hit: FaultHit, out: list[Event], rep_index: int | None = None) -> None:
        """Emit a fault; in a rep it belongs to the rep in progress (``next_index``) unless given."""
        if rep_index is None and self.reps and hit.in_rep:
            rep_index = self.reps.next_index
        if hit.in_rep:
            self._pending_faults.append(hit.spec.id)
        out.append(FaultRaised(hit.t_ms, fault_id=hit.spec.id, rep_index=rep_index,
                               severity=hit.spec.severity.value, value=float(hit.value)))

    def _rep_ended(self, t: int, rep, out: list[Event]) -> None:
        if rep is not None and self._is_hold(rep):
            # A top held as long as a hold is a hold (the bridge's "rugplank" variant, a superman
            # hold), timed by the hold timer; counting it as a rep too would report one set twice.
            self.reps.reps.pop()
            rep = None
        if rep is None:
            # An attempt that did not become a rep: its in-rep faults stay raised but belong to no rep.
            self.faults.rep_ended(t, completed=False)
            if self._pending_faults and self.reps:
                orphan = self.reps.next_index
                for lst in (out, self.events):
                    for i, e in enumerate(lst):
                        if isinstance(e, FaultRaised) and e.rep_index == orphan:
                            lst[i] = replace(e, rep_index=None)
            self._pending_faults = []
            return
        tempo_of = rep if self.reps.last_rise_seen else None  # a rep joined at its top has no tempo to judge
        for hit in self.faults.rep_ended(t, completed=True, rep=tempo_of):
            if hit.spec.id not in self._skip:
                self._raise(hit, out, rep_index=rep.index)
        rep = replace(rep, faults=tuple(dict.fromkeys(self._pending_faults)))
        self.reps.reps[rep.index] = rep
        self._pending_faults = []
        out.append(RepCompleted(t, rep=rep))

    def _is_hold(self, rep) -> bool:
        limit_s = self.exercise.rep.top_as_hold_s
        if limit_s is None or rep.top_start_ms is None or rep.top_end_ms is None:
            return False
        return (rep.top_end_ms - rep.top_start_ms) / 1000.0 >= limit_s

    def _record(self, frame: PoseFrame, cam_left: bool, view_deg: float, raw: dict[str, float],
                values: dict[str, float]) -> None:
        tr = self.trace
        tr.t_ms.append(frame.t_ms)
        tr.has_pose.append(frame.has_pose)
        tr.seen.append(frame.has_pose and not frame.ambiguous)
        tr.anyone.append(frame.n_poses > 0 or frame.has_pose)
        tr.ambiguous.append(frame.ambiguous)
        tr.camera_side.append("left" if cam_left else "right")
        tr.view_deg.append(view_deg)
        tr.phase.append(self.reps.phase.value if self.reps else ("hold" if self.hold and self.hold.active else "idle"))
        for n in self.names:
            tr.raw[n].append(raw[n])
            tr.filtered[n].append(values[n])


from posecheck.engine.variants import Analyzer  # noqa: E402  (the variant-aware front of VariantRun)
