"""Which variant of the exercise is being done? Numpy core: no Qt, mediapipe or cv2.

People do the catalogue's exercises in several ways that the guides all prescribe: a pelvic tilt
standing, lying on the back or seated on a ball; a superman held, or lifted and lowered as reps. The
person picks "pelvic tilt"; the engine recognises the variant. Each variant is a whole definition in the
exercise file (``[[variants]]``: its own start position, counting and faults), and :class:`Analyzer`
runs one :class:`~posecheck.engine.analyzer.VariantRun` per variant on the same frames.

The variant being done is the one that first shows it: the first to count a rep or to hold its position
for ``LOCK_HOLD_S`` (ties go to the file's order). A hold that shows itself while a repetition variant is
partway through a rep waits for that rep (at most ``HOLD_WAITS_FOR_REP_S``): people with a painful back
move slowly, and a dip or a knee drop that takes longer than the hold's five seconds is still a rep.
From then on only that variant is followed, and its events are the analysis (the ones before are
released at once). Until then nothing is reported; the live view shows the variant whose start position
was recognised first. If none ever shows it, the analysis is that first-recognised variant's (or the
default's, when none was recognised).

The decision uses only what each run has seen up to the current frame, so a recording and a live
session pick the same variant and produce the same events.
"""

from __future__ import annotations

import numpy as np

from posecheck.engine.analyzer import LiveState, VariantRun
from posecheck.engine.events import Event
from posecheck.engine.reps import RepPhase
from posecheck.exercises.schema import ExerciseDef
from posecheck.landmarks import PoseFrame, PoseSequence

__all__ = ["Analyzer", "HOLD_WAITS_FOR_REP_S"]

HOLD_WAITS_FOR_REP_S = 5.0


class Analyzer:
    """Analysis of one exercise, whichever of its variants is being done.

    Attributes not defined here (``reps``, ``hold``, ``trace``, ``setup``, ``people`` …) are the chosen
    variant's (the leading one while none is chosen)."""

    def __init__(self, exercise: ExerciseDef, **options):
        self.base = exercise
        self.runs = [VariantRun(v, **options) for v in exercise.all_variants]
        self.chosen: VariantRun | None = self.runs[0] if len(self.runs) == 1 else None
        self._released = 0  # events of the chosen run already handed out (live path)

    # ------------------------------------------------------------------ the variant in charge
    @property
    def current(self) -> VariantRun:
        """The chosen run, or while none is chosen the one whose start position was recognised first."""
        if self.chosen is not None:
            return self.chosen
        armed = [r for r in self.runs if r.first_armed_ms is not None]
        return min(armed, key=lambda r: r.first_armed_ms) if armed else self.runs[0]

    def __getattr__(self, name: str):
        # Only called for attributes this class lacks: the chosen (or leading) run's.
        if name in ("runs", "chosen", "base"):
            raise AttributeError(name)
        return getattr(self.current, name)

    @property
    def events(self) -> list[Event]:
        return self.current.events if self.chosen is not None else []

    def _choose(self) -> None:
        if self.chosen is None and self.runs[0].trace.t_ms:
            self.chosen = self._decide(self.runs[0].trace.t_ms[-1], -1)

    def _decide(self, t_ms: int, frame: int) -> VariantRun | None:
        """The variant shown by time ``t_ms`` (the trace's ``frame``), or None while none is, or while a
        hold that showed itself waits for a rep under way in a repetition variant."""
        shown = [r for r in self.runs if r.first_evidence_ms is not None and r.first_evidence_ms <= t_ms]
        if not shown:
            return None
        first = min(shown, key=lambda r: r.first_evidence_ms)  # min keeps the file's order on ties
        if first.exercise.rep is not None:
            return first
        counted = [r for r in self.runs if r.first_rep_ms is not None and r.first_rep_ms <= t_ms]
        if counted:
            return min(counted, key=lambda r: r.first_rep_ms)
        waiting = (t_ms - first.first_evidence_ms) / 1000.0 < HOLD_WAITS_FOR_REP_S
        # A repetition variant's trace records its RepPhase's value for every frame.
        rep_under_way = any(RepPhase(r.trace.phase[frame]).under_way
                            for r in self.runs if r.exercise.rep is not None)
        return None if waiting and rep_under_way else first

    # ------------------------------------------------------------------ both paths
    def push(self, frame: PoseFrame) -> list[Event]:
        if self.chosen is not None and len(self.runs) == 1:
            return self.chosen.push(frame)
        runs = [self.chosen] if self.chosen is not None else self.runs
        for r in runs:
            r.push(frame)
        self._choose()
        return self._release()

    def analyze(self, seq: PoseSequence) -> list[Event]:
        if len(self.runs) == 1:
            return self.chosen.analyze(seq)
        for r in self.runs:
            r.analyze(seq)  # each finishes itself; the choice only looks at what happened before the end
        # Decided frame by frame as live would, from each run's record of that frame.
        times = self.runs[0].trace.t_ms
        start = min((r.first_evidence_ms for r in self.runs if r.first_evidence_ms is not None), default=None)
        if start is not None:
            for i, t in enumerate(times):
                if t >= start:
                    self.chosen = self._decide(t, i)
                    if self.chosen is not None:
                        break
        if self.chosen is None:
            self.chosen = self.current
        self._released = len(self.chosen.events)
        return self.chosen.events

    def finish(self) -> list[Event]:
        if len(self.runs) == 1:
            return self.chosen.finish()
        if self.chosen is None:
            self.chosen = self.current
            for r in self.runs:
                if r is not self.chosen:
                    r.finish()
        self.chosen.finish()
        return self._release()

    def _release(self) -> list[Event]:
        if self.chosen is None:
            return []
        out = self.chosen.events[self._released:]
        self._released = len(self.chosen.events)
        return out

    def state(self) -> LiveState:
        return self.current.state()

    def driver_series(self, filtered: bool = False) -> np.ndarray:
        return self.current.driver_series(filtered)
