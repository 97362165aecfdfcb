"""Shared fixtures for the review tests (the helpers themselves are in recorded_sessions.py)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from recorded_sessions import record_session


@pytest.fixture(scope="session")
def _bridge_template(tmp_path_factory) -> tuple[Path, dict]:
    from synthetic import bridge_sequence

    folder = tmp_path_factory.mktemp("template") / "20260302-100000-glute_bridge"
    truth = record_session(folder, [bridge_sequence(3, top_hip_deg=[180.0, 208.0, 180.0]),
                                    bridge_sequence(2, top_hip_deg=[208.0, 180.0])], drop_video_every=7)
    return folder, truth


@pytest.fixture
def bridge_session(tmp_path, _bridge_template) -> tuple[Path, dict]:
    """Two sets of glute bridges: 3 reps (the middle one arched past the line), then 2 reps (the first
    arched); every 7th landmark frame has no video picture. A fresh copy per test (built once)."""
    template, truth = _bridge_template
    folder = tmp_path / "library" / template.name
    shutil.copytree(template, folder)
    return folder, copy.deepcopy(truth)
