"""What ``posecheck analyze`` writes about a person (report, per-frame angles, landmarks) is health data:
0600, also when the file existed before with wider permissions (issue 14, 2)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIP = REPO / "tests" / "fixtures" / "plank__clean__side__a.mp4"

pytestmark = [pytest.mark.needs_model, pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")]


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _analyze(*args: str, cwd: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "posecheck", "analyze", *args, "--exercise", "plank", "--model", "lite", "--end", "4"],
                       cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
                       preexec_fn=lambda: os.umask(0o022))  # the umask a desktop session gives us
    assert r.returncode == 0, r.stderr[-2000:]


def test_analyze_writes_its_report_angles_and_landmarks_private(tmp_path):
    report = tmp_path / "report.json"
    report.write_text("{}")
    os.chmod(report, 0o644)  # last week's report, open to every user of the machine
    _analyze(str(CLIP), "--json", str(report), "--csv", str(tmp_path / "angles.csv"),
             "--landmarks", str(tmp_path / "landmarks"), cwd=tmp_path)
    assert {p.name: oct(_mode(p)) for p in (report, tmp_path / "angles.csv", tmp_path / "landmarks.npz")} == \
        {"report.json": "0o600", "angles.csv": "0o600", "landmarks.npz": "0o600"}


def test_analyze_of_several_videos_writes_private_files_and_makes_private_output_folders(tmp_path):
    videos = tmp_path / "videos"
    videos.mkdir()
    for name in ("a.mp4", "b.mp4"):
        (videos / name).symlink_to(CLIP)
    (videos / "broken.mp4").write_text("not a video")
    angles = tmp_path / "angles"  # a folder of the user's, with last week's file in it
    angles.mkdir(mode=0o755)
    (angles / "a.csv").write_text("old")
    os.chmod(angles / "a.csv", 0o644)
    r = subprocess.run([sys.executable, "-m", "posecheck", "analyze", str(videos), "--exercise", "plank", "--model",
                        "lite", "--end", "4", "--json", str(tmp_path / "reports"), "--csv", str(angles)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
                       preexec_fn=lambda: os.umask(0o022))
    assert r.returncode != 0 and "broken.mp4" in r.stderr  # one video failed: nothing is written for it
    assert _mode(tmp_path / "reports") == 0o700  # made by posecheck for health data
    assert _mode(angles) == 0o755  # the user's own folder is left as it was
    for folder, ext in ((tmp_path / "reports", ".json"), (angles, ".csv")):
        assert {p.name: oct(_mode(p)) for p in folder.iterdir()} == {f"a{ext}": "0o600", f"b{ext}": "0o600"}
