"""Sessions sent by a patient that slipped through the import (issue 14, item 8): each is refused with
its own code in English and Dutch, before anything lands in the library; the good ones still import."""

from __future__ import annotations

import io
import json
import struct
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest

from posecheck.errors import ReviewImportError
from posecheck.review.archive import import_session
from posecheck.review.model import load_review
from recorded_sessions import write_session_video


@pytest.fixture
def session(bridge_session, tmp_path):
    """A recorded session with a real video, and a clinician's library that already holds something."""
    folder, _ = bridge_session
    write_session_video(folder / "video.avi")
    library = tmp_path / "clinic"
    library.mkdir()
    (library / "keep.txt").write_text("existing content")
    return folder, library


def _tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def _zip(tmp_path: Path, folder: Path, replace: dict[str, bytes] | None = None, name: str = "sent.zip",
         compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """The session zipped in its folder, with some files replaced or added (``rel path -> bytes``)."""
    replace = dict(replace or {})
    out = tmp_path / name
    with zipfile.ZipFile(out, "w", compression=compression) as zf:
        for f in sorted(folder.rglob("*")):
            rel = f.relative_to(folder).as_posix()
            if f.is_file() and rel not in replace:
                zf.write(f, f"{folder.name}/{rel}")
        for rel, data in replace.items():
            zf.writestr(f"{folder.name}/{rel}", data)
    return out


def _refused(src: Path, library: Path, code: str, **kw) -> ReviewImportError:
    before = _tree(library)
    with pytest.raises(ReviewImportError) as info:
        import_session(src, library, **kw)
    err = info.value
    assert err.code == code, str(err)
    assert _tree(library) == before, "a refused import must write nothing"
    assert err.text("nl") != str(err) and "Traceback" not in str(err)
    return err


def _poses(folder: Path) -> dict[str, np.ndarray]:
    with np.load(folder / "poses.npz", allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ sizes and kinds
def test_many_small_zero_chunks_are_refused_before_anything_is_unpacked(session, tmp_path):
    # Each chunk stays under the 1 MiB the per-entry ratio check looked at; together 300 MB from 0.3 MB.
    folder, library = session
    zeros = b"\0" * 1024**2
    bomb = _zip(tmp_path, folder, {f"poses/part_{i:05d}.npz": zeros for i in range(300)})
    assert bomb.stat().st_size < 2 * 1024**2
    err = _refused(bomb, library, "zip_ratio")
    assert "times its packed size" in str(err)


def test_landmarks_beyond_what_a_session_can_hold_are_refused(session, tmp_path):
    folder, library = session
    good = _zip(tmp_path, folder)
    err = _refused(good, library, "data_too_big", max_data_bytes=100_000)
    assert "0.1 MB" in str(err)  # the limit is said, so the clinician can tell the patient what happened


def test_a_plain_tar_of_a_good_session_is_imported(session, tmp_path):
    # A tar holding .npz files ends in a zip directory, so zipfile.is_zipfile() said "zip".
    folder, library = session
    tar = tmp_path / "session.tar"
    with tarfile.open(tar, "w") as tf:
        tf.add(folder, arcname=folder.name)
    assert zipfile.is_zipfile(tar)
    dest = import_session(tar, library)
    assert dest == library / folder.name and len(load_review(dest).reps) == 5


# ------------------------------------------------------------------------------------ JSON that breaks the parser
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("rel, text, code", [
    ("meta.json", '{"schema_version": 1' + "0" * 5000 + ', "exercise_id": "glute_bridge"}', "meta_number_too_long"),
    ("meta.json", '{"schema_version": 1, "exercise_id": "glute_bridge", "x": ' + DEEP + "}", "meta_too_deep"),
])
def test_meta_json_that_breaks_the_parser_is_refused(session, tmp_path, rel, text, code):
    folder, library = session
    _refused(_zip(tmp_path, folder, {rel: text.encode()}), library, code)


@pytest.mark.parametrize("line, code", [
    ('{"type": "RepCompleted", "t_ms": 1' + "0" * 5000 + "}", "events_number_too_long"),
    ('{"type": "Paused", "x": ' + DEEP + "}", "events_too_deep"),
])
def test_an_event_that_breaks_the_parser_is_refused_naming_its_line(session, tmp_path, line, code):
    folder, library = session
    lines = (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
    events = "\n".join([lines[0], line, *lines[1:]]) + "\n"
    err = _refused(_zip(tmp_path, folder, {"events.jsonl": events.encode()}), library, code)
    assert err.fields["line"] == 2


def test_an_exercise_id_that_is_a_path_is_refused(session, tmp_path):
    folder, library = session
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["exercise_id"] = "../../../home/anna/evil"
    _refused(_zip(tmp_path, folder, {"meta.json": json.dumps(meta).encode()}), library, "meta_bad_exercise_id")


# ------------------------------------------------------------------------------------ landmark files
def test_a_one_element_image_size_is_refused(session, tmp_path):
    folder, library = session
    arrays = {**_poses(folder), "image_size": np.array([640], np.int64)}
    _refused(_zip(tmp_path, folder, {"poses.npz": _npz(arrays)}), library, "landmarks_bad_image_size")


def test_landmark_rows_and_timestamps_of_different_lengths_are_refused(session, tmp_path):
    folder, library = session
    arrays = _poses(folder)
    arrays["xyz_T_33_3"] = arrays["xyz_T_33_3"][:-7]
    err = _refused(_zip(tmp_path, folder, {"poses.npz": _npz(arrays)}), library, "landmarks_lengths_differ")
    assert "xyz_T_33_3" in str(err)


def _npy_declaring(shape: tuple[int, ...], descr: str = "<f4") -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue() + b"\0" * 4096


def test_an_npz_declaring_2_to_the_38_floats_is_refused_without_allocating_them(session, tmp_path):
    folder, library = session
    members = {}
    with zipfile.ZipFile(folder / "poses.npz") as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    members["xyz_T_33_3.npy"] = _npy_declaring((2**38 // 99, 33, 3))  # about a terabyte of float32
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    _refused(_zip(tmp_path, folder, {"poses.npz": buf.getvalue()}), library, "landmarks_declared_too_large")


def test_a_pickled_object_array_is_refused_although_it_is_never_loaded(session, tmp_path):
    folder, library = session
    arrays = {**_poses(folder), "note": np.array([{"run": "os.system"}], dtype=object)}
    err = _refused(_zip(tmp_path, folder, {"poses.npz": _npz(arrays)}), library, "landmarks_pickled")
    assert "note" in str(err)


# ------------------------------------------------------------------------------------ the video
@pytest.mark.parametrize("content", [
    np.random.default_rng(14).bytes(50_000),
    b"<!DOCTYPE html><html><head><title>Download</title></head><body>Your file is ready</body></html>\n" * 200,
    b"RIFF\x00\x00\x00\x00AVI LIST" + b"\0" * 3000,  # an AVI header and nothing in it
])
def test_a_video_that_does_not_decode_is_refused(session, tmp_path, content):
    folder, library = session
    err = _refused(_zip(tmp_path, folder, {"video.avi": content}), library, "video_unreadable")
    assert "without the video" in str(err) and "zonder video" in err.text("nl")


def _first_frame_end(avi: bytes) -> int:
    """Offset just after the first frame chunk of an AVI."""
    at = avi.index(b"movi") + 4
    size = struct.unpack("<I", avi[at + 4:at + 8])[0]
    return at + 8 + size


def test_a_video_cut_short_by_a_crash_after_its_first_picture_still_imports(session, tmp_path):
    # The recorder's Motion-JPEG file plays up to where it stopped; the session is not damaged.
    folder, library = session
    write_session_video(folder / "video.avi", n_frames=30)
    avi = (folder / "video.avi").read_bytes()
    cut = avi[: _first_frame_end(avi) + 700]
    dest = import_session(_zip(tmp_path, folder, {"video.avi": cut}), library)
    assert (dest / "video.avi").read_bytes() == cut


# ------------------------------------------------------------------------------------ what must still import
def _unclosed(folder: Path, parts: int = 3) -> list[Path]:
    """Turn a closed session into one a crash left: landmark chunks instead of poses.npz."""
    from posecheck.session.store import _save_chunk, read_poses

    seq = read_poses(folder)
    (folder / "poses.npz").unlink()
    (folder / "poses").mkdir(exist_ok=True)
    bounds = np.linspace(0, len(seq), parts + 1).astype(int)
    chunks = []
    for k, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        part = type(seq)(t_ms=seq.t_ms[a:b], xyz=seq.xyz[a:b], visibility=seq.visibility[a:b],
                         world_xyz=seq.world_xyz[a:b], n_poses=seq.n_poses[a:b], image_size=seq.image_size,
                         meta={"video_frame": seq.meta["video_frame"][a:b]})
        chunks.append(folder / "poses" / f"part_{k:05d}.npz")
        _save_chunk(chunks[-1], part)
    return chunks


def test_an_unclosed_session_whose_last_chunk_is_torn_imports_as_the_reader_reads_it(session, tmp_path):
    folder, library = session
    chunks = _unclosed(folder)
    chunks[-1].write_bytes(chunks[-1].read_bytes()[:300])  # cut short by the crash
    dest = import_session(_zip(tmp_path, folder), library)
    assert sorted(p.name for p in (dest / "poses").iterdir()) == [c.name for c in chunks]
    assert load_review(dest).duration_s > 0


def test_a_torn_chunk_before_others_is_refused(session, tmp_path):
    # The reader would silently drop every chunk after it; the import says so instead.
    folder, library = session
    chunks = _unclosed(folder)
    chunks[0].write_bytes(chunks[0].read_bytes()[:300])
    _refused(_zip(tmp_path, folder), library, "landmarks_unreadable")
