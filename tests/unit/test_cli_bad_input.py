"""Every bad input gives one line that says what to do, a non-zero exit and no traceback."""

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecheck.cli import main
from posecheck.exercises.loader import default_exercise_dir


def run_cli(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    return code, err


def one_line_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("posecheck: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def write_video(path: Path, n_frames: int, fps: float = 15.0, size=(320, 240)) -> Path:
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(n_frames):
        frame = np.full((size[1], size[0], 3), 40 + i % 50, np.uint8)
        w.write(frame)
    w.release()
    return path


def test_missing_video_file(capsys, tmp_path):
    code, err = run_cli(capsys, "analyze", str(tmp_path / "nope.mp4"), "-e", "glute_bridge")
    assert code != 0 and "not found" in one_line_error(err)


def test_not_a_video(capsys, tmp_path):
    p = tmp_path / "notes.mp4"
    p.write_text("this is not a video\n" * 100)
    code, err = run_cli(capsys, "analyze", str(p), "-e", "glute_bridge")
    assert code != 0 and "cannot read any video frame" in one_line_error(err)


def test_zero_frame_and_truncated_videos(capsys, tmp_path):
    empty = tmp_path / "empty.avi"
    empty.write_bytes(b"")
    code, err = run_cli(capsys, "analyze", str(empty), "-e", "glute_bridge")
    assert code != 0 and "cannot read any video frame" in one_line_error(err)
    full = write_video(tmp_path / "full.avi", 30)
    cut = tmp_path / "cut.avi"
    cut.write_bytes(full.read_bytes()[:2000])  # header and barely a frame
    code, err = run_cli(capsys, "analyze", str(cut), "-e", "glute_bridge")
    assert code != 0 and "cut short" in one_line_error(err)


def test_unknown_exercise(capsys, tmp_path):
    code, err = run_cli(capsys, "analyze", str(tmp_path / "x.mp4"), "-e", "squat")
    line = one_line_error(err)
    assert code != 0 and "unknown exercise 'squat'" in line and "glute_bridge" in line


def test_malformed_exercise_file(capsys, tmp_path, monkeypatch):
    shutil.copy(default_exercise_dir() / "glute_bridge.toml", tmp_path / "glute_bridge.toml")
    text = (tmp_path / "glute_bridge.toml").read_text().replace('direction = "up"', 'direction = "sideways"')
    (tmp_path / "glute_bridge.toml").write_text(text)
    monkeypatch.setenv("POSECHECK_EXERCISE_DIR", str(tmp_path))
    video = write_video(tmp_path / "v.avi", 5)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge")
    line = one_line_error(err)
    assert code != 0 and "glute_bridge.toml" in line and "rep.direction" in line


def test_model_with_wrong_checksum(capsys, tmp_path, monkeypatch):
    bad = tmp_path / "models"
    bad.mkdir()
    (bad / "pose_landmarker_full.task").write_bytes(b"not the model")
    monkeypatch.setenv("POSECHECK_MODEL_DIR", str(bad))
    video = write_video(tmp_path / "v.avi", 5)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge")
    line = one_line_error(err)
    assert code != 0 and "SHA-256" in line and "posecheck models fetch full" in line


def test_missing_model_offline_names_the_folder(capsys, tmp_path, monkeypatch):
    from posecheck.pose import model_files

    monkeypatch.setenv("POSECHECK_MODEL_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(model_files, "MANIFEST", model_files.MANIFEST)  # manifest still found
    monkeypatch.setattr(model_files, "candidate_dirs", lambda: [tmp_path / "empty"])
    monkeypatch.setattr(model_files, "user_cache_dir", lambda: tmp_path / "cache")

    def offline(*a, **k):
        raise model_files.urllib.error.URLError("no network")

    monkeypatch.setattr(model_files.urllib.request, "urlopen", offline)
    video = write_video(tmp_path / "v.avi", 5)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge")
    line = one_line_error(err)
    assert code != 0 and str(tmp_path / "cache") in line and "could not be downloaded" in line
    assert not (tmp_path / "cache" / "pose_landmarker_full.part").exists()


def test_bad_start_end(capsys, tmp_path):
    video = write_video(tmp_path / "v.avi", 5)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge", "--start", "5", "--end", "2")
    assert code != 0 and "--end" in one_line_error(err)


@pytest.mark.needs_model
def test_video_with_nobody_in_it(capsys, tmp_path, model_dir):
    video = write_video(tmp_path / "empty_room.avi", 20)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "plank", "--model", "lite")
    assert code != 0 and "no person found" in one_line_error(err)


@pytest.mark.needs_model
def test_models_verify_passes_on_the_pinned_files(capsys, model_dir):
    assert main(["models", "verify"]) == 0
    out = capsys.readouterr().out
    assert out.count(" ok ") == 3


# ------------------------------------------------------------------ issue 14, items 4-7
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def analysis_must_not_start(monkeypatch):
    """A problem with the command must be found before minutes of analysis, not after them."""
    import posecheck.analysis

    def started(*a, **k):
        raise AssertionError("the analysis started before the command was checked")

    monkeypatch.setattr(posecheck.analysis, "run_video", started)
    monkeypatch.setattr(posecheck.analysis, "run_jobs", started)


@pytest.mark.needs_model
def test_a_cut_off_video_is_reported_and_fails_unless_partial_ok(capsys, tmp_path, model_dir):
    fixture = FIXTURES / "glute_bridge__clean__side__a.mp4"
    cap = cv2.VideoCapture(str(fixture))
    announced = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    cap.release()
    whole = fixture.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: int(len(whole) * 0.3)])
    report_path = tmp_path / "report.json"

    code, err = run_cli(capsys, "analyze", str(cut), "-e", "glute_bridge", "--model", "lite",
                        "--json", str(report_path))
    line = one_line_error(err)
    assert code != 0 and "cut.mp4 is cut short" in line and "--partial-ok" in line
    report = json.loads(report_path.read_text(encoding="utf-8"))  # written before the error: nothing is lost
    cut_info = report["frames"]["cut_short"]
    assert cut_info["frames_announced"] == announced
    assert 0 < cut_info["frames_readable"] == report["frames"]["total"] < 0.9 * announced
    assert f"only {cut_info['frames_readable']} of the {announced} frames" in report["cannot_judge"][0]
    assert "afgebroken" in report["cannot_judge_nl"][0]

    code, err = run_cli(capsys, "analyze", str(cut), "-e", "glute_bridge", "--model", "lite", "--partial-ok")
    assert code == 0 and "posecheck: error" not in err


@pytest.mark.parametrize("times, says", [
    (("--end", "-3"), "--end must not be negative"),
    (("--start", "-1"), "--start must not be negative"),
    (("--start", "nan"), "--start must be a number of seconds"),
    (("--end", "inf"), "--end must be a number of seconds"),
    (("--end", "0"), "--end must be after the start of the video"),
])
def test_an_impossible_time_range_says_what_is_wrong_with_it(capsys, tmp_path, monkeypatch, times, says):
    analysis_must_not_start(monkeypatch)
    video = write_video(tmp_path / "v.avi", 30)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge", *times)
    line = one_line_error(err)
    assert code != 0 and says in line and "no person" not in line


@pytest.mark.needs_model
def test_a_start_past_the_end_of_the_video_says_so(capsys, tmp_path, model_dir):
    video = write_video(tmp_path / "v.avi", 30, fps=15.0)  # 2 s
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge", "--start", "500")
    line = one_line_error(err)
    assert code != 0 and "--start 500 s is past the end of v.avi, which lasts 2.0 s" in line


@pytest.mark.parametrize("option, target", [("--json", "missing/report.json"), ("--csv", "."),
                                            ("--landmarks", "missing/poses.npz"), ("--json", "a_file/report.json")])
def test_an_output_that_cannot_be_written_is_refused_before_the_analysis(capsys, tmp_path, monkeypatch, option, target):
    analysis_must_not_start(monkeypatch)
    (tmp_path / "a_file").write_text("not a folder")
    video = write_video(tmp_path / "v.avi", 5)
    code, err = run_cli(capsys, "analyze", str(video), "-e", "glute_bridge", option, str(tmp_path / target))
    line = one_line_error(err)
    assert code != 0 and option in line and ("does not exist" in line or "folder" in line)


@pytest.mark.parametrize("target", ["a_file", "a_file/outputs"])
def test_a_batch_output_folder_that_cannot_be_made_is_refused_before_the_analysis(capsys, tmp_path, monkeypatch,
                                                                                  target):
    analysis_must_not_start(monkeypatch)
    (tmp_path / "a_file").write_text("not a folder")
    videos = [write_video(tmp_path / f"v{i}.avi", 5) for i in range(2)]
    code, err = run_cli(capsys, "analyze", *map(str, videos), "-e", "glute_bridge", "--csv", str(tmp_path / target))
    line = one_line_error(err)
    assert code != 0 and "--csv" in line and str(tmp_path / target) in line


def test_export_into_a_missing_folder_says_so(capsys, tmp_path):
    session = tmp_path / "20260302-100000-glute_bridge"
    session.mkdir()
    (session / "meta.json").write_text('{"schema_version": 1, "exercise_id": "glute_bridge"}')
    (session / "events.jsonl").write_text("")
    code, err = run_cli(capsys, "export", str(session), str(tmp_path / "missing" / "x.zip"))
    line = one_line_error(err)
    assert code != 0 and "does not exist" in line and str(tmp_path / "missing") in line


def test_e_takes_an_exercise_id_only(capsys, tmp_path, monkeypatch):
    analysis_must_not_start(monkeypatch)
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    shutil.copy(default_exercise_dir() / "glute_bridge.toml", catalogue)
    (tmp_path / "evil.toml").write_text((default_exercise_dir() / "glute_bridge.toml").read_text().replace(
        'id = "glute_bridge"', 'id = "evil"'))
    monkeypatch.setenv("POSECHECK_EXERCISE_DIR", str(catalogue))
    video = write_video(tmp_path / "v.avi", 5)
    for name in ("../evil", str(tmp_path / "evil")):
        code, err = run_cli(capsys, "analyze", str(video), "-e", name)
        line = one_line_error(err)
        assert code != 0 and "is not an exercise id" in line and "--exercise-file" in line


def test_an_exercise_file_is_loaded_when_named_explicitly(capsys, tmp_path, monkeypatch):
    import posecheck.analysis
    from synthetic import bridge_sequence

    own = tmp_path / "my_bridge.toml"
    own.write_text((default_exercise_dir() / "glute_bridge.toml").read_text().replace(
        'id = "glute_bridge"', 'id = "my_bridge"'))
    used = []

    def run_video(path, exercise, **kw):
        used.append(exercise)
        return posecheck.analysis.analyze_sequence(bridge_sequence(2), exercise, source=str(path))

    monkeypatch.setattr(posecheck.analysis, "run_video", run_video)
    video = write_video(tmp_path / "v.avi", 5)
    assert main(["analyze", str(video), "--exercise-file", str(own)]) == 0
    assert [(ex.id, ex.source_path) for ex in used] == [("my_bridge", str(own))]
    assert "reps: 2" in capsys.readouterr().out

    own.write_bytes(own.read_bytes().replace("knieën".encode(), "knieën".encode("latin-1")))
    code, err = run_cli(capsys, "analyze", str(video), "--exercise-file", str(own))
    line = one_line_error(err)
    assert code != 0 and str(own) in line and "UTF-8" in line
