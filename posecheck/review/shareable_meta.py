"""``meta.json`` as it may leave the patient's computer: without local paths. Plain Python: no Qt.

The recorder stores where things were on the patient's disk (``exercise_file``, ``source.spec`` for a
video, ``settings.storage_dir``). Those paths name the user's home folder, and so often their name; the
physiotherapist needs none of them. :func:`shareable_meta` keeps a path's file name (the clip's name
still helps to recognise a recording) and drops the storage folder. Any other string that looks like an
absolute path is cut to its file name as well, so a key added later cannot leak one, and the home
folder is never written out, even inside a sentence.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

__all__ = ["shareable_meta", "looks_like_local_path"]

# Where the patient keeps their sessions says nothing about the session.
_DROPPED = {("settings", "storage_dir")}
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")  # C:\… or \\server\share


def looks_like_local_path(text: str) -> bool:
    """An absolute path (POSIX, Windows drive or share) or one in the home folder (``~/…``)."""
    return text.startswith(("/", "~")) or bool(_WINDOWS_ABSOLUTE.match(text))


def _file_name(text: str) -> str:
    path = PureWindowsPath(text) if _WINDOWS_ABSOLUTE.match(text) else PurePosixPath(text)
    return path.name


def shareable_meta(meta: dict, home: str | Path | None = None) -> dict:
    """A copy of ``meta`` with every local path reduced to its file name and the storage folder left out;
    ``home`` (default: this user's home folder) is replaced by ``~`` wherever it still occurs."""
    home_text = str(home if home is not None else Path.home()).rstrip("/\\")

    def clean(value, key_path: tuple[str, ...]):
        if isinstance(value, dict):
            return {k: clean(v, (*key_path, k)) for k, v in value.items() if (*key_path, k) not in _DROPPED}
        if isinstance(value, list):
            return [clean(v, key_path) for v in value]
        if isinstance(value, str):
            if looks_like_local_path(value):
                value = _file_name(value)
            if len(home_text) > 1 and home_text in value:
                value = value.replace(home_text, "~")
        return value

    return clean(meta, ())
