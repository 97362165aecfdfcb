"""Checks a landmark file (``poses.npz`` or a chunk) of a session sent by a patient from its array
headers alone, before numpy loads a byte of it. Plain Python and numpy: no Qt, no cv2.

``np.load`` trusts a file: an array header may declare a terabyte (numpy allocates it and fails with
MemoryError), ``image_size`` may hold one number (IndexError when the session opens), the landmark rows
may not match the timestamps (the review breaks later), and an array may be a pickled object that is
never loaded but should never be stored either. Each is refused here with its own code
(:mod:`posecheck.review.import_refusals`).

What posecheck writes (``posecheck/session/store.py``): ``t_ms_T`` (T,) int64, ``xyz_T_33_3`` and
``world_xyz_T_33_3`` (T, 33, 3) float32, ``visibility_T_33`` (T, 33) float32, ``n_poses_T`` (T,) int8,
``video_frame_T`` (T,) int32 (optional: older files lack it), ``outline_T_2_2_21`` (T, 2, 2, 21) float32 and
``people_outline_T_P_2_2_21`` (optional: exercises that read the back's outline) and ``image_size`` (2,) int64. Other
numeric arrays are let through (a later version of the same schema may add one); their headers are
checked all the same.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from pathlib import Path

import numpy as np

from posecheck.review.import_refusals import refusal as _refuse

__all__ = ["check_landmark_file"]

_N = 33
_INTEGER, _FLOAT = "iu", "f"  # numpy dtype kinds
# array name -> (allowed dtype kinds, shape after the frame axis)
_PER_FRAME = {
    "t_ms_T": (_INTEGER, ()),
    "xyz_T_33_3": (_FLOAT, (_N, 3)),
    "visibility_T_33": (_FLOAT, (_N,)),
    "world_xyz_T_33_3": (_FLOAT, (_N, 3)),
    "n_poses_T": (_INTEGER, ()),
    "video_frame_T": (_INTEGER, ()),
    "outline_T_2_2_21": (_FLOAT, (2, 2, 21)),
}
_OPTIONAL = {"video_frame_T", "outline_T_2_2_21"}
# Everyone in view, where more than one person was (P people per frame), and the picture's cuts.
_PEOPLE = {
    "people_xyz_T_P_33_3": (_FLOAT, (_N, 3)),
    "people_visibility_T_P_33": (_FLOAT, (_N,)),
    "people_world_xyz_T_P_33_3": (_FLOAT, (_N, 3)),
    "people_outline_T_P_2_2_21": (_FLOAT, (2, 2, 21)),
}
MAX_PEOPLE = 8  # MediaPipe is asked for a few; more is not a file posecheck wrote
_IMAGE_SIZE = "image_size"
_NUMERIC_KINDS = "biuf"
_KIND_WORDS = {_INTEGER: "integers", _FLOAT: "floats"}
# np.savez stores, np.savez_compressed deflates; anything else posecheck never wrote.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _header(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: str, file: str):
    """(shape, dtype, data bytes available after the header) of one .npy member."""
    array = info.filename[:-4]
    if info.compress_type not in _COMPRESSIONS or info.flag_bits & 0x1:
        raise _refuse("landmarks_bad_array", archive=archive, file=file, array=array,
                      detail="packed in a way posecheck never writes (encrypted or an unusual compression)")
    try:
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, _fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, _fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"npy format version {version[0]}.{version[1]}")
            header_bytes = f.tell()
    except (ValueError, EOFError, OSError, zipfile.BadZipFile, zlib.error) as e:
        raise _refuse("landmarks_bad_array", archive=archive, file=file, array=array,
                      detail=f"unreadable header: {e}") from None
    if dtype.hasobject:
        raise _refuse("landmarks_pickled", archive=archive, file=file, array=array)
    return shape, dtype, info.file_size - header_bytes


def check_landmark_file(path: Path, archive: str, file: str) -> int:
    """Refuses a landmark file that numpy could not load safely or that posecheck would misread;
    returns the bytes its arrays declare (what loading it takes in memory). ``file`` names it in the
    message (``poses.npz``, ``poses/part_00003.npz``); ``archive`` is what the patient sent."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise _refuse("landmarks_unreadable", archive=archive, detail=f"{file}: {e}") from None
    with zf:
        arrays = {}
        for info in zf.infolist():
            if not info.filename.endswith(".npy") or info.is_dir():
                raise _refuse("landmarks_bad_array", archive=archive, file=file, array=info.filename,
                              detail="not an array")
            shape, dtype, available = _header(zf, info, archive, file)
            name = info.filename[:-4]
            declared = math.prod(shape) * dtype.itemsize
            if declared > available:
                raise _refuse("landmarks_declared_too_large", archive=archive, file=file, array=name,
                              values=math.prod(shape), mb=available / 1e6)
            if dtype.kind not in _NUMERIC_KINDS:
                raise _refuse("landmarks_bad_array", archive=archive, file=file, array=name,
                              detail=f"holds {dtype} values, not numbers")
            arrays[name] = (shape, dtype, declared)
    _check_layout(arrays, archive, file)
    return sum(declared for _shape, _dtype, declared in arrays.values())


def _check_layout(arrays: dict, archive: str, file: str) -> None:
    missing = [a for a in (*_PER_FRAME, _IMAGE_SIZE) if a not in arrays and a not in _OPTIONAL]
    if missing:
        raise _refuse("landmarks_bad_array", archive=archive, file=file, array=missing[0], detail="missing")
    size_shape, size_dtype, _ = arrays[_IMAGE_SIZE]
    if size_shape != (2,) or size_dtype.kind not in "iu":
        raise _refuse("landmarks_bad_image_size", archive=archive, file=file, shape=str(size_shape))
    stamps = arrays["t_ms_T"][0]
    n_frames = stamps[0] if len(stamps) == 1 else -1
    for name, (kinds, tail) in _PER_FRAME.items():
        if name not in arrays:
            continue
        shape, dtype, _ = arrays[name]
        if len(shape) != 1 + len(tail) or tuple(shape[1:]) != tail or dtype.kind not in kinds:
            want = ", ".join(["T", *map(str, tail)])
            raise _refuse("landmarks_bad_array", archive=archive, file=file, array=name,
                          detail=f"shape {tuple(shape)} of {dtype}, expected ({want}) of {_KIND_WORDS[kinds]}")
        if shape[0] != n_frames:
            raise _refuse("landmarks_lengths_differ", archive=archive, file=file, array=name, rows=shape[0],
                          stamps=n_frames)
    for name, (kinds, tail) in _PEOPLE.items():
        if name not in arrays:
            continue
        shape, dtype, _ = arrays[name]
        if (len(shape) != 2 + len(tail) or tuple(shape[2:]) != tail or dtype.kind not in kinds
                or not 1 <= shape[1] <= MAX_PEOPLE):
            want = ", ".join(["T", f"1..{MAX_PEOPLE}", *map(str, tail)])
            raise _refuse("landmarks_bad_array", archive=archive, file=file, array=name,
                          detail=f"shape {tuple(shape)} of {dtype}, expected ({want}) of {_KIND_WORDS[kinds]}")
        if shape[0] != n_frames:
            raise _refuse("landmarks_lengths_differ", archive=archive, file=file, array=name, rows=shape[0],
                          stamps=n_frames)
    if "scene_cut_T" in arrays and tuple(arrays["scene_cut_T"][0]) != (n_frames,):
        raise _refuse("landmarks_lengths_differ", archive=archive, file=file, array="scene_cut_T",
                      rows=arrays["scene_cut_T"][0][0] if arrays["scene_cut_T"][0] else 0, stamps=n_frames)
