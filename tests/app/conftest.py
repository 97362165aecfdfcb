"""Qt tests run offscreen; settings and sessions go to a temporary folder per test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from posecheck.app.application import prepare_qt_environment

prepare_qt_environment()

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scene import bridge_sequence, write_video


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("POSECHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("POSECHECK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def bridge_clips(tmp_path_factory):
    """{name: (video path, PoseSequence)} for 3 clean reps and 3 over-arched reps."""
    folder = tmp_path_factory.mktemp("clips")
    out = {}
    for name, arch in (("clean", 0.0), ("arched", 25.0)):
        seq = bridge_sequence(3, arch_deg=arch)
        out[name] = (write_video(seq, folder / f"bridge_{name}.mp4"), seq)
    return out
