"""Reads ``exercises/*.toml`` into :class:`ExerciseDef` objects and validates them.

Every error names the file and the key, so a physiotherapist who edits a threshold knows exactly
what to fix. Unknown keys are errors too: a misspelt ``min_duration`` must not be silently ignored.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path

from posecheck.data_files import data_dir
from posecheck.errors import ExerciseFileError, UnknownExerciseError
from posecheck.exercises.toml_reader import TableReader as _Reader
from posecheck.exercises.schema import (
    SIDE_RULES, TEMPO_CHECKS,
    Check, Condition, ExerciseDef, FaultSpec, FeatureSpec, FeatureType, HoldSpec, Kind, NotJudged, Op, Phase,
    Prescription, RepSpec, Severity, View,
)
from posecheck.kinematics.filters import OneEuroParams
from posecheck.landmarks import LANDMARK_INDEX

__all__ = ["default_exercise_dir", "load_exercise", "load_catalogue", "get_exercise", "is_exercise_id",
           "VIRTUAL_POINTS", "EXERCISE_ID"]

# An exercise id is also the name of its file in the exercise folder, so it may never be a path:
# "-e ../../x" or an imported session's exercise_id must not read a TOML from anywhere on the disk.
EXERCISE_ID = re.compile(r"[a-z0-9_]+")

# Midpoints usable in feature definitions besides MediaPipe's landmark names.
VIRTUAL_POINTS = ("mid_shoulder", "mid_hip", "mid_knee", "mid_ankle", "mid_wrist", "mid_ear")
_SIDE_MODES = ("camera", "left", "right", "both", "max", "min", "none")
_POINTS_PER_TYPE = {
    FeatureType.JOINT_ANGLE: 3, FeatureType.SIGNED_JOINT_ANGLE: 3, FeatureType.SEGMENT_ANGLE: 2, FeatureType.SEGMENTS_ANGLE: 4,
    FeatureType.LINE_OFFSET: 3, FeatureType.DISTANCE: 2, FeatureType.RISE_FROM_START: 0,
    FeatureType.SPEED_OF: 0, FeatureType.BACK_CURVE: 0,
}
_BACK_CURVE_KEYS = {"measure": ("curve_deg", "depth_ratio"), "edge": ("upper", "behind"), "surface": ("back", "front")}
_DERIVED = (FeatureType.RISE_FROM_START, FeatureType.SPEED_OF)  # computed by the engine from another feature


def default_exercise_dir() -> Path:
    """``POSECHECK_EXERCISE_DIR`` if set, else the ``exercises/`` folder of this checkout (or installation)."""
    env = os.environ.get("POSECHECK_EXERCISE_DIR")
    return Path(env) if env else data_dir("exercises")


def _condition(r: _Reader, feature_names: set[str]) -> Condition:
    feature = r.get("feature", str)
    if feature not in feature_names:
        raise r.fail("feature", f"no feature named {feature!r} (defined: {', '.join(sorted(feature_names))})")
    return _compare(r, feature)


def _tempo_condition(r: _Reader, check: Check) -> Condition:
    """``when`` of a tempo check: an op and a value in seconds, compared with the rep's own time."""
    if "feature" in r.data:
        raise r.fail("feature", f"{check.value} compares the rep's own seconds with the value: leave out feature")
    return _compare(r, "")


def _compare(r: _Reader, feature: str) -> Condition:
    op = r.choice("op", Op)
    raw = r.get("value", (int, float, list))
    for x in raw if isinstance(raw, list) else [raw]:
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise r.fail("value", f"expected numbers, got {x!r}")
        r.finite("value", x)
    value = tuple(float(x) for x in raw) if isinstance(raw, list) else (float(raw),)
    want = 2 if op in (Op.BETWEEN, Op.OUTSIDE) else 1
    if len(value) != want:
        raise r.fail("value", f"op {op.value!r} takes {want} number(s), got {raw!r}")
    if want == 2 and value[0] > value[1]:
        raise r.fail("value", f"range must be [low, high], got {raw!r}")
    r.done()
    return Condition(feature, op, value)


def _feature(r: _Reader) -> tuple[FeatureSpec, "_Reader | None"]:
    """The feature, and its ``level_when`` table still to be checked against the other features."""
    name = r.get("name", str)
    ftype = r.choice("type", FeatureType)
    points = r.get("points", list, []) if ftype in (*_DERIVED, FeatureType.BACK_CURVE) else r.get("points", list)
    of = r.get("of", str) if ftype in _DERIVED else ""
    side = r.get("side", str, "none")
    if side not in _SIDE_MODES:
        raise r.fail("side", f"must be one of {', '.join(_SIDE_MODES)}; got {side!r}")
    if len(points) != _POINTS_PER_TYPE[ftype]:
        raise r.fail("points", f"{ftype.value} takes {_POINTS_PER_TYPE[ftype]} points, got {len(points)}")
    for p in points:
        bare = str(p).replace("{side}", "left")
        if bare not in LANDMARK_INDEX and bare not in VIRTUAL_POINTS:
            raise r.fail("points", f"unknown point {p!r} (MediaPipe landmark names, {', '.join(VIRTUAL_POINTS)})")
        if "{side}" in str(p) and side == "none":
            raise r.fail("side", f"point {p!r} uses {{side}}: set side to camera, left, right, both, max or min")
    space = r.get("space", str, "image")
    if space not in ("image", "world"):
        raise r.fail("space", f"must be image or world; got {space!r}")
    reference = r.get("reference", str, "horizontal")
    if reference not in ("horizontal", "vertical"):
        raise r.fail("reference", f"must be horizontal or vertical; got {reference!r}")
    past = r.get("past_straight_when", str, "above")
    if past not in ("above", "below", "front", "behind"):
        raise r.fail("past_straight_when", f"must be above, below, front or behind; got {past!r}")
    if past in ("front", "behind") and side in ("none", "both"):
        raise r.fail("past_straight_when", "front/behind is told from that side's heel and toes: set side to "
                                           "camera, left, right, max or min")
    desc = r.get("description", str, "")
    label = r.text("label") if "label" in r.data else None
    level_when_t = r.table("level_when", None) if ftype is FeatureType.RISE_FROM_START else None
    default_level = r.number("default_level", None) if ftype is FeatureType.RISE_FROM_START else None
    if ftype in _DERIVED and side != "none":
        raise r.fail("side", f"a {ftype.value} feature takes the side of the feature it is derived from")
    curve = {}
    if ftype is FeatureType.BACK_CURVE:
        if side != "none" or space != "image":
            raise r.fail("side", "a back_curve feature reads the whole trunk's outline in the picture: no side, no space")
        for key, choices in _BACK_CURVE_KEYS.items():
            curve[key] = r.get(key, str)
            if curve[key] not in choices:
                raise r.fail(key, f"must be one of {', '.join(choices)}; got {curve[key]!r}")
    r.done()
    spec = FeatureSpec(name, ftype, tuple(points), side, space, reference, past, desc, of,
                       default_level=default_level, label=label, **curve)
    return spec, level_when_t


def _check_derived(r: _Reader, parsed: list[tuple[FeatureSpec, "_Reader | None"]]
                   ) -> tuple[list[FeatureSpec], set[str]]:
    """Checks the derived features (each from a measured single-valued feature), attaches their
    ``level_when`` conditions, and returns the features with the names of the rise_from_start ones: those
    are not allowed in the start position, as they exist only once the start position has been reached."""
    pending = {f.name: t for f, t in parsed if t is not None}
    features = [f for f, _ in parsed]
    by_name = {f.name: f for f in features}
    measured = {n for n in _expanded_names(features) if n in by_name and by_name[n].type not in _DERIVED}
    for i, f in enumerate(features):
        if f.name in pending:
            cond = _condition(pending[f.name], measured)
            features[i] = dataclasses.replace(f, level_when=cond)
    derived = set()
    for f in features:
        if f.type not in _DERIVED:
            continue
        base = by_name.get(f.of)
        if base is None or base.type in _DERIVED or base.side == "both":
            raise r.fail("features", f"feature {f.name!r}: 'of' must name a measured feature with one value per "
                                     f"frame (not 'both' sides); got {f.of!r}")
        if f.type is FeatureType.RISE_FROM_START:
            derived.add(f.name)
    return features, derived


def _expanded_names(features: list[FeatureSpec]) -> set[str]:
    names = set()
    for f in features:
        names.add(f.name)
        if f.side == "both":
            names |= {f"{f.name}_left", f"{f.name}_right"}
    return names


def _rep(r: _Reader, names: set[str], kind: Kind) -> RepSpec:
    driver = r.get("driver", str)
    direction = r.get("direction", str, "up")
    if direction not in ("up", "down"):
        raise r.fail("direction", f"must be up or down; got {direction!r}")
    sides = tuple(r.get("sides", list, []))
    side_rule = r.get("side_from", str, "")
    if side_rule and side_rule not in SIDE_RULES:
        raise r.fail("side_from", f"must be one of {', '.join(SIDE_RULES)}; got {side_rule!r}")
    if kind is Kind.ALTERNATING_REPS and sorted(sides) != ["left", "right"] and not side_rule:
        raise r.fail("sides", 'alternating exercises need sides = ["left", "right"] (a driver per side), '
                              'or side_from (whose side a rep is)')
    for s in sides or ("",):
        want = f"{driver}_{s}" if s else driver
        if want not in names:
            raise r.fail("driver", f"no feature named {want!r}")
    te, tx = r.number("top_enter"), r.number("top_exit")
    bx, be = r.number("bottom_exit"), r.number("bottom_enter")
    ordered = (be < bx <= tx < te) if direction == "up" else (be > bx >= tx > te)
    if not ordered:
        order = "bottom_enter < bottom_exit <= top_exit < top_enter" if direction == "up" else \
            "bottom_enter > bottom_exit >= top_exit > top_enter"
        raise r.fail("top_enter", f"thresholds must be ordered {order} for direction {direction!r}")
    side_from = side_rule
    if kind is Kind.PER_SIDE_REPS and not side_from:
        raise r.fail("side_from", f"per-side exercises need side_from ({', '.join(SIDE_RULES)})")
    spec = RepSpec(driver, direction, te, tx, bx, be,
                   min_top_s=r.number("min_top_s", 0.15, 0), min_rep_s=r.number("min_rep_s", 0.5, 0),
                   max_rep_s=r.number("max_rep_s", 30.0, 0.5), sides=sides, side_from=side_from,
                   top_as_hold_s=r.number("top_as_hold_s", None, 0.5),
                   min_amplitude=r.number("min_amplitude", 0.0, 0),
                   top_requires=tuple(_condition(c, names) for c in r.tables("top_requires")))
    r.done()
    return spec


def _hold(r: _Reader, names: set[str], kind: Kind) -> HoldSpec:
    conds = tuple(_condition(c, names) for c in r.tables("conditions"))
    form = tuple(_condition(c, names) for c in r.tables("form"))
    # Neither: the exercise's start position is the held position, and any time in it is good form.
    if "conditions" not in r.data and "form" not in r.data:
        raise r.fail("conditions", "a hold needs conditions (may be empty: the start position is the held one)")
    side_from = r.get("side_from", str, "")
    if kind is Kind.PER_SIDE_HOLD and side_from not in SIDE_RULES:
        raise r.fail("side_from", f"per-side holds need side_from ({', '.join(SIDE_RULES)})")
    spec = HoldSpec(conds, grace_s=r.number("grace_s", 0.5, 0), min_hold_s=r.number("min_hold_s", 1.0, 0),
                    side_from=side_from, form=form)
    r.done()
    return spec


def _fault(r: _Reader, names: set[str], has_rep: bool) -> FaultSpec:
    fid = r.get("id", str)
    check = r.choice("check", Check, "sustained")
    when = r.table("when")
    cond = _tempo_condition(when, check) if check in TEMPO_CHECKS else _condition(when, names)
    during = r.choice("during", Phase)
    if check is not Check.SUSTAINED and not has_rep:
        raise r.fail("check", f"{check.value} needs a [rep] section")
    if check in TEMPO_CHECKS and during is not Phase.REP:
        raise r.fail("during", f"{check.value} judges the whole rep: use during = \"rep\"")
    if during in (Phase.TOP, Phase.BOTTOM, Phase.REP) and not has_rep:
        raise r.fail("during", f"{during.value} needs a [rep] section")
    views = tuple(View(v) if v in View._value2member_map_ else _bad_view(r, v) for v in r.get("views", list, []))
    spec = FaultSpec(
        id=fid, condition=cond, during=during, check=check,
        # Per-rep checks judge the rep's extreme; a min_duration_s there (none by default) asks that the
        # extreme lasted that long, so a landmark glitch of a frame or two is not a rep's extreme.
        min_duration_s=r.number("min_duration_s", 0.3 if check is Check.SUSTAINED else 0.0, 0),
        severity=r.choice("severity", Severity, "warning"), message=r.text("message"),
        signal=r.get("signal", str, ""), limits=r.get("limits", str, ""), views=views,
        label=r.text("label") if "label" in r.data else None,
    )
    r.done()
    return spec


def _not_judged(r: _Reader, fault_ids: set[str]) -> NotJudged:
    """A ``[[not_judged]]`` entry: a fault of the guides posecheck leaves alone, with the reason."""
    fid = r.get("fault", str)
    if not is_exercise_id(fid):
        raise r.fail("fault", f"{fid!r}: use lower-case letters, digits and _ only")
    if fid in fault_ids:
        raise r.fail("fault", f"{fid!r} is judged in [[faults]]: a fault is either judged or listed here, not both")
    entry = NotJudged(fid, r.text("label"), r.text("reason"))
    for lang in ("en", "nl"):
        if not entry.label.get(lang).strip() or not entry.reason.get(lang).strip():
            raise r.fail("reason", f"label and reason need words in {lang}")
    r.done()
    return entry


def _prescription(p: _Reader) -> Prescription:
    out = Prescription(
        sets=int(p.number("sets", minimum=1)), reps=_opt_int(p.number("reps", None, 1)),
        hold_s=p.number("hold_s", None, 0), rest_s=p.number("rest_s", 60.0, 0),
        up_s=p.number("up_s", None, 0), top_pause_s=p.number("top_pause_s", None, 0),
        down_s=p.number("down_s", None, 0),
    )
    p.done()
    return out


def _bad_view(r: _Reader, v: str):
    raise r.fail("views", f"unknown view {v!r}; use {', '.join(x.value for x in View)}")


def load_exercise(path: str | Path) -> ExerciseDef:
    """Parse and validate one exercise file; raises :class:`ExerciseFileError` naming file and key."""
    path = Path(path)
    if path.is_dir():
        raise ExerciseFileError(str(path), "(file)", "is a folder, not an exercise file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ExerciseFileError(str(path), "(syntax)", f"not valid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise ExerciseFileError(str(path), "(file)", f"is not UTF-8 text (byte 0x{e.object[e.start]:02x} at "
                                                     f"position {e.start}); save it as UTF-8") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, arrays nested thousands deep
        raise ExerciseFileError(str(path), "(syntax)", "not readable as TOML (a number too long or values "
                                                       "nested too deep)") from None
    except OSError as e:
        raise ExerciseFileError(str(path), "(file)", f"cannot read: {e.strerror}") from None
    r = _Reader(str(path), data)
    r.get("schema_version", int)
    if data["schema_version"] != 1:
        raise r.fail("schema_version", f"this posecheck reads version 1, the file is {data['schema_version']}")
    ex_id = r.get("id", str)
    if ex_id != path.stem:
        raise r.fail("id", f"must match the file name {path.stem!r}")
    if not is_exercise_id(ex_id):
        raise r.fail("id", f"{ex_id!r}: use lower-case letters, digits and _ only (it is also the file name)")
    kind = r.choice("kind", Kind)
    view = r.choice("view", View)
    prescription = _prescription(r.table("prescription"))
    parsed = [_feature(f) for f in r.tables("features")]
    if not parsed:
        raise r.fail("features", "at least one feature is needed")
    plain = [f for f, _ in parsed]
    dupes = {f.name for f in plain if [g.name for g in plain].count(f.name) > 1}
    if dupes:
        raise r.fail("features", f"duplicate feature name {sorted(dupes)[0]!r}")
    features, derived = _check_derived(r, parsed)
    names = _expanded_names(features)
    pos = r.table("position")
    position = tuple(_condition(c, names) for c in pos.tables("conditions"))
    for c in position:
        if c.feature in derived:
            raise pos.fail("conditions", f"{c.feature!r} is measured from the start position, so it cannot "
                                         f"define it: use the feature it is derived from")
    settle_s = pos.number("settle_s", 0.5, 0)
    pos.done()
    rep_t, hold_t = r.table("rep", None), r.table("hold", None)
    rep = _rep(rep_t, names, kind) if rep_t else None
    hold = _hold(hold_t, names, kind) if hold_t else None
    if rep is not None and rep.top_as_hold_s is not None and hold is None:
        raise rep_t.fail("top_as_hold_s", "a top can only count as a hold when the exercise has a [hold] section")
    if kind in (Kind.REPS, Kind.ALTERNATING_REPS, Kind.PER_SIDE_REPS) and rep is None:
        raise r.fail("rep", f"kind {kind.value!r} needs a [rep] section")
    if kind in (Kind.HOLD, Kind.PER_SIDE_HOLD) and hold is None:
        raise r.fail("hold", f"kind {kind.value!r} needs a [hold] section")
    faults = tuple(_fault(f, names, rep is not None) for f in r.tables("faults"))
    fids = [f.id for f in faults]
    if len(set(fids)) != len(fids):
        raise r.fail("faults", "fault ids must be unique")
    not_judged = tuple(_not_judged(t, set(fids)) for t in r.tables("not_judged"))
    if len({n.fault for n in not_judged}) != len(not_judged):
        raise r.fail("not_judged", "each fault is listed once")
    flt = r.table("filter", None)
    params = OneEuroParams()
    if flt:
        params = OneEuroParams(min_cutoff_hz=flt.number("min_cutoff_hz", 1.0, 0.01), beta=flt.number("beta", 0.02, 0),
                               d_cutoff_hz=flt.number("d_cutoff_hz", 1.0, 0.01))
        flt.done()
    required = tuple(r.get("required_landmarks", list, []))
    for name in required:
        if name not in LANDMARK_INDEX:
            raise r.fail("required_landmarks", f"unknown landmark {name!r}")
    ex = ExerciseDef(
        id=ex_id, name=r.text("name"), kind=kind, view=view, description=r.text("description"),
        camera=r.text("camera"), prescription=prescription, features=tuple(features), position=position,
        settle_s=settle_s, rep=rep, hold=hold, faults=faults, filter=params,
        aliases=tuple(r.get("aliases", list, [])), required_landmarks=required, source_path=str(path),
        variant_id=r.get("variant_id", str, ""), variant_name=r.text("variant_name") if "variant_name" in data else None,
        not_judged=not_judged,
    )
    variants = tuple(_variant(v, ex, names, derived) for v in r.tables("variants"))
    if variants:
        if not ex.variant_id or ex.variant_name is None:
            raise r.fail("variant_id", "an exercise with [[variants]] names its own variant too "
                                       "(variant_id and variant_name)")
        ids = [ex.variant_id] + [v.variant_id for v in variants]
        if len(set(ids)) != len(ids):
            raise r.fail("variants", "variant ids must be unique")
        ex = dataclasses.replace(ex, variants=variants)
    r.get("provenance", dict, {})
    r.done()
    return ex


def _variant(r: _Reader, base: ExerciseDef, names: set[str], derived: set[str]) -> ExerciseDef:
    """One ``[[variants]]`` table: the base definition with its own start position and, where given, its
    own kind, view, texts, counting, hold and faults (a subset of the base's, by id)."""
    vid = r.get("id", str)
    if not is_exercise_id(vid):
        raise r.fail("id", f"{vid!r}: use lower-case letters, digits and _ only")
    kind = r.choice("kind", Kind, base.kind.value)
    pos = r.table("position")
    position = tuple(_condition(c, names) for c in pos.tables("conditions"))
    if not position:
        raise pos.fail("conditions", "a variant is recognised by its start position: give at least one condition")
    for c in position:
        if c.feature in derived:
            raise pos.fail("conditions", f"{c.feature!r} is measured from the start position, so it cannot define it")
    settle_s = pos.number("settle_s", base.settle_s, 0)
    pos.done()
    rep_t, hold_t = r.table("rep", None), r.table("hold", None)
    rep = _rep(rep_t, names, kind) if rep_t else base.rep
    hold = _hold(hold_t, names, kind) if hold_t else base.hold
    if r.get("no_rep", bool, False):
        rep = None
    if r.get("no_hold", bool, False):
        hold = None
    if kind in (Kind.REPS, Kind.ALTERNATING_REPS, Kind.PER_SIDE_REPS) and rep is None:
        raise r.fail("rep", f"kind {kind.value!r} needs a [rep] section")
    if kind in (Kind.HOLD, Kind.PER_SIDE_HOLD) and hold is None:
        raise r.fail("hold", f"kind {kind.value!r} needs a [hold] section")
    by_id = {f.id: f for f in base.faults}
    fault_ids = r.get("faults", list, list(by_id))
    for fid in fault_ids:
        if fid not in by_id:
            raise r.fail("faults", f"no fault {fid!r} in this exercise (defined: {', '.join(by_id) or 'none'})")
    faults = tuple(by_id[f] for f in fault_ids)
    if rep is None and any(f.during in (Phase.TOP, Phase.BOTTOM, Phase.REP) or f.check is not Check.SUSTAINED
                           for f in faults):
        raise r.fail("faults", "a variant without reps cannot keep faults judged per rep")
    variant = dataclasses.replace(
        base, kind=kind, view=r.choice("view", View, base.view.value), position=position, settle_s=settle_s,
        rep=rep, hold=hold, faults=faults, variant_id=vid, variant_name=r.text("name"),
        description=r.text("description") if "description" in r.data else base.description,
        camera=r.text("camera") if "camera" in r.data else base.camera,
        prescription=_prescription(r.table("prescription")) if "prescription" in r.data else base.prescription,
    )
    r.done()
    return variant


def _opt_int(v: float | None) -> int | None:
    return None if v is None else int(v)


def load_catalogue(directory: str | Path | None = None) -> dict[str, ExerciseDef]:
    """All exercise files in a folder, by id. A malformed file raises; nothing is skipped silently."""
    directory = Path(directory) if directory else default_exercise_dir()
    if not directory.is_dir():
        raise ExerciseFileError(str(directory), "(folder)", "exercise folder not found")
    return {ex.id: ex for ex in (load_exercise(p) for p in sorted(directory.glob("*.toml")))}


def is_exercise_id(text: object) -> bool:
    return isinstance(text, str) and EXERCISE_ID.fullmatch(text) is not None


def get_exercise(exercise_id: str, directory: str | Path | None = None) -> ExerciseDef:
    """One exercise by id; only that file is read, so another file's mistake does not block it. The id
    is never a path: a file elsewhere is loaded only when asked for by name (:func:`load_exercise`)."""
    directory = Path(directory) if directory else default_exercise_dir()
    path = directory / f"{exercise_id}.toml"
    if not is_exercise_id(exercise_id) or not path.is_file():
        known = [p.stem for p in directory.glob("*.toml")]
        raise UnknownExerciseError(str(exercise_id), known, is_id=is_exercise_id(exercise_id))
    return load_exercise(path)
