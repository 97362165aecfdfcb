"""Sessions are health data: the library, every session file, the notes and the export are the user's
alone (folders 0700, files 0600), also when the process umask would have allowed more (issue 14, 2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from posecheck.app.cues import CuePlayer
from posecheck.app.qt_main_window import QtMainWindow
from posecheck.app.settings import Settings
from posecheck.exercises.loader import load_catalogue
from posecheck.pose.fake_backend import FakePoseBackend
from posecheck.review.annotations import Annotations, save_annotations
from posecheck.review.archive import export_session_archive, import_session
from posecheck.review.model import SESSION_REVIEW_FILE

pytestmark = [pytest.mark.gui, pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")]


def _modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        out[p.relative_to(root).as_posix()] = stat.S_IMODE(p.lstat().st_mode)
    return out


def _not_private(root: Path) -> dict[str, str]:
    return {name: oct(mode) for name, mode in _modes(root).items()
            if mode != (0o700 if (root / name).is_dir() else 0o600)}


@pytest.fixture
def open_umask():
    """The umask a desktop session usually starts a program with: everything readable by all."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_recorded_reviewed_and_exported_session_is_readable_by_its_user_only(qtbot, tmp_path, bridge_clips,
                                                                                open_umask):
    library = tmp_path / "data" / "sessions"
    library.mkdir(parents=True, mode=0o755)
    os.chmod(library, 0o755)  # a library from an older posecheck, open to every user of the machine
    video, seq = bridge_clips["clean"]
    settings = Settings(language="en", safety_confirmed=True, storage_dir=str(library))
    win = QtMainWindow(load_catalogue(), settings, backend_factory=lambda: FakePoseBackend(seq), speed=8.0,
                       cues=CuePlayer("en", enable_audio=False), save_settings=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.session_finished, timeout=20_000) as done:
        assert win.start_session(["glute_bridge"], str(video))
    folder = Path(done.args[0])
    notes = Annotations()
    notes.set_session_note("Goed gedaan", "fysio")
    save_annotations(notes, folder / SESSION_REVIEW_FILE)

    names = set(_modes(library))
    assert {"sessions.sqlite", f"{folder.name}/meta.json", f"{folder.name}/events.jsonl",
            f"{folder.name}/poses.npz", f"{folder.name}/video.avi", f"{folder.name}/review.json"} <= names
    assert _not_private(library) == {}

    exported = export_session_archive(folder, tmp_path / "for-the-physio.zip")
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    cli_zip = tmp_path / "cli.zip"
    env = {**os.environ, "POSECHECK_CONFIG_DIR": str(tmp_path / "config"), "POSECHECK_DATA_DIR": str(tmp_path / "data")}
    r = subprocess.run([sys.executable, "-m", "posecheck", "export", str(folder), str(cli_zip)], env=env,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(cli_zip.stat().st_mode) == 0o600

    # The physiotherapist's side: an imported session lands private in their library too.
    clinic = tmp_path / "clinic"
    with zipfile.ZipFile(exported) as zf:
        assert f"{folder.name}/video.avi" in zf.namelist()
    import_session(exported, clinic)
    assert _not_private(clinic) == {}
