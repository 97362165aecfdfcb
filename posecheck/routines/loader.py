"""Reads ``routines/*.toml`` into :class:`Routine` objects and checks them against the exercise catalogue.

Every error names the file and the key. A routine may only name exercises (and their variants) that the
catalogue has, give each the dose its kind needs (reps for rep exercises, seconds for holds), and list in
its avoid entries only exercises it does not itself contain.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from posecheck.data_files import data_dir
from posecheck.errors import RoutineFileError
from posecheck.exercises.loader import is_exercise_id, load_catalogue
from posecheck.exercises.schema import ExerciseDef, Kind, Prescription
from posecheck.exercises.toml_reader import TableReader
from posecheck.routines.schema import Avoid, Routine, RoutineItem

__all__ = ["default_routine_dir", "load_routine", "load_routines", "routines_for"]

_HOLD_KINDS = (Kind.HOLD, Kind.PER_SIDE_HOLD)


def default_routine_dir() -> Path:
    """``POSECHECK_ROUTINE_DIR`` if set, else the ``routines/`` folder of this checkout."""
    env = os.environ.get("POSECHECK_ROUTINE_DIR")
    return Path(env) if env else data_dir("routines")


def _reader(path: Path) -> TableReader:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise RoutineFileError(str(path), "(syntax)", f"not valid TOML: {e}") from None
    except UnicodeDecodeError:
        raise RoutineFileError(str(path), "(file)", "is not UTF-8 text; save it as UTF-8") from None
    except (ValueError, RecursionError):
        raise RoutineFileError(str(path), "(syntax)", "not readable as TOML") from None
    except OSError as e:
        raise RoutineFileError(str(path), "(file)", f"cannot read: {e.strerror}") from None
    return TableReader(str(path), data, error=RoutineFileError)


def _item(r: TableReader, catalogue: dict[str, ExerciseDef]) -> RoutineItem:
    ex_id = r.get("exercise", str)
    ex = catalogue.get(ex_id)
    if ex is None:
        raise r.fail("exercise", f"no exercise {ex_id!r} in the catalogue (known: {', '.join(sorted(catalogue))})")
    variant = r.get("variant", str, "")
    chosen = ex
    if variant:
        chosen = next((v for v in ex.all_variants if v.variant_id == variant), None)
        if chosen is None:
            known = ", ".join(v.variant_id for v in ex.all_variants if v.variant_id) or "none"
            raise r.fail("variant", f"{ex_id} has no variant {variant!r} (variants: {known})")
    sets = int(r.number("sets", minimum=1))
    reps, hold_s = r.number("reps", None, 1), r.number("hold_s", None, 1)
    if chosen.kind in _HOLD_KINDS:
        if hold_s is None or reps is not None:
            raise r.fail("hold_s", f"{ex_id} is held ({chosen.kind.value}): give hold_s (seconds), not reps")
    elif reps is None or hold_s is not None:
        raise r.fail("reps", f"{ex_id} is counted ({chosen.kind.value}): give reps (per side for per-side kinds), "
                             f"not hold_s")
    dose = Prescription(sets=sets, reps=None if reps is None else int(reps), hold_s=hold_s,
                        rest_s=r.number("rest_s", chosen.prescription.rest_s, 0))
    note = r.text("note") if "note" in r.data else None
    r.done()
    return RoutineItem(ex_id, dose, variant, note)


def _avoid(r: TableReader, catalogue: dict[str, ExerciseDef], own: set[str]) -> Avoid:
    ids = r.get("exercises", list, [])
    for x in ids:
        if not isinstance(x, str) or x not in catalogue:
            raise r.fail("exercises", f"no exercise {x!r} in the catalogue")
        if x in own:
            raise r.fail("exercises", f"{x!r} is part of this routine: a routine cannot advise against its own exercise")
    out = Avoid(what=r.text("what"), reason=r.text("reason"), exercises=tuple(ids))
    r.done()
    return out


def load_routine(path: str | Path, catalogue: dict[str, ExerciseDef]) -> Routine:
    """Parse and check one routine file; raises :class:`RoutineFileError` naming file and key."""
    path = Path(path)
    r = _reader(path)
    version = r.get("schema_version", int)
    if version != 1:
        raise r.fail("schema_version", f"this posecheck reads version 1, the file is {version}")
    rid = r.get("id", str)
    if rid != path.stem or not is_exercise_id(rid):
        raise r.fail("id", f"must match the file name {path.stem!r} (lower-case letters, digits and _)")
    items = tuple(_item(t, catalogue) for t in r.tables("exercises"))
    if not items:
        raise r.fail("exercises", "a routine needs at least one exercise")
    avoid = tuple(_avoid(t, catalogue, {i.exercise for i in items}) for t in r.tables("avoid"))
    routine = Routine(
        id=rid, name=r.text("name"), description=r.text("description"), items=items, avoid=avoid,
        order=int(r.number("order", 0)), rest_between_exercises_s=r.number("rest_between_exercises_s", 60.0, 0),
        source_path=str(path),
    )
    r.get("provenance", dict, {})
    r.done()
    return routine


def load_routines(catalogue: dict[str, ExerciseDef], directory: str | Path | None = None) -> dict[str, Routine]:
    """All routine files in a folder, by id, in their ``order``. A malformed file raises."""
    directory = Path(directory) if directory else default_routine_dir()
    if not directory.is_dir():
        raise RoutineFileError(str(directory), "(folder)", "routine folder not found")
    routines = [load_routine(p, catalogue) for p in sorted(directory.glob("*.toml"))]
    return {r.id: r for r in sorted(routines, key=lambda r: (r.order, r.id))}


def routines_for(catalogue: dict[str, ExerciseDef], directory: str | Path | None = None) -> dict[str, Routine]:
    """The routines whose exercises are all in ``catalogue``. The files are checked against the whole catalogue
    first (a mistake still raises); a catalogue narrowed to some exercises then offers the routines it can run."""
    full = {**load_catalogue(), **catalogue}
    return {k: r for k, r in load_routines(full, directory).items() if all(i in catalogue for i in r.exercise_ids)}
