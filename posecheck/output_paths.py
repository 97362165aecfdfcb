"""Checks that an output file or folder can be written, before the work that fills it starts.

``posecheck analyze --json /missing/r.json`` used to fail with a traceback after the whole analysis,
and the report was lost. These checks run first and say what is wrong in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

from posecheck.errors import PosecheckError

__all__ = ["check_output_file", "prepare_output_folder"]


def check_output_file(path: str | Path, what: str) -> Path:
    """``path`` can be created or overwritten as a file: it is not a folder, and its folder exists and is
    writable. ``what`` names it for the message (``--json``, ``the archive``)."""
    path = Path(path)
    if path.is_dir():
        raise PosecheckError(f"{what} {path} is a folder", "Give a file name (inside that folder, if you like)")
    folder = path.parent
    if not folder.exists():
        raise PosecheckError(f"{what} {path}: the folder {folder} does not exist",
                             "Create the folder first, or write somewhere else")
    if not folder.is_dir():
        raise PosecheckError(f"{what} {path}: {folder} is a file, not a folder", "Write somewhere else")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PosecheckError(f"{what} {path} cannot be written (no permission)", "Write to a folder of your own")
    return path


def prepare_output_folder(path: str | Path, what: str) -> Path:
    """A folder for several output files: created when missing (with its parents), refused when it is a
    file or cannot be written to."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise PosecheckError(f"{what} {path} is a file; with several videos it names a folder",
                             "Give a folder (it is created when missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PosecheckError(f"{what}: the folder {path} cannot be created ({e.strerror or e})",
                             "Write somewhere else") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise PosecheckError(f"{what} {path} cannot be written (no permission)", "Write to a folder of your own")
    return path
