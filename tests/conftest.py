import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))  # for tests/synthetic.py

# Models come from POSECHECK_MODEL_DIR (CI points it at ../shared/models); without it, default to the
# sibling shared folder of this checkout when present.
_shared = TESTS.parents[1] / "shared" / "models"
if "POSECHECK_MODEL_DIR" not in os.environ and _shared.is_dir():
    os.environ["POSECHECK_MODEL_DIR"] = str(_shared)


@pytest.fixture
def model_dir() -> Path:
    d = os.environ.get("POSECHECK_MODEL_DIR")
    assert d and (Path(d) / "pose_landmarker_full.task").is_file(), \
        "real-model tests need POSECHECK_MODEL_DIR with the pinned .task files (see README)"
    return Path(d)
