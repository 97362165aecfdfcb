"""What the engine reports, as immutable timestamped events. Numpy core: no Qt, mediapipe or cv2.

The analysis of a recording and a live session is a list of these; counts, hold times and the report
are all derived from them, so the live counter and the physiotherapist's table cannot disagree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = [
    "Event", "RepRecord", "HoldRecord", "SetupChanged", "TrackingLost", "TrackingRegained",
    "PositionReached", "PositionLeft", "Restarted", "RepStarted", "RepTopReached", "RepCompleted", "HoldStarted", "HeldInPosition", "SetChecked",
    "HoldEnded", "FaultRaised", "event_to_dict",
]


@dataclass(frozen=True)
class Event:
    t_ms: int

    @property
    def type(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class RepRecord:
    index: int  # 0-based, in order of completion
    side: str | None  # "left" / "right" for per-side exercises
    start_ms: int
    top_start_ms: int
    top_end_ms: int
    end_ms: int
    peak_value: float  # driver at the top (degrees for angle drivers)
    rom: float  # peak minus the lowest value before it
    faults: tuple[str, ...] = ()

    @property
    def up_s(self) -> float:
        return (self.top_start_ms - self.start_ms) / 1000.0

    @property
    def down_s(self) -> float:
        return (self.end_ms - self.top_end_ms) / 1000.0

    @property
    def top_s(self) -> float:
        return (self.top_end_ms - self.top_start_ms) / 1000.0

    @property
    def duration_s(self) -> float:
        return (self.end_ms - self.start_ms) / 1000.0


@dataclass(frozen=True)
class HoldRecord:
    side: str | None
    start_ms: int
    end_ms: int

    @property
    def duration_s(self) -> float:
        return (self.end_ms - self.start_ms) / 1000.0


@dataclass(frozen=True)
class SetupChanged(Event):
    """The setup check's verdict changed. ``problems`` are codes (see engine/setup_check.py)."""

    ok: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrackingLost(Event):
    reason: str = ""


@dataclass(frozen=True)
class TrackingRegained(Event):
    pass


@dataclass(frozen=True)
class PositionReached(Event):
    """The start position held long enough: counting is armed from here."""


@dataclass(frozen=True)
class PositionLeft(Event):
    pass


@dataclass(frozen=True)
class Restarted(Event):
    """Nothing measured before carries over: a cut in the footage (``reason="cut"``) or another person
    followed (``"person"``). Counting waits for the start position again."""

    reason: str = ""


@dataclass(frozen=True)
class RepStarted(Event):
    pass


@dataclass(frozen=True)
class RepTopReached(Event):
    side: str | None = None


@dataclass(frozen=True)
class RepCompleted(Event):
    rep: RepRecord = field(default=None)  # type: ignore[assignment]


@dataclass(frozen=True)
class HoldStarted(Event):
    side: str | None = None


@dataclass(frozen=True)
class HoldEnded(Event):
    hold: HoldRecord = field(default=None)  # type: ignore[assignment]


@dataclass(frozen=True)
class SetChecked(Event):
    """Facts about the set as a whole, written when it ends (live and recorded alike): the variant done,
    the rep count against the movement cycles seen live (the second count), the time in the start
    position and held, and who was followed when several people were in view. Screens and the review turn
    them into words (uncertain counts, "2 people in view: following ...")."""

    variant_id: str = ""
    reps: int = 0
    cycles: int = 0
    in_position_s: float = 0.0
    held_s: float = 0.0
    most_in_view: int = 0
    frames_with_others: int = 0
    followed_upright: bool = False


@dataclass(frozen=True)
class HeldInPosition(Event):
    """A stretch of time in the hold's position whatever the form (``HoldEnded`` is the time in good form)."""

    hold: HoldRecord = field(default=None)  # type: ignore[assignment]


@dataclass(frozen=True)
class FaultRaised(Event):
    fault_id: str = ""
    rep_index: int | None = None
    severity: str = "warning"
    value: float = float("nan")  # the measured value that tripped it


def event_to_dict(e: Event) -> dict:
    d = asdict(e)
    d["type"] = e.type
    return d
