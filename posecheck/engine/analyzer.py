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
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np

from posecheck.engine.derived import FeatureSpeeds, StartLevels
from posecheck.engine.events import (
    Event, FaultRaised, HoldEnded, HoldStarted, PositionLeft, PositionReached, RepCompleted, RepStarted,
    RepTopReached, SetupChanged, TrackingLost, TrackingRegained,
)
from posecheck.engine.faults import FaultHit, FaultMonitor
from posecheck.engine.holds import HoldTimer
from posecheck.engine.reps import RepCounter, RepPhase
from posecheck.engine.setup_check import SetupChecker, frame_problems
from posecheck.exercises.schema import Condition, ExerciseDef
from posecheck.kinematics.features import LandmarkArrays, evaluate_features, feature_names
from posecheck.kinematics.filters import OneEuroFilter
from posecheck.kinematics.gating import CameraSideTracker, classify_view, upper_side, view_angle_deg
from posecheck.landmarks import PoseFrame, PoseSequence

__all__ = ["Analyzer", "Trace", "LiveState"]


@dataclass
class Trace:
    """Per-frame record for plots and CSV export (filtered features, phase, side, view)."""

    t_ms: list[int] = field(default_factory=list)
    has_pose: list[bool] = field(default_factory=list)
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
        return cls(column(), column(), column(), column(), column(), {n: column() for n in names},
                   {n: column() for n in names})


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
    driver_value: float
    setup_ok: bool
    setup_problems: tuple[str, ...]
    view: str


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
    if rule == "lower_shoulder":
        return "right" if upper_side(frame.xyz, "shoulder") == "left" else "left"
    return None


class Analyzer:
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
        # Derived features are computed from filtered ones, so they need no filter of their own.
        self._filters = {n: OneEuroFilter(exercise.filter) for n in self.names if n not in self._derived}
        self._side = CameraSideTracker()
        self.setup = SetupChecker(exercise.view)
        self.reps = RepCounter(exercise.rep) if exercise.rep else None
        self.hold = HoldTimer(exercise.hold) if exercise.hold else None
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
        self._band_since: int | None = None
        self._last_t_ms = 0
        self._finished = False

    # ------------------------------------------------------------------ public API
    def push(self, frame: PoseFrame) -> list[Event]:
        """Live path: analyse one frame; returns the events it produced."""
        cam_left = self._side.update(frame.xyz, frame.visibility, frame.t_ms)
        if frame.xyz is not None:
            world = frame.world_xyz if frame.world_xyz is not None else np.full((33, 3), np.nan)
            la = LandmarkArrays.build(frame.xyz[None], frame.visibility[None], world[None], frame.image_size,
                                      np.array([cam_left]))
            raw = {k: float(v[0]) for k, v in evaluate_features(self.exercise.features, la, self.min_visibility).items()}
            view = float(view_angle_deg(world[None])[0])
        else:
            raw, view = {n: math.nan for n in self.names}, math.nan
        return self._step(frame, cam_left, raw, view)

    def analyze(self, seq: PoseSequence) -> list[Event]:
        """Recording path: the whole sequence, vectorised measurement, then the same step per frame."""
        cam = np.array([self._side.update(f.xyz, f.visibility, f.t_ms) for f in seq.frames()], bool)
        la = LandmarkArrays.build(seq.xyz, seq.visibility, seq.world_xyz, seq.image_size, cam)
        feats = evaluate_features(self.exercise.features, la, self.min_visibility)
        views = view_angle_deg(seq.world_xyz.astype(np.float64))
        for i in range(len(seq)):
            self._step(seq.frame(i), bool(cam[i]), {k: float(v[i]) for k, v in feats.items()}, float(views[i]))
        self.finish()
        return self.events

    def finish(self) -> list[Event]:
        """End of stream: a rep on its way down counts, a running hold is closed."""
        if self._finished:
            return []
        self._finished = True
        out: list[Event] = []
        self._disarm(self._last_t_ms, out, reason=None)
        self.events += out
        return out

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
            driver_value=dv, setup_ok=self.setup.ok, setup_problems=self.setup.problems,
            view=classify_view(self._view_ema),
        )

    # ------------------------------------------------------------------ the step
    def _step(self, frame: PoseFrame, cam_left: bool, raw: dict[str, float], view_deg: float) -> list[Event]:
        t = frame.t_ms
        self._last_t_ms = t
        out: list[Event] = []
        if not math.isnan(view_deg):
            self._view_ema = view_deg if math.isnan(self._view_ema) else self._view_ema + 0.1 * (view_deg - self._view_ema)
        problems = frame_problems(frame, cam_left, self._view_ema, self.exercise.view)
        if self.setup.update(t, problems):
            out.append(SetupChanged(t, ok=self.setup.ok, problems=self.setup.problems))
        seen = frame.has_pose and frame.n_poses < 2
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
        self.events += out
        return out

    def _track(self, t: int, seen: bool, problems: tuple[str, ...], out: list[Event]) -> None:
        if seen:
            if not self.tracking:
                self.tracking = True
                if self._last_seen_ms is not None:
                    out.append(TrackingRegained(t))
            self._last_seen_ms = t
            return
        if self.hold:  # a dropout inside the grace time is bridged by the hold timer itself
            self._hold_step(t, None, None, out)
        if self.tracking and self._last_seen_ms is not None and (t - self._last_seen_ms) / 1000.0 > self.dropout_grace_s:
            self.tracking = False
            out.append(TrackingLost(t, reason=problems[0] if problems else "no_person"))
            self._disarm(t, out, reason="tracking")

    def _track_band(self, t: int, values: dict[str, float]) -> None:
        """Since when the hold posture has been right without a break (also before counting is armed),
        so that the settle time before arming is not lost from a hold."""
        if not self.hold:
            return
        ok = _all_hold(self.exercise.hold.conditions, values)
        if ok is False:
            self._band_since = None
        elif ok and self._band_since is None:
            self._band_since = t

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
            rep = self.reps.disarm(t)
            self._rep_ended(t, rep, out)
        if self.hold:
            rec = self.hold.finish()
            if rec:
                out.append(HoldEnded(t, hold=rec))
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
            transition, rep = self.reps.step(t, value, side)
            if transition == "started":
                out.append(RepStarted(t))
            elif transition == "top":
                out.append(RepTopReached(t, side=side))
            elif transition in ("completed", "aborted"):
                self._rep_ended(t, rep, out)
        if self.hold:
            in_band = _all_hold(self.exercise.hold.conditions, values)
            side = _side_from(self.exercise.hold.side_from, frame)
            since = None if self._band_since is None or self._pos_since is None else max(self._band_since, self._pos_since)
            self._hold_step(t, in_band, side, out, since)
        phase = self.reps.phase if self.reps else RepPhase.IDLE
        for hit in self.faults.step(t, values, phase, bool(self.hold and self.hold.active), self.armed):
            if hit.spec.id in self._skip:
                continue
            self._raise(hit, out)

    def _hold_step(self, t: int, in_band: bool | None, side: str | None, out: list[Event],
                   since_ms: int | None = None) -> None:
        what, rec = self.hold.step(t, in_band, side, since_ms)
        if what == "started":
            out.append(HoldStarted(t, side=side))
        elif what == "ended" and rec:
            out.append(HoldEnded(t, hold=rec))

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
        for hit in self.faults.rep_ended(t, completed=True):
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
        tr.camera_side.append("left" if cam_left else "right")
        tr.view_deg.append(view_deg)
        tr.phase.append(self.reps.phase.value if self.reps else ("hold" if self.hold and self.hold.active else "idle"))
        for n in self.names:
            tr.raw[n].append(raw[n])
            tr.filtered[n].append(values[n])
