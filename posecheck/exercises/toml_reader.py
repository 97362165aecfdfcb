"""Typed, key-checked access to a parsed TOML file, shared by the exercise and routine loaders. Every
error names the file and the dotted key, and unknown keys are errors (a misspelt key must not be ignored)."""

from __future__ import annotations

import math
from typing import Any

from posecheck.errors import ExerciseFileError
from posecheck.exercises.schema import Text

__all__ = ["TableReader"]


class TableReader:
    """Typed access to one TOML table that reports errors as file + dotted key (``error`` is the exception
    class, called with the path, the key and the problem)."""

    def __init__(self, path: str, data: dict, prefix: str = "", error: type = ExerciseFileError):
        self.path, self.data, self.prefix, self.error = path, data, prefix, error
        self._seen: set[str] = set()

    def key(self, k: str) -> str:
        return f"{self.prefix}{k}"

    def fail(self, k: str, problem: str) -> Exception:
        return self.error(self.path, self.key(k), problem)

    def get(self, k: str, types: type | tuple, default: Any = ..., ) -> Any:
        self._seen.add(k)
        if k not in self.data:
            if default is ...:
                raise self.fail(k, "missing (required)")
            return default
        v = self.data[k]
        if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise self.fail(k, f"expected {_type_name(types)}, got true/false")
        if not isinstance(v, types):
            raise self.fail(k, f"expected {_type_name(types)}, got {type(v).__name__} {v!r}")
        return v

    def number(self, k: str, default: Any = ..., minimum: float | None = None) -> float | None:
        v = self.get(k, (int, float), default)
        if v is not None:
            self.finite(k, v)
        if v is not None and minimum is not None and v < minimum:
            raise self.fail(k, f"must be at least {minimum}, got {v}")
        return None if v is None else float(v)

    def finite(self, k: str, v: float) -> None:
        # TOML has nan and inf; a threshold of nan makes every comparison false, so a condition on it
        # could never hold (nor a fault ever fire) and nobody would notice.
        try:
            ok = math.isfinite(v)
        except OverflowError:  # an integer beyond any float
            raise self.fail(k, "must be a finite number, got one too large") from None
        if not ok:
            raise self.fail(k, f"must be a finite number, got {v}")

    def choice(self, k: str, enum: type, default: Any = ...) -> Any:
        v = self.get(k, str, default)
        try:
            return enum(v) if not isinstance(v, enum) else v
        except ValueError:
            raise self.fail(k, f"must be one of {', '.join(e.value for e in enum)}; got {v!r}") from None

    def table(self, k: str, default: Any = ...) -> "TableReader | None":
        v = self.get(k, dict, default)
        return None if v is None else TableReader(self.path, v, f"{self.key(k)}.", self.error)

    def tables(self, k: str) -> list["TableReader"]:
        v = self.get(k, list, [])
        out = []
        for i, item in enumerate(v):
            if not isinstance(item, dict):
                raise self.fail(f"{k}[{i}]", "expected a table")
            out.append(TableReader(self.path, item, f"{self.key(k)}[{i}].", self.error))
        return out

    def text(self, k: str) -> Text:
        t = self.table(k)
        return Text(en=t.get("en", str), nl=t.get("nl", str))

    def done(self) -> None:
        unknown = set(self.data) - self._seen
        if unknown:
            raise self.fail(sorted(unknown)[0], "unknown key (misspelt?)")


def _type_name(types) -> str:
    names = {int: "a whole number", float: "a number", str: "text", dict: "a table", list: "a list", bool: "true/false"}
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(names.get(t, t.__name__) for t in types)


