"""What a routine (a programme of exercises for one situation) holds, as frozen dataclasses. No Qt.

The files in ``routines/*.toml`` are the source of truth; :mod:`posecheck.routines.loader` turns them
into these objects and checks them against the exercise catalogue. See ``routines/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from posecheck.exercises.schema import Prescription, Text

__all__ = ["RoutineItem", "Avoid", "Routine"]


@dataclass(frozen=True)
class RoutineItem:
    """One exercise of the routine, in order, with the dose this routine gives it."""

    exercise: str  # an exercise id of the catalogue
    dose: Prescription  # sets, reps (per side for per-side kinds) or hold seconds, rest between sets
    variant: str = ""  # a variant id of that exercise, when the routine asks for one
    note: Text | None = None  # how to do it in this routine ("feet on the ball")


@dataclass(frozen=True)
class Avoid:
    """Something people on this routine should not do, why, and the catalogue's exercises it concerns
    (none when the catalogue has no such exercise, e.g. crunches)."""

    what: Text
    reason: Text
    exercises: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    id: str
    name: Text
    description: Text  # for whom, how often, how to build up
    items: tuple[RoutineItem, ...]
    avoid: tuple[Avoid, ...] = ()
    order: int = 0  # its place in the app's list
    rest_between_exercises_s: float = 60.0
    source_path: str = ""

    @property
    def exercise_ids(self) -> list[str]:
        return [i.exercise for i in self.items]

    def avoid_for(self, exercise_id: str) -> Avoid | None:
        """The avoid entry that concerns this exercise, if any."""
        return next((a for a in self.avoid if exercise_id in a.exercises), None)
