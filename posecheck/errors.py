"""Errors a person can act on. Each carries what went wrong and what to do about it.

The CLI prints ``str(error)`` on one line and exits non-zero; the app shows the same text. Only
these errors are expected; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = [
    "PosecheckError",
    "ExerciseFileError",
    "RoutineFileError",
    "UnknownExerciseError",
    "ModelError",
    "SourceError",
    "NoPersonError",
    "MultiplePeopleError",
    "ReviewError",
    "AnnotationsError",
    "ReviewImportError",
]


class PosecheckError(Exception):
    """Base class: ``problem`` says what is wrong, ``hint`` what the person can do."""

    exit_code = 2

    def __init__(self, problem: str, hint: str = ""):
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.problem}. {self.hint}" if self.hint else self.problem

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` where the error has that wording; otherwise the English ``str()``.
        The Qt layer shows this, so an error class can gain a translation without touching it."""
        return str(self)


class ExerciseFileError(PosecheckError):
    """An exercise definition file is malformed; names the file and the key."""

    def __init__(self, path: str, key: str, problem: str):
        super().__init__(
            f"exercise file {path}: {key}: {problem}",
            "Fix that key (see exercises/README.md for the format) and try again",
        )
        self.path = path
        self.key = key


class RoutineFileError(PosecheckError):
    """A routine file (``routines/*.toml``) is malformed; names the file and the key."""

    def __init__(self, path: str, key: str, problem: str):
        super().__init__(
            f"routine file {path}: {key}: {problem}",
            "Fix that key (see routines/README.md for the format) and try again",
        )
        self.path = path
        self.key = key


class UnknownExerciseError(PosecheckError):
    """``is_id`` False: the text is not even an exercise id (a path, capitals), which never names a file."""

    def __init__(self, exercise_id: str, known: list[str], is_id: bool = True):
        choose = f"Choose one of: {', '.join(sorted(known))} (`posecheck exercises` lists them)"
        if is_id:
            super().__init__(f"unknown exercise {exercise_id!r}", choose)
        else:
            super().__init__(f"{exercise_id!r} is not an exercise id (lower-case letters, digits and _)",
                             f"{choose}; for an exercise file of your own, use --exercise-file PATH")


class ModelError(PosecheckError):
    exit_code = 3


class SourceError(PosecheckError):
    """A video file or camera cannot be read."""

    exit_code = 4


class NoPersonError(PosecheckError):
    exit_code = 5


class MultiplePeopleError(PosecheckError):
    exit_code = 6


class ReviewError(PosecheckError):
    """A session or video cannot be opened for review (not a session folder, unknown exercise)."""

    exit_code = 7


class AnnotationsError(PosecheckError):
    """A clinician's ``review.json`` is unreadable or of an unknown schema; names the file and the key."""

    exit_code = 7


class ReviewImportError(PosecheckError):
    """A session folder or archive sent by a patient was refused; nothing was written.

    Built by :func:`posecheck.review.import_refusals.refusal`: ``code`` names the refusal, ``fields``
    are the facts in its sentence, ``translations`` maps a language to (problem, hint). ``str()``
    stays English for the CLI and logs; :meth:`text` gives the physiotherapist's language."""

    exit_code = 7

    def __init__(self, problem: str, hint: str = "", *, code: str | None = None, fields: dict | None = None,
                 translations: dict[str, tuple[str, str]] | None = None):
        super().__init__(problem, hint)
        self.code = code
        self.fields = dict(fields or {})
        self.translations = dict(translations or {})

    def text(self, lang: str = "en") -> str:
        if lang not in self.translations:
            return str(self)
        problem, hint = self.translations[lang]
        return f"{problem}. {hint}" if hint else problem
