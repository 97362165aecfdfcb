"""Import of a session sent by a patient (folder, .zip, .tar, .tar.gz), and the archive the patient sends.

Numpy core: no Qt, mediapipe or cv2.

Import rules (:func:`import_session`); any refusal raises :class:`ReviewImportError` naming the
problem and what to do, and leaves nothing behind in the library. Refusals are raised by code with
their facts (``_refuse("zip_symlink", archive=…, entry=…)``); the English and Dutch sentences are in
:mod:`posecheck.review.import_refusals`:

1. Every member name is checked before anything is read: absolute paths (``/x``, ``C:\\x``), ``..``
   components, and in tar files symbolic links, hard links, devices and FIFOs refuse the whole
   archive (a folder: symbolic links inside it). One hostile entry is enough: an archive that tries
   to write outside its folder is not "mostly fine".
2. Bomb guard (limits and why: :mod:`posecheck.review.import_limits`): at most ``max_members``
   entries, ``max_total_bytes`` unpacked, ``max_data_bytes`` of everything but the video (what the
   review loads into memory), a compression ratio of at most ``max_ratio`` (per zip entry over 1 MB,
   and for the whole archive, zip or tar, once it unpacks to more than 10 MiB; a tar's headers are read
   one by one so an oversized entry stops the scan before its data is inflated), and the bytes actually
   unpacked are counted against the declared sizes; the library's disk must have room. A tar is
   recognised before a zip: a tar holding ``.npz`` files ends in a zip directory.
3. The session is at the top of the archive or in one top-level folder (whose name becomes the
   session's name; an archive with ``meta.json`` at its top is named after the archive).
   ``meta.json`` must be JSON with ``schema_version`` equal to a version this posecheck reads and an
   ``exercise_id`` that is a plain id (never a path); ``events.jsonl`` (JSON lines; only a torn last line
   is tolerated) and the landmarks (``poses.npz`` or ``poses/part_NNNNN.npz``) must be present. JSON
   nested too deep or holding a number of thousands of digits is refused. Every landmark file is checked
   from its array headers before numpy loads it (:mod:`posecheck.review.landmark_file_check`: no pickled
   arrays, nothing declared beyond what the file holds, one length for all per-frame arrays, a
   two-number ``image_size``; only the last chunk of an unclosed session may be torn). A ``video.avi``
   must be an AVI whose first frame is a whole JPEG (:mod:`posecheck.review.session_video_check`); an
   empty one (a recording killed before its first frame reached the disk) is left out.
   Only the known session files are copied (``meta.json``, ``events.jsonl``, ``poses.npz``,
   ``poses/part_*.npz``, ``video.avi``, ``review.json``); other files such as ``__MACOSX/`` or
   ``.DS_Store`` are skipped.
4. It is unpacked into a temporary folder inside the library and validated there, then moved into
   place with one ``os.replace``. A session with the same name already in the library is left alone:
   importing the identical session again returns it; a different one is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, IO

from posecheck.errors import ReviewImportError
from posecheck.exercises.loader import is_exercise_id
from posecheck.review.import_limits import (
    MAX_DATA_BYTES, MAX_MEMBERS, MAX_META_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, RATIO_FLOOR_BYTES,
)
from posecheck.review.import_refusals import refusal as _refuse
from posecheck.review.landmark_file_check import check_landmark_file
from posecheck.review.session_video_check import first_picture_problem
from posecheck.review.shareable_meta import shareable_meta
from posecheck.session.private_files import make_private, private_opener
from posecheck.session.store import (
    CHUNK_NAME,
    EVENTS_FILE,
    META_FILE,
    POSES_DIR,
    POSES_FILE,
    SCHEMA_VERSION,
    TORN_CHUNK_ERRORS,
    VIDEO_FILE,
    chunk_files,
)

__all__ = ["SUPPORTED_SCHEMA_VERSIONS", "export_session_archive", "import_session"]

SUPPORTED_SCHEMA_VERSIONS = (SCHEMA_VERSION,)
_CHUNK = 1024 * 1024
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_REVIEW_FILE = "review.json"


@dataclass
class _Member:
    parts: tuple[str, ...]  # path inside the archive, split
    size: int
    is_dir: bool
    open: Callable[[], IO[bytes]] | None  # None for directories


def _known(rel: tuple[str, ...]) -> bool:
    if len(rel) == 1:
        return rel[0] in (META_FILE, EVENTS_FILE, POSES_FILE, VIDEO_FILE, _REVIEW_FILE)
    return len(rel) == 2 and rel[0] == POSES_DIR and bool(CHUNK_NAME.fullmatch(rel[1]))


def _split_safe(name: str, src: Path) -> tuple[str, ...]:
    """The member's path components; refuses anything that could land outside the target folder."""
    raw = name.replace("\\", "/")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        raise _refuse("absolute_path", archive=src.name, entry=name)
    parts = tuple(p for p in PurePosixPath(raw).parts if p not in ("", "."))
    if ".." in parts:
        raise _refuse("outside_folder", archive=src.name, entry=name)
    return parts


# ------------------------------------------------------------------------------------ listing sources
def _list_folder(src: Path) -> list[_Member]:
    out = []
    for root, dirs, files in os.walk(src, followlinks=False):
        for name in dirs + files:
            p = Path(root) / name
            rel = p.relative_to(src).parts
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                raise _refuse("folder_symlink", archive=src.name, entry="/".join(rel))
            if stat.S_ISDIR(st.st_mode):
                out.append(_Member(rel, 0, True, None))
            elif stat.S_ISREG(st.st_mode):
                out.append(_Member(rel, st.st_size, False, lambda p=p: open(p, "rb")))  # noqa: SIM115
            else:
                raise _refuse("folder_special_file", archive=src.name, entry="/".join(rel))
    return out


def _list_zip(src: Path, zf: zipfile.ZipFile, max_ratio: float) -> list[_Member]:
    out = []
    for info in zf.infolist():
        parts = _split_safe(info.filename, src)
        mode = (info.external_attr >> 16) & 0o170000
        if mode == stat.S_IFLNK:
            raise _refuse("zip_symlink", archive=src.name, entry=info.filename)
        if info.is_dir():
            out.append(_Member(parts, 0, True, None))
            continue
        if info.file_size > 1024**2 and info.compress_size > 0 and info.file_size / info.compress_size > max_ratio:
            raise _refuse("zip_entry_ratio", archive=src.name, entry=info.filename,
                          ratio=info.file_size / info.compress_size)
        out.append(_Member(parts, info.file_size, False, lambda info=info: zf.open(info)))
    # Hundreds of entries each under the 1 MB above can still unpack to hundreds of MB.
    total = sum(m.size for m in out)
    packed = max(src.stat().st_size, 1)
    if total > RATIO_FLOOR_BYTES and total / packed > max_ratio:
        raise _refuse("zip_ratio", archive=src.name, ratio=total / packed)
    return out


def _too_big(src: Path, total: int, max_total_bytes: int) -> ReviewImportError:
    return _refuse("too_big", archive=src.name, gb=total / 1e9, max_gb=max_total_bytes / 1e9)


def _list_tar(src: Path, tf: tarfile.TarFile, max_members: int, max_total_bytes: int, max_ratio: float) -> list[_Member]:
    """Reads the headers one by one (a compressed tar has no index): a bomb is stopped at the header of
    its first oversized entry, before its data is decompressed."""
    out = []
    total = 0
    for m in tf:
        if len(out) >= max_members:
            raise _refuse("tar_too_many_entries", archive=src.name, max_entries=max_members)
        total += m.size if m.isfile() else 0
        if total > max_total_bytes:
            raise _too_big(src, total, max_total_bytes)
        parts = _split_safe(m.name, src)
        if m.issym() or m.islnk():
            raise _refuse("tar_link", archive=src.name, entry=m.name, target=m.linkname)
        if m.isdir():
            out.append(_Member(parts, 0, True, None))
        elif m.isfile():
            out.append(_Member(parts, m.size, False, lambda m=m: tf.extractfile(m)))
        else:
            raise _refuse("tar_special_file", archive=src.name, entry=m.name)
    packed = max(src.stat().st_size, 1)
    if total > RATIO_FLOOR_BYTES and total / packed > max_ratio:
        raise _refuse("tar_ratio", archive=src.name, ratio=total / packed)
    return out


# ------------------------------------------------------------------------------------ validation
def _session_root(members: list[_Member], src: Path) -> tuple[tuple[str, ...], str]:
    """(prefix inside the archive, the session's folder name)."""
    files = {m.parts for m in members if not m.is_dir}
    if (META_FILE,) in files:
        name = src.name
        for suffix in (".tar.gz", ".tgz", ".tar", ".zip"):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        return (), name
    tops = {p[0] for p in files if len(p) > 1 and p[0] != "__MACOSX"}
    if len(tops) == 1:
        top = next(iter(tops))
        if (top, META_FILE) in files:
            return (top,), top
    raise _refuse("no_session", archive=src.name, meta=META_FILE)


def _check_meta(data: bytes, src: Path) -> dict:
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _refuse("meta_not_json", archive=src.name, meta=META_FILE, detail=str(e)) from None
    except RecursionError:
        raise _refuse("meta_too_deep", archive=src.name, meta=META_FILE) from None
    except ValueError:  # after its subclasses above: Python refuses to read an integer of over 4,300 digits
        raise _refuse("meta_number_too_long", archive=src.name, meta=META_FILE) from None
    if not isinstance(meta, dict):
        raise _refuse("meta_not_object", archive=src.name, meta=META_FILE)
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _refuse("meta_no_schema", archive=src.name, meta=META_FILE)
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        reads = ", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS))
        if version > max(SUPPORTED_SCHEMA_VERSIONS):
            raise _refuse("schema_newer", archive=src.name, version=version, reads=reads)
        raise _refuse("schema_older", archive=src.name, version=version, reads=reads)
    if not isinstance(meta.get("exercise_id"), str) or not meta["exercise_id"]:
        raise _refuse("meta_no_exercise", archive=src.name, meta=META_FILE)
    if not is_exercise_id(meta["exercise_id"]):  # it names a file in the exercise folder: never a path
        raise _refuse("meta_bad_exercise_id", archive=src.name, meta=META_FILE, exercise=meta["exercise_id"][:80])
    return meta


def _check_events(path: Path, src: Path) -> None:
    lines = path.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, line in enumerate(lines):
        try:
            e = json.loads(line.decode("utf-8"))
            ok = isinstance(e, dict) and isinstance(e.get("type"), str)
        except (UnicodeDecodeError, json.JSONDecodeError):
            ok = False
        except RecursionError:
            raise _refuse("events_too_deep", archive=src.name, events=EVENTS_FILE, line=i + 1) from None
        except ValueError:  # after its subclasses above: an integer of over 4,300 digits
            raise _refuse("events_number_too_long", archive=src.name, events=EVENTS_FILE, line=i + 1) from None
        if not ok and i < len(lines) - 1:  # a torn last line is what a crash leaves: tolerated
            raise _refuse("events_bad_line", archive=src.name, events=EVENTS_FILE, line=i + 1)


def _check_poses(folder: Path, src: Path, max_data_bytes: int) -> None:
    from posecheck.session.store import read_poses

    # Headers first, so that numpy never loads a file that could exhaust memory or hold a pickle.
    files = ([folder / POSES_FILE] if (folder / POSES_FILE).is_file() else []) + chunk_files(folder)
    declared = 0
    for i, path in enumerate(files):
        rel = path.relative_to(folder).as_posix()
        try:
            declared += check_landmark_file(path, src.name, rel)
        except ReviewImportError as e:
            # A chunk cut short by a crash is tolerated as the last one, as the session reader does.
            if not (e.code == "landmarks_unreadable" and path.parent.name == POSES_DIR and i == len(files) - 1):
                raise
    if declared > max_data_bytes:
        raise _refuse("data_too_big", archive=src.name, mb=declared / 1e6, max_mb=max_data_bytes / 1e6)
    try:
        seq = read_poses(folder)
    except (*TORN_CHUNK_ERRORS, zlib.error) as e:  # the same damage the session reader tolerates in a chunk
        raise _refuse("landmarks_unreadable", archive=src.name, detail=str(e)) from None
    if seq is None:
        raise _refuse("landmark_files_unreadable", archive=src.name)


def _check_video(folder: Path, src: Path) -> None:
    problem = first_picture_problem(folder / VIDEO_FILE) if (folder / VIDEO_FILE).is_file() else None
    if problem:
        raise _refuse("video_unreadable", archive=src.name, video=VIDEO_FILE, detail=problem)


def _hashes(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for block in iter(lambda: f.read(_CHUNK), b""):
                    h.update(block)
            out[p.relative_to(folder).as_posix()] = h.hexdigest()
    return out


# ------------------------------------------------------------------------------------ import
def import_session(src: str | Path, library: str | Path, *, max_members: int = MAX_MEMBERS,
                   max_total_bytes: int = MAX_TOTAL_BYTES, max_data_bytes: int = MAX_DATA_BYTES,
                   max_ratio: float = MAX_RATIO, update_index: bool = True) -> Path:
    """Import a session folder or archive into ``library``; returns the session's folder there.
    See the module docstring for the rules."""
    src, library = Path(src), Path(library)
    limits = _Limits(max_members, max_total_bytes, max_data_bytes)
    if not src.exists():
        raise _refuse("source_missing", path=str(src))
    if src.is_dir():
        if not (src / META_FILE).is_file():  # before walking it: it might be someone's whole home folder
            raise _refuse("folder_not_a_session", archive=src.name, meta=META_FILE)
        return _import(src, _list_folder(src), library, limits, update_index)
    kind = _archive_kind(src)
    if kind == "zip":
        try:
            with zipfile.ZipFile(src) as zf:
                return _import(src, _list_zip(src, zf, max_ratio), library, limits, update_index)
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as e:
            raise _refuse("zip_damaged", archive=src.name, detail=str(e)) from None
    if kind == "tar":
        try:
            with tarfile.open(src) as tf:
                members = _list_tar(src, tf, max_members, max_total_bytes, max_ratio)
                return _import(src, members, library, limits, update_index)
        except (tarfile.TarError, EOFError, OSError) as e:
            if isinstance(e, ReviewImportError):
                raise
            raise _refuse("tar_damaged", archive=src.name, detail=str(e)) from None
    raise _refuse("not_an_archive", archive=src.name)


@dataclass(frozen=True)
class _Limits:
    max_members: int
    max_total_bytes: int
    max_data_bytes: int


def _archive_kind(src: Path) -> str | None:
    """``zip``, ``tar`` (plain or compressed) or None. A zip is told by its first bytes; otherwise the tar
    test comes before zipfile's, which also says "zip" for a tar holding .npz files (it finds the
    last one's zip directory near the end of the file)."""
    with open(src, "rb") as f:
        head = f.read(4)
    if head in (b"PK\x03\x04", b"PK\x05\x06"):  # a zip's first entry, or an empty zip
        return "zip"
    if tarfile.is_tarfile(src):
        return "tar"
    if zipfile.is_zipfile(src):  # a zip with something in front of it (self-extracting)
        return "zip"
    return None


def _import(src: Path, members: list[_Member], library: Path, limits: _Limits, update_index: bool) -> Path:
    max_members, max_total_bytes = limits.max_members, limits.max_total_bytes
    # Everything below up to the extraction only reads: a refusal leaves no trace.
    if len(members) > max_members:
        raise _refuse("too_many_entries", archive=src.name, entries=len(members), max_entries=max_members)
    prefix, name = _session_root(members, src)
    if not _NAME_RE.match(name):
        raise _refuse("bad_session_name", archive=src.name, name=name)
    session = {m.parts[len(prefix):]: m for m in members
               if m.parts[:len(prefix)] == prefix and not m.is_dir and _known(m.parts[len(prefix):])}
    missing = ", ".join(f for f in (META_FILE, EVENTS_FILE) if (f,) not in session)
    no_landmarks = (POSES_FILE,) not in session and not any(k[0] == POSES_DIR for k in session)
    if no_landmarks and missing:
        raise _refuse("missing_files_and_landmarks", archive=src.name, files=missing, poses=POSES_FILE,
                      poses_dir=POSES_DIR)
    if no_landmarks:
        raise _refuse("missing_landmarks", archive=src.name, poses=POSES_FILE, poses_dir=POSES_DIR)
    if missing:
        raise _refuse("missing_files", archive=src.name, files=missing)
    if (VIDEO_FILE,) in session and session[(VIDEO_FILE,)].size == 0:
        del session[(VIDEO_FILE,)]  # a recording killed before its first frame reached the disk: no video
    total = sum(m.size for m in session.values())
    if total > max_total_bytes:
        raise _too_big(src, total, max_total_bytes)
    data = sum(m.size for rel, m in session.items() if rel != (VIDEO_FILE,))
    if data > limits.max_data_bytes:
        raise _refuse("data_too_big", archive=src.name, mb=data / 1e6, max_mb=limits.max_data_bytes / 1e6)
    meta_member = session[(META_FILE,)]
    if meta_member.size > MAX_META_BYTES:
        raise _refuse("meta_too_large", archive=src.name, meta=META_FILE, size=meta_member.size)
    with meta_member.open() as f:
        _check_meta(f.read(MAX_META_BYTES + 1), src)

    created_library = not library.exists()
    library.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(library).free
    if total * 1.05 + 50e6 > free:
        if created_library:
            library.rmdir()
        raise _refuse("no_disk_space", archive=src.name, gb=total / 1e9, free_gb=free / 1e9)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=library))
    try:
        staged = tmp / name
        staged.mkdir()
        written = 0
        for rel, m in session.items():
            out = staged.joinpath(*rel)
            out.parent.mkdir(parents=True, exist_ok=True)
            with m.open() as fin, open(out, "wb") as fout:
                n = 0
                for block in iter(lambda: fin.read(_CHUNK), b""):
                    n += len(block)
                    written += len(block)
                    # Declared sizes can lie; count what actually comes out.
                    if n > m.size or written > max_total_bytes:
                        raise _refuse("unpacks_larger", archive=src.name, entry="/".join(rel))
                    fout.write(block)
        _check_events(staged / EVENTS_FILE, src)
        _check_poses(staged, src, limits.max_data_bytes)
        _check_video(staged, src)
        dest = library / name
        if dest.exists():
            if _hashes(dest) == _hashes(staged) or _same_except_review(dest, staged):
                return dest  # the same session again: nothing to do
            raise _refuse("already_in_library", name=name)
        make_private(staged)  # health data: 0700/0600 however this process was started
        os.replace(staged, dest)
    except BaseException:
        if created_library:
            shutil.rmtree(tmp, ignore_errors=True)
            try:
                library.rmdir()
            except OSError:
                pass
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if update_index:
        _index(library, dest)
    return dest


def _same_except_review(existing: Path, staged: Path) -> bool:
    """Identical results; the library copy may have gained the clinician's review.json since."""
    a, b = _hashes(existing), _hashes(staged)
    a.pop(_REVIEW_FILE, None)
    b.pop(_REVIEW_FILE, None)
    return a == b


def _index(library: Path, folder: Path) -> None:
    from posecheck.session.index import SessionIndex

    try:
        idx = SessionIndex(library)
        try:
            idx.update(folder)
        finally:
            idx.close()
    except Exception:  # noqa: BLE001 (the folder is the truth; SessionIndex.rebuild restores the row)
        pass


# ------------------------------------------------------------------------------------ export (patient side)
def export_session_archive(folder: str | Path, out_zip: str | Path, include_video: bool = True) -> Path:
    """Zip a session for the physiotherapist: ``<folder name>/`` with meta, events, landmarks and, when
    ``include_video``, the video. Written atomically; notes (review.json) and temporary files stay home,
    and ``meta.json`` goes without the local paths it holds (:mod:`posecheck.review.shareable_meta`)."""
    folder, out_zip = Path(folder), Path(out_zip)
    if not (folder / META_FILE).is_file():
        raise _refuse("export_not_a_session", folder=str(folder), meta=META_FILE)
    files = [folder / META_FILE, folder / EVENTS_FILE]
    if (folder / POSES_FILE).is_file():
        files.append(folder / POSES_FILE)
    else:
        files += chunk_files(folder)
    if include_video and (folder / VIDEO_FILE).is_file():
        files.append(folder / VIDEO_FILE)
    files = [p for p in files if p.is_file() and not p.is_symlink()]
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _refuse("export_meta_unreadable", folder=str(folder), meta=META_FILE, detail=str(e)) from None
    # Paths on the patient's disk name their home folder (and so often them): the zip carries none.
    shared_meta = json.dumps(shareable_meta(meta), indent=2, ensure_ascii=False) + "\n"
    tmp = out_zip.with_name(out_zip.name + ".tmp")
    try:
        with open(tmp, "wb", opener=private_opener) as raw, zipfile.ZipFile(raw, "w") as zf:  # health data: 0600
            for p in files:
                arc = f"{folder.name}/{p.relative_to(folder).as_posix()}"
                if p.name == META_FILE:
                    zf.writestr(arc, shared_meta.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
                    continue
                # Landmarks and MJPEG barely shrink; packing them would only cost time.
                method = zipfile.ZIP_DEFLATED if p.suffix in (".json", ".jsonl") else zipfile.ZIP_STORED
                zf.write(p, arc, compress_type=method)
        os.replace(tmp, out_zip)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out_zip
