"""Who may change a session folder: its recorder while it records, else one recovery at a time.

The recorder holds an advisory lock on its ``events.jsonl`` for as long as it writes (``flock``; the
kernel drops it when the process dies, also on a kill). Recovery takes the same lock without waiting
and leaves the folder alone when it cannot, so it never touches a live recording, and two recoveries
(the app's start and an open review window) never both append. Readers are never blocked.

Where ``flock`` does not exist (Windows) a folder counts as locked while its events file was written
in the last ``_QUIET_S`` seconds: the recorder flushes twice a second even when nothing happens.
No Qt, mediapipe or cv2.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

__all__ = ["hold_recording_lock", "session_lock"]

_QUIET_S = 10.0


def hold_recording_lock(fileno: int) -> None:
    """Mark the session as being recorded while ``fileno`` (its open events file) stays open."""
    if fcntl is not None:
        try:
            fcntl.flock(fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # a file system without locks: the recording just looks unlocked


@contextlib.contextmanager
def session_lock(events_file: str | Path) -> Iterator[bool]:
    """``with session_lock(path) as locked:`` — True when nobody records or recovers the session."""
    path = Path(events_file)
    if fcntl is None:
        try:
            yield time.time() - path.stat().st_mtime >= _QUIET_S
        except OSError:
            yield False
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock
