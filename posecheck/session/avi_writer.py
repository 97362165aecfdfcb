"""MjpegAviWriter: Motion-JPEG frames in an OpenDML AVI whose index is written as it goes. Plain Python.

Why not ``cv2.VideoWriter``: it writes the frame count and the index only when it is released, and holds
the last 256 KB in a buffer. After a crash or a kill its AVI reported 0 frames, seeking to frame 150
returned frame 1, and up to 256 KB of frames (several seconds at 320×240) never reached the disk.

Here every :meth:`flush` (the session writer calls it about twice a second) makes the file on disk a
complete, seekable AVI up to the last frame written:

1. a standard index chunk (``ix00``) for the frames since the previous flush is appended inside the
   ``movi`` list, and the data is synced;
2. the super index (``indx``, room reserved in the header) gets an entry pointing to it, and the frame
   counts (``avih``, ``strh``, ``dmlh``) and the RIFF and ``movi`` sizes are patched to end at that
   index; synced again.

Frames written after the last flush lie beyond the declared RIFF end: a reader still indexes and seeks
everything up to the flush, so a kill loses at most what came after it. Past ``riff_limit_bytes`` a new
``RIFF AVIX`` list begins (OpenDML), so the file has no 1, 2 or 4 GB limit. The reserved super index
holds ``index_capacity`` flushes (with the default 32768 and two flushes a second: 4.5 hours); when it
is full, :meth:`add_frame` returns False and the caller counts the frame as dropped.

Layout (little-endian; sizes in bytes)::

    RIFF 'AVI '
      LIST 'hdrl'  avih(56)  LIST 'strl' [strh(56) strf(40) indx(24 + 16 × capacity)]  LIST 'odml' [dmlh(248)]
      LIST 'movi'  00dc … ix00  00dc … ix00 …
    RIFF 'AVIX'
      LIST 'movi'  00dc … ix00 …
"""

from __future__ import annotations

import os
import struct
from fractions import Fraction
from pathlib import Path

from posecheck.session.private_files import create_private_file

__all__ = ["MjpegAviWriter"]

_AVIF_HASINDEX = 0x10
_AVIF_ISINTERLEAVED = 0x100
_INDEX_OF_INDEXES, _INDEX_OF_CHUNKS = 0x00, 0x01
_DMLH_BYTES = 248
_FRAME_TAG = b"00dc"  # stream 0, compressed video
_INDEX_TAG = b"ix00"


def _fps_fraction(fps: float) -> tuple[int, int]:
    """(scale, rate) with rate / scale = fps, e.g. 29.97 → (1001, 30000)."""
    f = Fraction(fps).limit_denominator(1001)
    return f.denominator, f.numerator


class MjpegAviWriter:
    """Appends JPEG frames (bytes) to an AVI file; :meth:`flush` makes them durable and seekable."""

    def __init__(self, path: str | Path, width: int, height: int, fps: float,
                 riff_limit_bytes: int = 1 << 30, index_capacity: int = 32768):
        self.path = Path(path)
        self.width, self.height = int(width), int(height)
        self.fps = float(fps) if fps and fps > 0 else 30.0
        self.riff_limit_bytes = riff_limit_bytes
        self.index_capacity = index_capacity
        self.frames = 0  # frames written (flushed or not)
        self.frames_indexed = 0  # frames a reader finds after a crash
        self._frames_first_riff = 0
        self._pending: list[tuple[int, int]] = []  # (chunk position, JPEG size) since the last flush
        self._index_entries = 0
        self._max_frame_bytes = 0
        # Unbuffered: every write goes to the OS at once, so a kill of this process loses nothing written.
        self._file = create_private_file(self.path)
        try:
            self._write_header()
        except BaseException:
            self._file.close()
            raise

    # ------------------------------------------------------------------ writing
    def add_frame(self, jpeg: bytes) -> bool:
        """Append one frame; False (nothing written) once the reserved index is full."""
        if self._index_entries >= self.index_capacity:
            return False
        pad = len(jpeg) & 1
        self._pending.append((self._end, len(jpeg)))
        self._write_at_end(_FRAME_TAG + struct.pack("<I", len(jpeg)) + jpeg + b"\0" * pad)
        self.frames += 1
        self._max_frame_bytes = max(self._max_frame_bytes, len(jpeg))
        return True

    def flush(self) -> None:
        """Index the frames since the last flush and patch the header to include them (synced twice, so
        the header never points at an index that is not on disk)."""
        if not self._pending or self._index_entries >= self.index_capacity:
            return
        ix_pos, ix_size = self._end, self._write_chunk_index()
        os.fsync(self._file.fileno())
        entry = struct.pack("<QII", ix_pos, ix_size, len(self._pending))
        self._write_at(entry, self._indx_entries_pos + 16 * self._index_entries)
        self._index_entries += 1
        self._write_at(struct.pack("<I", self._index_entries), self._indx_pos + 8 + 4)
        self.frames_indexed += len(self._pending)
        if self._riff_pos == 0:
            self._frames_first_riff = self.frames_indexed
        self._pending = []
        self._patch_counts()
        self._patch_sizes(self._end)
        os.fsync(self._file.fileno())
        if self._end - self._riff_pos >= self.riff_limit_bytes:
            self._start_riff(b"AVIX")

    def close(self) -> None:
        if self._file.closed:
            return
        try:
            self.flush()
        finally:
            self._file.close()

    # ------------------------------------------------------------------ layout
    def _write_header(self) -> None:
        scale, rate = _fps_fraction(self.fps)
        w, h = self.width, self.height
        avih = struct.pack("<10I4I", round(1e6 * scale / rate), 0, 0, _AVIF_HASINDEX | _AVIF_ISINTERLEAVED,
                           0, 0, 1, 0, w, h, 0, 0, 0, 0)
        strh = (b"vids" + b"MJPG" + struct.pack("<IHHIIIIIIII", 0, 0, 0, 0, scale, rate, 0, 0, 0, 0xFFFFFFFF, 0)
                + struct.pack("<4h", 0, 0, w, h))
        strf = struct.pack("<IiiHH4sIiiII", 40, w, h, 1, 24, b"MJPG", w * h * 3, 0, 0, 0, 0)
        indx = struct.pack("<HBBI4s3I", 4, 0, _INDEX_OF_INDEXES, 0, _FRAME_TAG, 0, 0, 0) + bytes(16 * self.index_capacity)
        strl = (b"strl" + _chunk(b"strh", strh) + _chunk(b"strf", strf) + _chunk(b"indx", indx))
        odml = b"odml" + _chunk(b"dmlh", bytes(_DMLH_BYTES))
        hdrl = b"hdrl" + _chunk(b"avih", avih) + _chunk(b"LIST", strl) + _chunk(b"LIST", odml)
        header = b"RIFF" + struct.pack("<I", 0) + b"AVI " + _chunk(b"LIST", hdrl)
        # Positions of the fields patched at every flush.
        self._avih_pos = header.index(b"avih")
        self._strh_pos = header.index(b"strh")
        self._indx_pos = header.index(b"indx")
        self._indx_entries_pos = self._indx_pos + 8 + 24
        self._dmlh_pos = header.index(b"dmlh")
        self._end = 0
        self._write_at_end(header)
        self._riff_pos = 0
        self._start_movi()
        self._patch_sizes(self._end)

    def _start_riff(self, kind: bytes) -> None:
        self._riff_pos = self._end
        self._write_at_end(b"RIFF" + struct.pack("<I", 4) + kind)
        self._start_movi()
        self._patch_sizes(self._end)

    def _start_movi(self) -> None:
        self._movi_pos = self._end  # the LIST header; 'movi' (the index base) follows at +8
        self._write_at_end(b"LIST" + struct.pack("<I", 4) + b"movi")

    def _write_chunk_index(self) -> int:
        """The ``ix00`` chunk for the pending frames; returns its size including its 8-byte header."""
        base = self._movi_pos + 8
        entries = b"".join(struct.pack("<II", pos + 8 - base, size) for pos, size in self._pending)
        body = struct.pack("<HBBI4sQI", 2, 0, _INDEX_OF_CHUNKS, len(self._pending), _FRAME_TAG, base, 0) + entries
        self._write_at_end(_chunk(_INDEX_TAG, body))
        return 8 + len(body)

    def _patch_counts(self) -> None:
        total = self.frames_indexed
        biggest = self._max_frame_bytes + 8
        # avih: total frames (of the first RIFF, as OpenDML says) and the suggested buffer size
        self._write_at(struct.pack("<I", self._frames_first_riff), self._avih_pos + 8 + 16)
        self._write_at(struct.pack("<I", biggest), self._avih_pos + 8 + 28)
        # strh: dwLength (all frames) and dwSuggestedBufferSize
        self._write_at(struct.pack("<I", total), self._strh_pos + 8 + 32)
        self._write_at(struct.pack("<I", biggest), self._strh_pos + 8 + 36)
        self._write_at(struct.pack("<I", total), self._dmlh_pos + 8)

    def _patch_sizes(self, end: int) -> None:
        """The current RIFF and its movi list end at ``end`` (earlier RIFFs are final)."""
        self._write_at(struct.pack("<I", end - self._riff_pos - 8), self._riff_pos + 4)
        self._write_at(struct.pack("<I", end - self._movi_pos - 8), self._movi_pos + 4)

    # ------------------------------------------------------------------ I/O
    def _write_at_end(self, data: bytes) -> None:
        self._write_at(data, self._end)
        self._end += len(data)

    def _write_at(self, data: bytes, pos: int) -> None:
        self._file.seek(pos)
        view = memoryview(data)
        while view:  # a raw file may write less than asked
            view = view[self._file.write(view):]


def _chunk(tag: bytes, body: bytes) -> bytes:
    return tag + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")
