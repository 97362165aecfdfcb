"""Sessions are health data: the library folder and everything in it is for the user alone.

The one home of the modes: folders 0700, files 0600, on POSIX (elsewhere a mode means little and
these helpers only create). Two layers, because either alone leaves gaps:

- :func:`use_private_umask` at the entry points (``posecheck`` CLI, the app): every file and folder
  the process creates is private, also those written by libraries (SQLite's journal, zipfile, numpy).
- explicit modes where the library is made or opened and where session files are created, so the
  files are private however posecheck was started (as a library, from tests, by another launcher),
  and a library folder that already existed with wider permissions is narrowed.
No Qt, mediapipe or cv2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

__all__ = ["PRIVATE_DIR_MODE", "PRIVATE_FILE_MODE", "PRIVATE_UMASK", "create_private_file", "make_private",
           "prepare_private_output", "private_dir", "private_opener", "use_private_umask"]

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
_POSIX = os.name == "posix"


def use_private_umask() -> None:
    """Files and folders this process creates from now on are readable by the user only."""
    if _POSIX:
        os.umask(PRIVATE_UMASK)


def private_dir(path: str | Path) -> Path:
    """Create ``path`` (and missing parents) as a private folder; narrow it if it already existed."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if _POSIX and (path.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
        os.chmod(path, PRIVATE_DIR_MODE)
    return path


def private_opener(path: str, flags: int) -> int:
    """``open(path, mode, opener=private_opener)``: a new file is created 0600, an existing one narrowed."""
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    if _POSIX:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    return fd


def prepare_private_output(path: str | Path) -> Path:
    """Before writing an output (a report, a CSV, a PDF): create the file private, or narrow the one it
    will overwrite (a writer that truncates keeps the mode it finds)."""
    os.close(private_opener(str(path), os.O_WRONLY | os.O_CREAT))
    return Path(path)


def create_private_file(path: str | Path) -> BinaryIO:
    """A new (or truncated) file opened for unbuffered reading and writing, private."""
    return open(path, "w+b", buffering=0, opener=private_opener)  # noqa: SIM115 (the caller owns it)


def make_private(path: str | Path) -> None:
    """Narrow an existing file (0600) or folder (0700) and, for a folder, everything in it."""
    if not _POSIX:
        return
    path = Path(path)
    if path.is_symlink() or not path.exists():
        return
    if path.is_dir():
        for root, _dirs, files in os.walk(path, followlinks=False):
            os.chmod(root, PRIVATE_DIR_MODE)
            for name in files:
                p = os.path.join(root, name)
                if not os.path.islink(p):
                    os.chmod(p, PRIVATE_FILE_MODE)
    else:
        os.chmod(path, PRIVATE_FILE_MODE)
