"""The plan of a live session: sets, rests, the next exercise, when a set is complete, and what a set's
end records. Plain Python: no Qt, so it is tested without a screen (``tests/session/test_plan.py``).

The live presenter (``posecheck/app/live_presenter.py``) drives it with the engine's live state and
a one-second tick; the plan says what happens next and the presenter shows it. A routine's dose (sets,
reps or seconds, rest) replaces the exercise file's prescription for its exercises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from posecheck.engine.events import SetEnded
from posecheck.exercises.schema import ExerciseDef, Kind, Prescription

__all__ = ["Rest", "SessionPlan", "set_ended"]


def set_ended(state, reason: str, t_ms: int) -> SetEnded:
    """The ``SetEnded`` event of a set from the engine's last live state (None: the set saw no frame).
    ``hold_s`` is the time held in good form, the running hold included."""
    if state is None:
        return SetEnded(t_ms, reason=reason)
    return SetEnded(t_ms, reason=reason, reps_total=state.reps_total, reps_left=state.reps_left,
                    reps_right=state.reps_right, hold_s=round(state.hold_total_s + state.hold_s, 2))


@dataclass
class Rest:
    """A rest between two sets. ``next_exercise`` is set when the routine moves on after it."""

    seconds_left: int
    next_exercise: ExerciseDef | None = None


class SessionPlan:
    """Where a session is: which exercise of the plan (``ex_pos``), which set (1-based), and the rest
    between sets when there is one."""

    def __init__(self, catalogue: dict[str, ExerciseDef], exercise_ids: list[str],
                 doses: list[Prescription] | None = None, rest_between_s: float | None = None):
        self.catalogue = catalogue
        self.exercise_ids = list(exercise_ids)
        self.doses = list(doses) if doses else None  # a routine's sets, reps or seconds and rest per exercise
        self.rest_between_s = rest_between_s  # a routine's rest between two exercises
        self.ex_pos, self.set_index = 0, 1
        self.rest: Rest | None = None

    # ---------------------------------------------------------------- what is planned
    def planned(self, pos: int) -> ExerciseDef:
        """The exercise at ``pos`` in the plan, with the routine's dose when a routine gives one."""
        ex = self.catalogue[self.exercise_ids[pos]]
        return replace(ex, prescription=self.doses[pos]) if self.doses else ex

    @property
    def exercise(self) -> ExerciseDef:
        return self.planned(self.ex_pos)

    @property
    def is_routine(self) -> bool:
        return len(self.exercise_ids) > 1

    @property
    def sets_total(self) -> int:
        return self.exercise.prescription.sets

    def set_tag(self) -> dict:
        """What the recording tags every event of this set with."""
        return {"exercise_id": self.exercise_ids[self.ex_pos] if self.exercise_ids else "", "set_index": self.set_index}

    # ---------------------------------------------------------------- counting against the dose
    def reps_done(self, state) -> int:
        """Reps towards the target: per side exercises count the side that has fewer."""
        return min(state.reps_left, state.reps_right) if self.exercise.per_side else state.reps_total

    @property
    def is_hold(self) -> bool:
        return self.exercise.kind in (Kind.HOLD, Kind.PER_SIDE_HOLD)

    def set_complete(self, state) -> bool:
        ex, p = self.exercise, self.exercise.prescription
        if ex.rep is not None and p.reps:
            return self.reps_done(state) >= p.reps
        if ex.hold is not None and p.hold_s:
            return state.hold_total_s + state.hold_s >= p.hold_s
        return False

    # ---------------------------------------------------------------- sets and rests
    def after_set(self) -> Rest | None:
        """The set just ended: the rest before the next set (or the next exercise), or None when it was
        the plan's last set."""
        ex = self.exercise
        last_set = self.set_index >= ex.prescription.sets
        if last_set and self.ex_pos + 1 >= len(self.exercise_ids):
            self.rest = None
            return None
        between = last_set and self.rest_between_s is not None
        self.rest = Rest(round(self.rest_between_s if between else ex.prescription.rest_s),
                         self.planned(self.ex_pos + 1) if last_set else None)
        return self.rest

    def tick_rest(self) -> bool:
        """One second of rest passed; True when the rest is over."""
        if self.rest is None:
            return True
        self.rest.seconds_left -= 1
        return self.rest.seconds_left <= 0

    def begin_next_set(self) -> bool:
        """Moves on to the next set; True when that is the next exercise (a new session folder)."""
        moves_on = self.rest is not None and self.rest.next_exercise is not None
        if moves_on:
            self.ex_pos += 1
            self.set_index = 1
        else:
            self.set_index += 1
        self.rest = None
        return moves_on
