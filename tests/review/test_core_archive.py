"""Import of a session sent by a patient: validated first, refused with a clear message, nothing written."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

import pytest

from posecheck.errors import ReviewImportError
from posecheck.review.archive import export_session_archive, import_session
from posecheck.review.model import load_review
from posecheck.session.index import SessionIndex
from recorded_sessions import write_session_video


def _tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*")) if path.exists() else None


@pytest.fixture
def sent(bridge_session, tmp_path):
    """The patient's session zipped by posecheck, and an empty clinician library."""
    folder, truth = bridge_session
    write_session_video(folder / "video.avi")
    out = export_session_archive(folder, tmp_path / "from_patient.zip")
    library = tmp_path / "clinic"
    library.mkdir()
    (library / "keep.txt").write_text("existing content")
    return folder, out, library


def _zip_with(tmp_path, folder, extra: dict[str, bytes], name="bad.zip", skip=()):
    p = tmp_path / name
    with zipfile.ZipFile(p, "w") as zf:
        for f in sorted(folder.rglob("*")):
            rel = f.relative_to(folder).as_posix()
            if f.is_file() and rel not in skip:
                zf.write(f, f"{folder.name}/{rel}")
        for arc, data in extra.items():
            zf.writestr(arc, data)
    return p


def test_a_good_archive_is_imported_indexed_and_opens_for_review(sent):
    folder, archive, library = sent
    dest = import_session(archive, library)
    assert dest == library / folder.name
    assert sorted(p.name for p in dest.iterdir()) == ["events.jsonl", "meta.json", "poses.npz", "video.avi"]
    assert (dest / "poses.npz").read_bytes() == (folder / "poses.npz").read_bytes()
    assert [p.name for p in library.iterdir() if p.name.startswith(".import-")] == []
    review = load_review(dest)
    assert len(review.reps) == 5 and review.video_path == dest / "video.avi"
    rows = SessionIndex(library).sessions()
    assert [(r.folder, r.reps_total) for r in rows] == [(folder.name, 5)]
    # The same archive again: the identical session is already there; nothing changes.
    assert import_session(archive, library) == dest


def test_the_patient_export_can_leave_the_video_out(bridge_session, tmp_path):
    folder, _ = bridge_session
    (folder / "video.avi").write_bytes(b"frames")
    (folder / "review.json").write_text("{}")
    out = export_session_archive(folder, tmp_path / "private.zip", include_video=False)
    names = zipfile.ZipFile(out).namelist()
    assert sorted(names) == [f"{folder.name}/{n}" for n in ("events.jsonl", "meta.json", "poses.npz")]


def test_a_folder_is_imported_too(bridge_session, tmp_path):
    folder, _ = bridge_session
    dest = import_session(folder, tmp_path / "new_library")
    assert dest.parent == tmp_path / "new_library" and (dest / "events.jsonl").is_file()


def test_a_newer_schema_is_refused_saying_to_update(sent, tmp_path):
    folder, _, library = sent
    meta = json.loads((folder / "meta.json").read_text())
    meta["schema_version"] = 2
    bad = _zip_with(tmp_path, folder, {f"{folder.name}/meta.json": json.dumps(meta)}, skip=("meta.json",))
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="written by posecheck schema 2; this version reads 1.*Update posecheck"):
        import_session(bad, library)
    assert _tree(library) == before


@pytest.mark.parametrize("skip, missing", [("events.jsonl", "events.jsonl"), ("poses.npz", "poses.npz"),
                                           ("meta.json", "no meta.json")])
def test_missing_files_are_refused_by_name(sent, tmp_path, skip, missing):
    folder, _, library = sent
    bad = _zip_with(tmp_path, folder, {}, skip=(skip,))
    before = _tree(library)
    with pytest.raises(ReviewImportError, match=missing):
        import_session(bad, library)
    assert _tree(library) == before


def test_a_zip_entry_escaping_its_folder_is_refused_and_nothing_written(sent, tmp_path):
    folder, _, library = sent
    bad = _zip_with(tmp_path, folder, {f"{folder.name}/../evil.txt": b"pwned", "../../evil.sh": b"rm -rf"})
    before = _tree(tmp_path)
    with pytest.raises(ReviewImportError, match="points outside its folder.*Do not open"):
        import_session(bad, library)
    assert _tree(tmp_path) == before and not (tmp_path / "evil.txt").exists()


def _tar_with(tmp_path, folder, add, name="bad.tar.gz"):
    p = tmp_path / name
    with tarfile.open(p, "w:gz") as tf:
        tf.add(folder, arcname=folder.name)
        add(tf)
    return p


def test_a_tar_with_an_absolute_path_is_refused(sent, tmp_path):
    folder, _, library = sent

    def add(tf):
        info = tarfile.TarInfo("/tmp/evil.txt")
        info.size = 5
        tf.addfile(info, io.BytesIO(b"pwned"))

    bad = _tar_with(tmp_path, folder, add)
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="absolute path"):
        import_session(bad, library)
    assert _tree(library) == before


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_a_tar_with_a_link_pointing_out_is_refused(sent, tmp_path, kind):
    folder, _, library = sent

    def add(tf):
        info = tarfile.TarInfo(f"{folder.name}/video.avi")
        info.type, info.linkname = kind, "../../../../etc/passwd"
        tf.addfile(info)

    bad = _tar_with(tmp_path, folder, add)
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="contains a link"):
        import_session(bad, library)
    assert _tree(library) == before


def test_a_good_tar_gz_is_imported(sent, tmp_path):
    folder, _, library = sent
    good = _tar_with(tmp_path, folder, lambda tf: None, name="session.tar.gz")
    assert (import_session(good, library) / "poses.npz").is_file()


def test_a_zip_bomb_is_refused_before_unpacking(sent, tmp_path):
    folder, _, library = sent
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.name != "video.avi":
                zf.write(f, f"{folder.name}/{f.relative_to(folder).as_posix()}")
        zf.writestr(f"{folder.name}/video.avi", b"\0" * (20 * 1024**2))  # 20 MB of zeros: ~1000:1
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="zip bomb"):
        import_session(bomb, library)
    with pytest.raises(ReviewImportError, match="more than the"):
        import_session(bomb, library, max_ratio=1e9, max_total_bytes=5 * 1024**2)
    assert _tree(library) == before


def test_a_different_session_with_the_same_name_is_not_overwritten(sent, tmp_path):
    folder, archive, library = sent
    dest = import_session(archive, library)
    original = (dest / "events.jsonl").read_bytes()
    with open(folder / "events.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"type": "Paused", "t_ms": 99999}) + "\n")
    changed = export_session_archive(folder, tmp_path / "changed.zip")
    with pytest.raises(ReviewImportError, match="different session named .* already in the library"):
        import_session(changed, library)
    assert (dest / "events.jsonl").read_bytes() == original
    assert [p.name for p in library.iterdir() if p.name.startswith(".import-")] == []


def test_damaged_landmarks_are_refused(sent, tmp_path):
    folder, _, library = sent
    bad = _zip_with(tmp_path, folder, {f"{folder.name}/poses.npz": b"PK\x03\x04 not really"}, skip=("poses.npz",))
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="landmarks are unreadable"):
        import_session(bad, library)
    assert _tree(library) == before


def test_not_an_archive_is_refused(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    with pytest.raises(ReviewImportError, match="not a session folder, .zip or .tar"):
        import_session(p, tmp_path / "lib")
    assert not (tmp_path / "lib").exists()


def test_a_tar_bomb_is_refused_at_its_headers(sent, tmp_path):
    folder, _, library = sent

    def add(tf):
        info = tarfile.TarInfo(f"{folder.name}/video.avi")
        info.size = 20 * 1024**2
        tf.addfile(info, io.BytesIO(b"\0" * info.size))

    bomb = _tar_with(tmp_path, folder, add, name="bomb.tar.gz")
    before = _tree(library)
    with pytest.raises(ReviewImportError, match="tar bomb"):
        import_session(bomb, library)
    with pytest.raises(ReviewImportError, match="more than the"):
        import_session(bomb, library, max_total_bytes=5 * 1024**2)
    assert _tree(library) == before


def test_a_folder_that_is_not_a_session_is_refused_without_walking_it(tmp_path):
    (tmp_path / "photos" / "2025").mkdir(parents=True)
    with pytest.raises(ReviewImportError, match="not a posecheck session folder.*20260302-100000-glute_bridge"):
        import_session(tmp_path / "photos", tmp_path / "lib")
    assert not (tmp_path / "lib").exists()
