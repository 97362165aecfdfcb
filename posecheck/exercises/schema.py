"""What an exercise definition holds, as frozen dataclasses. Numpy core: no Qt, mediapipe or cv2.

The files in ``exercises/*.toml`` are the source of truth; :mod:`posecheck.exercises.loader` turns
them into these objects and rejects anything it does not understand. See ``exercises/README.md``
for the file format in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from posecheck.kinematics.filters import OneEuroParams

__all__ = [
    "Kind", "View", "FeatureType", "Op", "Phase", "Check", "Severity", "TEMPO_CHECKS",
    "Text", "Prescription", "FeatureSpec", "Condition", "RepSpec", "HoldSpec", "FaultSpec", "NotJudged",
    "ExerciseDef", "plain_words", "SIDE_RULES",
]

# Whose side a rep or hold is, where the driver itself does not say (see engine/analyzer.py _side_from):
# the upper hip's (side-lying: the top leg works), the lower shoulder's (side plank: the supporting
# side), the higher ankle's (a leg lifted while lying prone) or the higher knee's (knees lowered to one
# side: the top leg's side is the one stretched).
SIDE_RULES = ("upper_hip", "lower_shoulder", "upper_ankle", "upper_knee")


class Kind(StrEnum):
    REPS = "reps"
    ALTERNATING_REPS = "alternating_reps"  # left and right take turns; counted per side
    PER_SIDE_REPS = "per_side_reps"  # one side per set (clamshell); counted per side
    HOLD = "hold"
    PER_SIDE_HOLD = "per_side_hold"  # side plank


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    OBLIQUE = "oblique"
    ABOVE = "above"


class FeatureType(StrEnum):
    JOINT_ANGLE = "joint_angle"
    SIGNED_JOINT_ANGLE = "signed_joint_angle"
    SEGMENT_ANGLE = "segment_angle"
    SEGMENTS_ANGLE = "segments_angle"  # angle between two segments (4 points), 0..180
    LINE_OFFSET = "line_offset"
    DISTANCE = "distance"  # divided by the shoulder-hip (torso) length
    # Derived by the engine, not measured on one frame: the feature named by ``of`` minus its level in
    # the start position (see posecheck/engine/baseline.py). Needs the engine's state, so it is NaN
    # until counting is armed and cannot be a start-position condition.
    RISE_FROM_START = "rise_from_start"
    # Derived too: how fast the feature named by ``of`` changes, in its units per second.
    SPEED_OF = "speed_of"
    # The trunk's outline from the person mask (posecheck/kinematics/back_curve.py): no points; ``measure``
    # (curve_deg, depth_ratio), ``edge`` (upper, behind) and ``surface`` (back, front) say what is read.
    BACK_CURVE = "back_curve"


class Op(StrEnum):
    GT = ">"
    LT = "<"
    BETWEEN = "between"
    OUTSIDE = "outside"


class Phase(StrEnum):
    TOP = "top"
    BOTTOM = "bottom"
    REP = "rep"  # anywhere inside a rep
    HOLD = "hold"  # while in the hold's position (its conditions), whatever the form
    ANY = "any"  # whenever the person is in position


class Check(StrEnum):
    SUSTAINED = "sustained"  # condition true for min_duration_s without a break
    REP_MAX = "rep_max"  # the rep's largest value of the feature, checked when the rep ends
    REP_MIN = "rep_min"  # the rep's smallest value
    REP_RISE = "rep_rise"  # largest rise above the value at the start of the rep
    REP_DROP = "rep_drop"  # largest drop below the value at the start of the rep
    REP_CHANGE = "rep_change"  # largest change either way from the value at the start of the rep
    # Tempo, judged on the completed rep's own times (no feature): "slow and controlled" in the guides.
    REP_S = "rep_s"  # the whole rep, from leaving the bottom to being back
    REP_UP_S = "rep_up_s"  # the way up (to the top)
    REP_TOP_S = "rep_top_s"  # the pause at the top
    REP_DOWN_S = "rep_down_s"  # the way back down


# The tempo checks and the RepRecord property (seconds) each one compares with its value.
TEMPO_CHECKS = {Check.REP_S: "duration_s", Check.REP_UP_S: "up_s", Check.REP_TOP_S: "top_s",
                Check.REP_DOWN_S: "down_s"}


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    STOP = "stop"


@dataclass(frozen=True)
class Text:
    """A user-facing text in English and Dutch."""

    en: str
    nl: str

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Prescription:
    sets: int
    reps: int | None  # per side for per-side kinds
    hold_s: float | None
    rest_s: float
    up_s: float | None = None
    top_pause_s: float | None = None
    down_s: float | None = None


@dataclass(frozen=True)
class FeatureSpec:
    """A named measurement. ``points`` may contain ``{side}``; ``side`` says how it is filled in:
    ``camera`` (the side facing the camera, chosen per frame), ``left``, ``right``, ``both``
    (two features, ``<name>_left`` and ``<name>_right``), ``max`` / ``min`` (the larger / smaller of the
    two sides, e.g. "whichever leg is lifted") or ``none`` (no placeholder)."""

    name: str
    type: FeatureType
    points: tuple[str, ...]
    side: str = "none"
    space: str = "image"
    reference: str = "horizontal"
    past_straight_when: str = "above"
    description: str = ""
    of: str = ""  # rise_from_start, speed_of: the feature it is derived from
    # rise_from_start: the start level is measured only while this holds (e.g. "hips not raised"), and
    # default_level stands in until it has been (a recording that begins at the top of a rep).
    level_when: "Condition | None" = None
    default_level: float | None = None
    label: "Text | None" = None  # what screens and reports call it (en/nl); the name otherwise
    # back_curve: what is measured on which edge of the trunk's outline (posecheck/kinematics/back_curve.py)
    measure: str = ""  # curve_deg | depth_ratio
    edge: str = ""  # upper (away from the floor) | behind (away from the toes)
    surface: str = ""  # back | front: what that edge is (the sign turns for the front, extension stays positive)

    def title(self, lang: str) -> str:
        """The label in ``lang``, or the name in plain words (``hip_lift_deg`` -> ``hip lift``)."""
        return self.label.get(lang) if self.label is not None else plain_words(self.name)


def plain_words(feature_name: str) -> str:
    """A feature name without its unit, in words: ``hip_speed_deg_s`` -> ``hip speed``."""
    for unit in ("_deg_s", "_deg", "_ratio"):
        if feature_name.endswith(unit):
            feature_name = feature_name[: -len(unit)]
            break
    return feature_name.replace("_", " ")


@dataclass(frozen=True)
class Condition:
    feature: str
    op: Op
    value: tuple[float, ...]

    def holds(self, x: float) -> bool:
        if x != x:  # NaN: unknown is never "true"
            return False
        v = self.value
        if self.op is Op.GT:
            return x > v[0]
        if self.op is Op.LT:
            return x < v[0]
        if self.op is Op.BETWEEN:
            return v[0] <= x <= v[1]
        return x < v[0] or x > v[1]


@dataclass(frozen=True)
class RepSpec:
    """Rep counting on one driver feature with hysteresis.

    For ``direction="up"`` the top is high values: a rep leaves the bottom above ``bottom_exit``,
    reaches the top at ``top_enter`` and is counted when it comes back below ``top_exit`` (the
    return is visible). It is back at the bottom below ``bottom_enter``. Thresholds must be ordered
    bottom_enter < bottom_exit <= top_exit < top_enter (mirrored for "down").
    """

    driver: str
    direction: str
    top_enter: float
    top_exit: float
    bottom_exit: float
    bottom_enter: float
    min_top_s: float = 0.15
    min_rep_s: float = 0.5
    max_rep_s: float = 30.0
    # A top held at least this long is a hold (timed by [hold]), not a rep: the bridge's hold variant,
    # a superman held instead of lifted. None: every top is a rep.
    top_as_hold_s: float | None = None
    sides: tuple[str, ...] = ()  # ("left", "right") for alternating: driver_left / driver_right
    side_from: str = ""  # per-side kinds: one of SIDE_RULES
    # The smallest movement of the driver that can be a repetition of this exercise (physiological
    # floor, in the driver's units): smaller cycles are landmark noise or a shift of weight. Used by the
    # second, band-free count and as the floor when the bands are fitted to the person's own range.
    min_amplitude: float = 0.0
    # What the body looks like at the top of a rep of this exercise (judged at the driver's peak): a rep
    # whose top does not meet it is not one. Tells apart variants with the same start position: a
    # superman lifts both legs together, the swimmer lifts one leg away from the other.
    top_requires: tuple["Condition", ...] = ()

    def __post_init__(self):
        if not self.min_amplitude:  # not given: 60 % of the distance between the file's bottom and top
            object.__setattr__(self, "min_amplitude", 0.6 * abs(self.top_enter - self.bottom_enter))


@dataclass(frozen=True)
class HoldSpec:
    """Timing of a held position. ``conditions`` say the person is in the held position (besides the
    exercise's start position); ``form`` says the position is held well. Two clocks run: time in
    position, and time in position with good form (the one the person is credited with)."""

    conditions: tuple[Condition, ...]
    grace_s: float = 0.5
    min_hold_s: float = 1.0
    side_from: str = ""
    form: tuple[Condition, ...] = ()

    @property
    def all_conditions(self) -> tuple[Condition, ...]:
        """Position and form together: what the good-form clock needs (and what plots show)."""
        return self.conditions + self.form


@dataclass(frozen=True)
class FaultSpec:
    id: str
    condition: Condition
    during: Phase
    check: Check = Check.SUSTAINED
    min_duration_s: float = 0.3
    severity: Severity = Severity.WARNING
    message: Text = Text("", "")
    signal: str = ""  # what is measured, in words (for physiotherapists and the docs)
    limits: str = ""  # what this signal cannot see
    views: tuple[View, ...] = ()  # views in which the signal is valid; empty = the exercise's view
    label: "Text | None" = None  # its short name on screens and in reports (en/nl); the id otherwise

    @property
    def names(self) -> Text:
        """Its label, or the id in plain words in both languages (``over_arched_back`` -> ``over arched back``)."""
        if self.label is not None:
            return self.label
        plain = self.id.replace("_", " ")
        return Text(plain, plain)

    def title(self, lang: str) -> str:
        return self.names.get(lang)


@dataclass(frozen=True)
class NotJudged:
    """A fault the guides name that posecheck does not judge, and why (in en and nl): listed in the
    exercise file so that the physiotherapist sees what is not checked instead of assuming it is."""

    fault: str
    label: Text
    reason: Text


@dataclass(frozen=True)
class ExerciseDef:
    id: str
    name: Text
    kind: Kind
    view: View
    description: Text
    camera: Text
    prescription: Prescription
    features: tuple[FeatureSpec, ...]
    position: tuple[Condition, ...]
    settle_s: float
    rep: RepSpec | None
    hold: HoldSpec | None
    faults: tuple[FaultSpec, ...]
    filter: OneEuroParams = field(default_factory=OneEuroParams)
    aliases: tuple[str, ...] = ()
    required_landmarks: tuple[str, ...] = ()
    source_path: str = ""
    # Variants of one exercise (a pelvic tilt standing, lying or seated; a superman held or lifted as
    # reps). Each variant is a whole definition of its own (same id and features, its own start position,
    # counting and faults); the engine recognises which one is being done (posecheck/engine/variants.py).
    variant_id: str = ""
    variant_name: "Text | None" = None
    variants: tuple["ExerciseDef", ...] = ()  # the other variants (the definition itself is the first)
    not_judged: tuple[NotJudged, ...] = ()  # faults of the guides that this view or signal cannot judge

    @property
    def needs_outline(self) -> bool:
        """Whether any feature reads the trunk's outline: the pose backend then runs with person masks."""
        return any(f.type is FeatureType.BACK_CURVE for f in self.features)

    @property
    def all_variants(self) -> tuple["ExerciseDef", ...]:
        """This definition and its other variants, in the file's order (the first is the default)."""
        return (self, *self.variants)

    @property
    def is_alternating(self) -> bool:
        return self.kind is Kind.ALTERNATING_REPS

    @property
    def per_side(self) -> bool:
        return self.kind in (Kind.ALTERNATING_REPS, Kind.PER_SIDE_REPS, Kind.PER_SIDE_HOLD)
