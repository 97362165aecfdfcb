"""Does a session's ``video.avi`` hold a picture? Read from its structure alone: no cv2, no Qt.

The recorder writes Motion-JPEG in AVI (OpenCV's ``VideoWriter`` through FFmpeg): a RIFF ``AVI `` file
whose ``movi`` list holds one chunk (``00dc``) per frame, each a whole JPEG. A file of random bytes, a
web page saved under that name, or an AVI header with no frame after it is refused at import; a file
cut short by a crash after its first frame is accepted (it plays up to where it stopped), so only the
first frame is looked at. The review core stays free of OpenCV (``tests/review/test_core_review_boundaries.py``),
hence this small reader instead of decoding with cv2.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

__all__ = ["first_picture_problem"]

# More chunks than any AVI header or movi list puts before its first frame (FFmpeg writes about ten).
_MAX_CHUNKS_BEFORE_FRAME = 1000
# One JPEG frame: an 8K picture at the highest quality stays under this.
_MAX_FRAME_BYTES = 64 * 1024**2
# Start-of-frame markers (baseline, extended, progressive, lossless…), not DHT (C4), JPG (C8), DAC (CC).
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def first_picture_problem(path: Path) -> str | None:
    """None when ``path`` is an AVI whose first frame is a whole JPEG; else what is wrong, in English
    (the detail of the refusal)."""
    with open(path, "rb") as f:
        frame = _first_frame(f, path.stat().st_size)
    return frame if isinstance(frame, str) else _jpeg_problem(frame)


def _chunk_header(f: BinaryIO, pos: int) -> tuple[bytes, int, bytes] | None:
    """(id, size, list type or b"") of the chunk at ``pos``; None past the end of the file."""
    f.seek(pos)
    head = f.read(12)
    if len(head) < 8:
        return None
    return head[:4], struct.unpack("<I", head[4:8])[0], head[8:12]


def _first_frame(f: BinaryIO, file_size: int) -> bytes | str:
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"AVI ":
        return "not an AVI file"
    pos = 12
    for _ in range(_MAX_CHUNKS_BEFORE_FRAME):  # the top level of the file: headers, then LIST movi
        chunk = _chunk_header(f, pos)
        if chunk is None:
            return "the file ends before its first picture"
        cid, size, kind = chunk
        if cid == b"LIST" and kind == b"movi":
            break
        pos += 8 + size + (size & 1)
    else:
        return "no picture data found"
    pos += 12  # inside movi; its size is only written when the recording is closed, so it is not used
    for _ in range(_MAX_CHUNKS_BEFORE_FRAME):
        chunk = _chunk_header(f, pos)
        if chunk is None:
            return "the file ends before its first picture"
        cid, size, _kind = chunk
        if cid == b"LIST":  # a 'rec ' list groups the chunks of one moment: look inside it
            pos += 12
            continue
        if cid[2:] in (b"dc", b"db"):  # a video frame: compressed or not
            if size == 0 or size > _MAX_FRAME_BYTES or pos + 8 + size > file_size:
                return "the first picture is cut off or empty"
            f.seek(pos + 8)
            return f.read(size)
        pos += 8 + size + (size & 1)  # audio, index or padding chunks
    return "no picture found at the start of the picture data"


def _jpeg_problem(data: bytes) -> str | None:
    if data[:2] != b"\xff\xd8":
        return "the first picture is not a JPEG"
    i, size = 2, None
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return "the first picture is damaged"
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte before a marker
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if length < 2 or i + 2 + length > len(data):
            return "the first picture is damaged"
        if marker in _SOF_MARKERS and length >= 7:
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the compressed picture runs to the end marker
            if size is None or 0 in size:
                return "the first picture has no size"
            if not data.rstrip(b"\0").endswith(b"\xff\xd9"):
                return "the first picture is cut off"
            return None
        i += 2 + length
    return "the first picture is damaged"
