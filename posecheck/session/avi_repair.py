"""Indexing a ``video.avi`` that an older posecheck left without an index when it was killed. Plain Python.

Until the recorder wrote its own index as it went (:mod:`posecheck.session.avi_writer`), the video came
from ``cv2.VideoWriter``, which writes the frame count and the index only when it is released. Killed,
it left frames that play from the start but a file that reports 0 frames, so the review's seeking
landed on the wrong frame. :func:`index_unfinished_avi` gives such a file what a release would have:
an ``idx1`` index of every complete frame, the frame counts and the RIFF and ``movi`` sizes. A frame
cut short by the kill is dropped (it could not be decoded anyway); nothing else changes. Files that
already have an index, and anything that is not that kind of AVI, are left alone.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

__all__ = ["index_unfinished_avi"]

_FRAME_TAGS = (b"00dc", b"00db")
_KEYFRAME = 0x10  # AVIIF_KEYFRAME: every Motion-JPEG frame stands alone


def index_unfinished_avi(path: str | Path) -> int | None:
    """Index the frames of an AVI that has none; returns how many, or None when there was nothing to do."""
    path = Path(path)
    try:
        with open(path, "r+b") as f:
            layout = _layout(f)
            if layout is None:
                return None
            avih, strh, movi = layout
            entries, end = _frames(f, movi + 12, os.fstat(f.fileno()).st_size)
            if not entries:
                return None
            base = movi + 8  # idx1 offsets count from the 'movi' fourcc
            idx1 = b"".join(struct.pack("<4sIII", tag, _KEYFRAME, pos - base, size) for tag, pos, size in entries)
            f.truncate(end)  # a frame cut short by the kill
            f.seek(end)
            f.write(b"idx1" + struct.pack("<I", len(idx1)) + idx1)
            file_end = f.tell()
            f.flush()
            os.fsync(f.fileno())
            for pos, value in ((movi + 4, end - movi - 8), (4, file_end - 8), (avih + 8 + 16, len(entries)),
                               (strh + 8 + 32, len(entries))):
                f.seek(pos)
                f.write(struct.pack("<I", value))
            f.seek(avih + 8 + 12)
            flags = struct.unpack("<I", f.read(4))[0]
            f.seek(avih + 8 + 12)
            f.write(struct.pack("<I", flags | 0x10))  # AVIF_HASINDEX
            f.flush()
            os.fsync(f.fileno())
            return len(entries)
    except OSError:
        return None


def _layout(f) -> tuple[int, int, int] | None:
    """(avih position, strh position, movi LIST position) of a one-RIFF AVI without an index, else None."""
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:] != b"AVI ":
        return None
    size = os.fstat(f.fileno()).st_size
    pos, avih = 12, None
    strh = movi = None
    while pos + 12 <= size:
        f.seek(pos)
        tag, n = struct.unpack("<4sI", f.read(8))
        if tag == b"LIST":
            kind = f.read(4)
            if kind == b"movi":
                movi = pos
                break
            if kind == b"hdrl":
                avih, strh, indexed = _header(f, pos + 12, pos + 8 + n)
                if indexed:
                    return None  # an OpenDML index (posecheck's own writer): nothing to do
        pos += 8 + n + (n & 1)
    if avih is None or strh is None or movi is None:
        return None
    f.seek(strh + 8 + 32)
    if struct.unpack("<I", f.read(4))[0] != 0:
        return None  # the frame count was written: the file was finished
    return avih, strh, movi


def _header(f, pos: int, end: int) -> tuple[int | None, int | None, bool]:
    """Positions of avih and the (first) strh inside hdrl, and whether an OpenDML index is in use."""
    avih = strh = None
    indexed = False
    while pos + 8 <= end:
        f.seek(pos)
        tag, n = struct.unpack("<4sI", f.read(8))
        if tag == b"avih":
            avih = pos
        elif tag == b"strh" and strh is None:
            strh = pos
        elif tag == b"indx":
            f.seek(pos + 8 + 4)
            indexed = struct.unpack("<I", f.read(4))[0] > 0
        if tag == b"LIST":
            pos += 12  # descend (strl, odml)
            continue
        pos += 8 + n + (n & 1)
    return avih, strh, indexed


def _frames(f, pos: int, size: int) -> tuple[list[tuple[bytes, int, int]], int]:
    """Every complete frame chunk from ``pos``: (tag, position, size); and where the last one ends."""
    entries = []
    end = pos
    f.seek(pos)
    while pos + 8 <= size:
        tag, n = struct.unpack("<4sI", f.read(8))
        if tag == b"idx1":
            return [], pos  # indexed after all
        nxt = pos + 8 + n + (n & 1)
        if nxt > size:
            break  # cut short by the kill
        if tag in _FRAME_TAGS:
            entries.append((tag, pos, n))
        elif tag not in (b"JUNK", b"ix00"):
            break  # not a chunk: whatever follows is not ours to index
        pos = end = nxt
        f.seek(pos)
    return entries, end
