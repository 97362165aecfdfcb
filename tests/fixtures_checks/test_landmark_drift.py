"""Drift test: re-extract landmarks with the installed mediapipe + model and compare them
with the stored .npz. Fails when a new model or mediapipe release moves the landmarks."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures"
CLIPS = [c for c in json.loads((FIX / "manifest.json").read_text())["clips"]
         if c["expected"]["error"] is None][:3]
TOL = 0.02  # median |delta| of visible landmarks, as a fraction of the image size


@pytest.mark.needs_model
@pytest.mark.slow
@pytest.mark.parametrize("clip", CLIPS, ids=[c["file"] for c in CLIPS])
def test_landmarks_have_not_drifted(clip):
    from tools.fixturegen.extract import landmarks_of
    stored = np.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))
    new = landmarks_of(FIX / clip["file"], "full")
    assert np.array_equal(new["n_poses"] > 0, stored["n_poses"] > 0)
    both = (new["visibility"] > 0.5) & (stored["visibility"] > 0.5)
    assert both.mean() > 0.5
    d = np.abs(new["xyz"][..., :2] - stored["xyz"][..., :2])[both]
    assert np.median(d) <= TOL, f"median landmark drift {np.median(d):.4f} > {TOL}"
