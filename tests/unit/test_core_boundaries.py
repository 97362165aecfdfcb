"""The layering of the package: the numpy core stays importable and usable without Qt, mediapipe or
OpenCV, and kinematics (geometry) knows nothing of exercises.

Two probes: a static one reads every ``import`` in the core's files (also the ones inside functions,
which an import-time probe never runs), and a runtime one imports the core and looks at ``sys.modules``.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "posecheck"

CORE = ["posecheck.landmarks", "posecheck.kinematics.angles", "posecheck.kinematics.filters",
        "posecheck.kinematics.points", "posecheck.kinematics.gating", "posecheck.exercises.loader",
        "posecheck.engine.analyzer", "posecheck.engine.features", "posecheck.report", "posecheck.pose.fake_backend",
        "posecheck.routines.loader"]

# The core's files: everything but the Qt app, the capture (cv2) and the pose backends (mediapipe), and
# the entry points that tie them together.
CORE_PATHS = ["kinematics", "engine", "exercises", "routines", "review", "session", "landmarks.py", "report.py",
              "errors.py", "i18n.py", "locale"]
FORBIDDEN_IN_CORE = ("PyQt6", "pyqtgraph", "cv2", "mediapipe", "posecheck.app", "posecheck.capture",
                     "posecheck.pose.mediapipe_backend")
# Kinematics is geometry: angles, filters, points, the camera side. What an exercise is, is not its business.
FORBIDDEN_IN_KINEMATICS = ("posecheck.exercises", "posecheck.engine", "posecheck.review", "posecheck.session",
                           "posecheck.routines", "posecheck.report")


def imported_modules(source: str) -> set[str]:
    """Every module an ``import`` or ``from … import`` in ``source`` names (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in paths:
        for name in imported_modules(path.read_text(encoding="utf-8")):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(PKG.parent)} imports {name}")
    return sorted(bad)


def _py_files(*names: str) -> list[Path]:
    out = []
    for name in names:
        p = PKG / name
        out += sorted(p.rglob("*.py")) if p.is_dir() else ([p] if p.suffix == ".py" and p.exists() else [])
    return out


def test_core_files_import_no_qt_cv2_mediapipe_or_app():
    files = _py_files(*CORE_PATHS)
    assert len(files) > 40  # the probe reads the core, not an empty list
    assert _violations(files, FORBIDDEN_IN_CORE) == []


def test_kinematics_imports_no_exercises():
    files = _py_files("kinematics")
    assert files
    assert _violations(files, FORBIDDEN_IN_KINEMATICS) == []


@pytest.mark.parametrize("source, forbidden, caught", [
    ("def f():\n    import cv2\n", FORBIDDEN_IN_CORE, True),  # a lazy import is caught too
    ("from PyQt6.QtCore import QObject\n", FORBIDDEN_IN_CORE, True),
    ("from posecheck.exercises.schema import FeatureSpec\n", FORBIDDEN_IN_KINEMATICS, True),
    ("import numpy as np\nfrom posecheck.landmarks import LANDMARK_INDEX\n", FORBIDDEN_IN_KINEMATICS, False),
])
def test_the_static_probe_notices_a_forbidden_import(monkeypatch, tmp_path, source, forbidden, caught):
    # A probe that cannot fail proves nothing: the same check on a small file of each kind.
    monkeypatch.setattr(sys.modules[__name__], "PKG", tmp_path)
    (tmp_path / "example.py").write_text(source)
    assert bool(_violations([tmp_path / "example.py"], forbidden)) is caught


def test_core_imports_no_qt_mediapipe_or_cv2():
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PyQt6', 'mediapipe', 'cv2'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"numpy core pulled in: {out}"


def test_fake_backend_replays_a_sequence_through_the_live_path():
    from posecheck.engine.analyzer import Analyzer
    from posecheck.exercises.loader import get_exercise
    from posecheck.pose.fake_backend import FakePoseBackend
    from synthetic import bridge_sequence

    seq = bridge_sequence(3)
    backend = FakePoseBackend(seq)
    an = Analyzer(get_exercise("glute_bridge"))
    for i, t in enumerate(seq.t_ms):
        an.push(backend.detect(None, int(t), i))
    an.finish()
    assert an.state().reps_total == 3 and backend.variant == "synthetic"


def test_landmark_files_round_trip(tmp_path):
    import numpy as np

    from posecheck.landmarks import PoseSequence
    from synthetic import bridge_sequence

    seq = bridge_sequence(1)
    seq.save(tmp_path / "s.npz")
    back = PoseSequence.load(tmp_path / "s.npz")
    np.testing.assert_array_equal(back.t_ms, seq.t_ms)
    np.testing.assert_array_equal(back.xyz, seq.xyz)
    assert back.image_size == seq.image_size and back.model_sha256 == seq.model_sha256
