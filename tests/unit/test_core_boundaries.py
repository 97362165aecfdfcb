"""The numpy core must stay importable and usable without Qt, mediapipe or OpenCV."""

import subprocess
import sys

CORE = ["posecheck.landmarks", "posecheck.kinematics.angles", "posecheck.kinematics.filters",
        "posecheck.kinematics.features", "posecheck.kinematics.gating", "posecheck.exercises.loader",
        "posecheck.engine.analyzer", "posecheck.report", "posecheck.pose.fake_backend", "posecheck.routines.loader"]


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
