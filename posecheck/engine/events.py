"""What the engine and the app report, as immutable timestamped events. Numpy core: no Qt, mediapipe or cv2.

The analysis of a recording and a live session is a list of these; counts, hold times, the session
index, the review and the report are all derived from them, so the live counter and the
physiotherapist's table cannot disagree. Two kinds:

- engine events (:class:`Event` subclasses such as :class:`RepCompleted`), what the analyzer saw;
- session events (:class:`SessionEvent` subclasses such as :class:`SetEnded`), what the app did with
  the session: sets started and ended, paused, stopped for pain.

``events.jsonl`` holds one per line, written by :func:`event_to_dict` and read back by
:func:`event_from_dict` / :func:`tagged_from_dict`. This is the only module that names the event types
as strings (``tests/unit/test_event_names.py``): everything else compares classes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field

__all__ = [
    "Event", "RepRecord", "HoldRecord", "SetupChanged", "TrackingLost", "TrackingRegained",
    "PositionReached", "PositionLeft", "Restarted", "RepStarted", "RepTopReached", "RepCompleted", "HoldStarted", "HeldInPosition", "SetChecked",
    "HoldEnded", "FaultRaised", "SessionEvent", "SetStarted", "SetEnded", "Paused", "Resumed", "SourceLost",
    "StoppedForPain", "TaggedEvent", "ENGINE_EVENT_TYPES", "EVENT_TYPES", "event_to_dict", "event_from_dict",
    "tagged_from_dict",
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


# ---------------------------------------------------------------------------------- session events
@dataclass(frozen=True)
class SessionEvent(Event):
    """Written by the app (or by recovery, for a set a crash cut short), not by the engine."""


@dataclass(frozen=True)
class SetStarted(SessionEvent):
    pass


@dataclass(frozen=True)
class SetEnded(SessionEvent):
    """``reason``: done | stopped | pain | video_ended | interrupted (a crash; written by recovery)."""

    reason: str = ""
    reps_total: int = 0
    reps_left: int = 0
    reps_right: int = 0
    hold_s: float = 0.0  # time held in good form in this set


@dataclass(frozen=True)
class Paused(SessionEvent):
    """The camera went away; the set waits for Resume."""


@dataclass(frozen=True)
class Resumed(SessionEvent):
    pass


@dataclass(frozen=True)
class SourceLost(SessionEvent):
    message: str = ""  # the technical reason (English), for whoever helps


@dataclass(frozen=True)
class StoppedForPain(SessionEvent):
    pass


def _event_classes(base: type) -> list[type]:
    out = []
    for sub in base.__subclasses__():
        out += [sub, *_event_classes(sub)]
    return out


# Every event class by its type name (the ``type`` key of a line in events.jsonl).
EVENT_TYPES: dict[str, type[Event]] = {c.__name__: c for c in _event_classes(Event) if c is not SessionEvent}
ENGINE_EVENT_TYPES: tuple[type[Event], ...] = tuple(c for c in EVENT_TYPES.values() if not issubclass(c, SessionEvent))


# ---------------------------------------------------------------------------------- events.jsonl
@dataclass(frozen=True)
class TaggedEvent:
    """One line of ``events.jsonl``: the event and the set it belongs to. The app starts a new engine
    per set, so the tag (``exercise_id``, 1-based ``set_index``) is what tells two sets' reps apart;
    ``recovered``: written by recovery after a crash."""

    event: Event
    exercise_id: str | None = None
    set_index: int | None = None
    recovered: bool = False


def event_to_dict(e: Event, **tag) -> dict:
    """The event as one JSON object, with ``type``; ``tag`` adds the set tag and the like (``set_index``,
    ``exercise_id``, ``wall_time``, ``recovered``) without overriding the event's own fields."""
    d = asdict(e)
    d["type"] = e.type
    d.update({k: v for k, v in tag.items() if k not in d})
    return d


def _record(cls, d) -> object | None:
    """A RepRecord or HoldRecord from its dict; a field an older or hand-written file lacks is None (also
    ``faults``: None says the file did not list them, which is not the same as a rep without faults)."""
    if not isinstance(d, dict):
        return None
    values = {f.name: d.get(f.name) for f in dataclasses.fields(cls)}
    if isinstance(values.get("faults"), list):
        values["faults"] = tuple(values["faults"])
    return cls(**values)


_NESTED = {"rep": RepRecord, "hold": HoldRecord}


def event_from_dict(d: dict) -> Event | None:
    """The typed event of one ``events.jsonl`` line; None for a type this posecheck does not know (an
    older or newer file). Lenient like every reader of patient files: a field that is missing takes its
    default (None where it has none), and JSON's lists become the tuples the dataclasses hold."""
    cls = EVENT_TYPES.get(d.get("type")) if isinstance(d, dict) else None
    if cls is None:
        return None
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in _NESTED:
            values[f.name] = _record(_NESTED[f.name], d.get(f.name))
        elif f.name in d:
            v = d[f.name]
            values[f.name] = tuple(v) if isinstance(v, list) else v
        else:
            values[f.name] = f.default if f.default is not dataclasses.MISSING else None
    return cls(**values)


def tagged_from_dict(d: dict) -> TaggedEvent | None:
    """:func:`event_from_dict` with the line's set tag; None for an unknown type."""
    e = event_from_dict(d)
    if e is None:
        return None
    set_index = d.get("set_index")
    if not isinstance(set_index, (int, float)) or isinstance(set_index, bool):
        set_index = None
    exercise_id = d.get("exercise_id")
    return TaggedEvent(e, exercise_id if isinstance(exercise_id, str) else None,
                       None if set_index is None else int(set_index), bool(d.get("recovered")))
