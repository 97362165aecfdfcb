"""The session store (read later by the physio review) and the app's plain-Python parts import no Qt,
mediapipe or OpenCV."""

import subprocess
import sys

# store pulls in the AVI writer, the private-file modes and the recording lock; recovery the engine.
PLAIN = ["posecheck.session.store", "posecheck.session.index", "posecheck.session.recovery",
         "posecheck.session.avi_repair", "posecheck.app.texts", "posecheck.app.settings"]


def test_session_store_and_app_texts_import_no_qt_mediapipe_or_cv2():
    code = (
        "import sys\n"
        f"for m in {PLAIN!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PyQt6', 'mediapipe', 'cv2'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"pulled in: {out}"
