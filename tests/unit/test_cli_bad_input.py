"""Every bad input gives one line that says what to do, a non-zero exit and no traceback."""

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
