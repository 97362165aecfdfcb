"""Several recordings: `posecheck analyze FOLDER --jobs 2` gives the same reports as one after another."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from posecheck.analysis import BatchJob, expand_videos, run_jobs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_clip(path, seconds=1, fps=10):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate={fps}",
                    "-t", str(seconds), "-c:v", "mpeg4", str(path)], check=True)
    return path


def test_a_folder_stands_for_its_videos_in_name_order(tmp_path):
    for name in ("b.mp4", "a.MOV", "notes.txt", "c.gif"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in expand_videos([tmp_path])] == ["a.MOV", "b.mp4", "c.gif"]
    assert expand_videos([tmp_path / "b.mp4"]) == [tmp_path / "b.mp4"]


def test_results_come_back_in_input_order_with_their_errors(tmp_path):
    (tmp_path / "broken.mp4").write_text("not a video")
    jobs = [BatchJob(str(tmp_path / n), "plank") for n in ("missing.mp4", "broken.mp4", "missing2.mp4")]
    seq, par = run_jobs(jobs, 1), run_jobs(jobs, 2)
    assert seq == par
    assert [Path(r.video).name for r in par] == ["missing.mp4", "broken.mp4", "missing2.mp4"]
    assert all(r.report is None and r.exit_code != 0 for r in par)
    assert "not found" in par[0].error and "cannot read any video frame" in par[1].error


def cli(*args):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    r = subprocess.run([sys.executable, "-m", "posecheck.cli", *args], capture_output=True, text=True, env=env)
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("posecheck: error:")]
    return r.returncode, r.stdout, errors


@pytest.mark.needs_model
def test_jobs_2_gives_the_same_reports_as_sequential(tmp_path, model_dir):
    folder = tmp_path / "videos"
    folder.mkdir()
    make_clip(folder / "empty_a.mp4")
    make_clip(folder / "empty_b.mp4", seconds=2)
    (folder / "zz_broken.mp4").write_text("not a video")
    manifest = FIXTURES / "manifest.json"
    if manifest.is_file():  # the rendered fixtures have a person in them: real reports to compare
        clips = json.loads(manifest.read_text())["clips"]
        for c in [c for c in clips if not (c.get("expected") or {}).get("error")][:2]:
            shutil.copy(FIXTURES / c["file"], folder / c["file"])
    exercise = "glute_bridge"
    results = {}
    for jobs in (1, 2):
        out = tmp_path / f"json{jobs}"
        results[jobs] = (*cli("analyze", str(folder), "-e", exercise, "--model", "lite", "--jobs", str(jobs),
                              "--end", "6", "--json", str(out)),  # 6 s of each keeps the test short
                         {p.name: json.loads(p.read_text()) for p in sorted(out.glob("*.json"))})
    assert results[1] == results[2]
    code, stdout, errors, reports = results[2]
    assert code != 0 and len(errors) == 3 and "zz_broken.mp4" in errors[-1]
    assert all("no person found" in e for e in errors[:2])
    assert len(reports) == len(list(folder.iterdir())) - 3


def test_each_recording_gets_its_share_of_the_cores(monkeypatch):
    from posecheck import analysis
    from posecheck.analysis import BatchResult
    from posecheck.pose.stage import pose_workers_for

    seen = []
    monkeypatch.setattr(analysis, "run_job", lambda job: seen.append(job.pose_workers) or BatchResult(job.video, None, "x", 1))
    run_jobs([BatchJob("a.mp4", "plank"), BatchJob("b.mp4", "plank", pose_workers=1)], 1)
    assert seen == [pose_workers_for(None, jobs=1), 1]
