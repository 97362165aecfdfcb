"""Does the rep count agree with the movement cycles? Numpy core: no Qt, mediapipe or cv2.

For a physiotherapist a silent wrong count is worse than no count. The rep machine and the cycle count
(:mod:`posecheck.engine.cycles`) measure the same movement two independent ways; when they disagree by
more than the one rep a clip's start or end can explain, the count is reported as uncertain, with both
numbers, instead of one number that looks sure.
"""

from __future__ import annotations

from dataclasses import dataclass

from posecheck.engine.cycles import Cycle
from posecheck.exercises.schema import RepSpec

__all__ = ["CountCheck", "check_count", "repetition_cycles"]

# One rep of difference is what a recording that starts or ends mid-movement produces on its own.
TOLERATED_DIFFERENCE = 1
# In the start position this long without a single repetition or movement cycle: either the person
# rested, or the movement is too small for this camera to see (a pelvic tilt filmed from far away).
IDLE_IN_POSITION_S = 10.0


@dataclass(frozen=True)
class CountCheck:
    reps: int  # what the rep machine counted
    cycles: int  # movement cycles seen (held tops excluded: those are holds)
    in_position_s: float = 0.0  # time counting was armed (the start position recognised)
    held_s: float = 0.0  # time held (an exercise timed as well as counted: the time went to holding)

    @property
    def disagrees(self) -> bool:
        diff = abs(self.cycles - self.reps)
        # Nothing counted while movement was seen is never "about right".
        return diff > TOLERATED_DIFFERENCE or (self.reps == 0 and self.cycles > 0)

    @property
    def nothing_seen(self) -> bool:
        return (self.reps == 0 and self.cycles == 0 and self.held_s == 0
                and self.in_position_s >= IDLE_IN_POSITION_S)

    @property
    def uncertain(self) -> bool:
        return self.disagrees or self.nothing_seen


def repetition_cycles(cycles: list[Cycle], spec: RepSpec) -> list[Cycle]:
    """The cycles that are repetitions: a top held as long as a hold (``top_as_hold_s``) is a hold."""
    if spec.top_as_hold_s is None:
        return list(cycles)
    return [c for c in cycles if c.top_s < spec.top_as_hold_s]


def check_count(reps: int, cycles: list[Cycle], spec: RepSpec, in_position_s: float = 0.0,
                held_s: float = 0.0) -> CountCheck:
    return CountCheck(reps=reps, cycles=len(repetition_cycles(cycles, spec)), in_position_s=in_position_s,
                      held_s=held_s)
