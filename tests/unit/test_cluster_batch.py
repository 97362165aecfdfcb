"""`posecheck analyze FOLDER --cluster ADDRESS` on Dask distributed gives the same reports as `--jobs 1`,
and a file that fails is reported while the batch goes on (a small in-process LocalCluster)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the test extra installs dask[distributed]")

from posecheck import cli  # noqa: E402
from posecheck.analysis import BatchJob, BatchResult  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_clip(path, seconds=1, fps=10):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate={fps}",
                    "-t", str(seconds), "-c:v", "mpeg4", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def cluster():
    # One worker thread in this process: cheap to start, and the task code is the same as on a real cluster.
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as c:
        yield c


def run_cli(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, [ln for ln in err.splitlines() if ln.startswith("posecheck: error:")]


@pytest.mark.needs_model
def test_cluster_gives_the_same_reports_as_jobs_1(tmp_path, cluster, capsys, model_dir):
    folder = tmp_path / "videos"
    folder.mkdir()
    make_clip(folder / "empty_a.mp4")
    (folder / "zz_broken.mp4").write_text("not a video")
    clips = [c for c in json.loads((FIXTURES / "manifest.json").read_text())["clips"]
             if not (c.get("expected") or {}).get("error")][:2]
    for c in clips:
        shutil.copy(FIXTURES / c["file"], folder / c["file"])
    results = {}
    for how in (["--jobs", "1"], ["--cluster", cluster.scheduler_address]):
        out = tmp_path / how[0].strip("-")
        code, stdout, errors = run_cli(capsys, "analyze", str(folder), "-e", "glute_bridge", "--model", "lite",
                                       "--end", "5", "--json", str(out / "json"), "--csv", str(out / "csv"), *how)
        reports = {p.name: json.loads(p.read_text()) for p in sorted((out / "json").glob("*.json"))}
        csvs = {p.name: p.read_text() for p in sorted((out / "csv").glob("*.csv"))}
        results[how[0]] = (code, stdout, errors, reports, csvs)
    assert results["--jobs"] == results["--cluster"]
    code, stdout, errors, reports, csvs = results["--cluster"]
    assert code != 0 and len(errors) == 2 and "no person found" in errors[0] and "zz_broken.mp4" in errors[1]
    assert sorted(reports) == sorted(Path(c["file"]).stem + ".json" for c in clips) and len(csvs) == 2
    assert all(r["frames"]["total"] > 50 and r["source"].startswith(str(folder)) for r in reports.values())


def test_a_file_that_fails_on_the_cluster_is_reported_and_the_batch_goes_on(tmp_path, cluster, monkeypatch):
    from posecheck import cluster as on_cluster

    clips = [make_clip(tmp_path / f"{n}.mp4") for n in ("a", "b", "c")]

    def fake_run_job(job, video_copy=None):
        assert Path(video_copy).name == Path(job.video).name and Path(video_copy) != Path(job.video)
        if job.video.endswith("b.mp4"):
            raise MemoryError("worker ran out of memory")
        Path(job.json_path).write_text(json.dumps({"analysed": Path(video_copy).read_bytes()[:4].hex()}))
        return BatchResult(job.video, {"ok": True})

    monkeypatch.setattr(on_cluster, "run_job", fake_run_job)
    jobs = [BatchJob(str(c), "plank", json_path=str(tmp_path / f"{c.stem}.json")) for c in clips]
    jobs.append(BatchJob(str(tmp_path / "missing.mp4"), "plank"))
    seen = []
    results = on_cluster.run_jobs_on_cluster(jobs, cluster.scheduler_address, seen.append)
    assert [Path(r.video).name for r in results] == ["a.mp4", "b.mp4", "c.mp4", "missing.mp4"]
    assert results[0].report == results[2].report == {"ok": True}
    assert results[1].report is None and "MemoryError: worker ran out of memory" in results[1].error
    assert results[3].report is None and "not found" in results[3].error  # the same words as --jobs
    assert len(seen) == 4
    # The worker got the file's bytes, and its output came back here.
    assert json.loads((tmp_path / "a.json").read_text())["analysed"] == clips[0].read_bytes()[:4].hex()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, capsys):
    make_clip(tmp_path / "a.mp4")
    code, _, errors = run_cli(capsys, "analyze", str(tmp_path), "-e", "plank", "--cluster", "tcp://127.0.0.1:9")
    assert code != 0 and len(errors) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in errors[0]
