"""The exercise definition a session was judged with: the TOML stored in its ``meta.json``, else today's
catalogue entry. Used by the review (to show the session as it was judged) and by recovery (to finish
the set a crash cut short with the same rules). No Qt, mediapipe or cv2."""

from __future__ import annotations

import hashlib
import re
import tempfile
import tomllib
from pathlib import Path

from posecheck.exercises.schema import ExerciseDef

__all__ = ["stored_exercise"]

_CACHE: dict[str, ExerciseDef] = {}


def stored_exercise(meta: dict, exercise_id: str, warnings: list[str]) -> ExerciseDef:
    """Raises :class:`posecheck.errors.UnknownExerciseError` when neither is usable; problems with the
    stored definition are added to ``warnings``."""
    from posecheck.errors import ExerciseFileError
    from posecheck.exercises.loader import get_exercise, load_exercise

    toml = meta.get("exercise_definition_toml") or ""
    if toml:
        key = hashlib.sha256(toml.encode("utf-8")).hexdigest()
        if key in _CACHE:
            return _CACHE[key]
        # The loader reads files named after the exercise id; the id comes from an imported file, so
        # only a plain name may become a path (no "../" out of the temporary folder).
        try:
            toml_id = tomllib.loads(toml).get("id")
        except tomllib.TOMLDecodeError:
            toml_id = None
        if not (isinstance(toml_id, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", toml_id)):
            warnings.append("the exercise definition stored with the session is unreadable; using the current one")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{toml_id}.toml"
                path.write_text(toml, encoding="utf-8")
                try:
                    ex = load_exercise(path)
                    _CACHE[key] = ex
                    return ex
                except ExerciseFileError as e:
                    warnings.append(f"the exercise definition stored with the session is unreadable ({e.problem}); "
                                    "using the current one")
    return get_exercise(exercise_id)
