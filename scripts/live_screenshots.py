"""Screenshots of the live view, driven by rendered fixture videos (tests/fixtures) and their stored
landmarks (no model needed), for looking at the app as a user would:

    xvfb-run -a -s "-screen 0 1280x800x24" python scripts/live_screenshots.py --out /tmp/shots

Writes setup.png (before counting: the setup check), counting.png (after the second rep),
fault.png (the over-arch cue on the glute bridge), hold.png (plank hold timer) and birddog.png
(per-side counters), bystander.png (a second person in view), variant.png (a seated pelvic tilt
recognised), hold_form.png (time in position against time in good form) and back_curve*.png (the
lower-back curve over a bridge arched with the hips on the line, a sagging plank and a cat-cow). Each window runs the real main window, worker thread and recorder (into a
temporary library), at 2x speed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from posecheck.i18n import languages  # noqa: E402
from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

from PyQt6.QtCore import QTimer  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from posecheck.app.cues import CuePlayer  # noqa: E402
from posecheck.app.qt_main_window import QtMainWindow  # noqa: E402
from posecheck.app.settings import Settings  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402
from posecheck.landmarks import PoseSequence  # noqa: E402
from posecheck.pose.fake_backend import FakePoseBackend  # noqa: E402

FIX = Path(__file__).resolve().parents[1] / "tests" / "fixtures"

# (png name, fixture, exercise, when to shoot: "rep N", "fault", "after S" seconds of source time)
SHOTS = [
    ("setup", "edge__out_of_frame__side__a.mp4", "glute_bridge", ("after", 13.0)),  # person walked out
    ("counting", "glute_bridge__clean__side__a.mp4", "glute_bridge", ("rep", 2)),
    ("fault", "glute_bridge__over_arch__side__a.mp4", "glute_bridge", ("fault", 0)),
    ("hold", "plank__clean__side__a.mp4", "plank", ("after", 9.0)),
    ("birddog", "bird_dog__clean__side__a.mp4", "bird_dog", ("rep", 3)),
    # issue 9: a physiotherapist standing beside the mat (followed: the person on the mat), a variant
    # recognised from its start position, and a hold timed in position and in good form
    ("bystander", "glute_bridge__bystander_standing__side__a.mp4", "glute_bridge", ("rep", 2)),
    ("variant", "pelvic_tilt__seated__side__a.mp4", "pelvic_tilt", ("rep", 2)),
    ("hold_form", "plank__hips_sagging__side__a.mp4", "plank", ("after", 14.0)),
    # issue 11: the lower-back curve drawn from the outline: a bridge arched with the hips on the line
    # (the outline's fault), a plank sagging from the lower back, and a cat-cow
    ("back_curve", "glute_bridge__curve_graded__side__tight.mp4", "glute_bridge", ("fault", 0)),
    ("back_curve_plank", "plank__curve_graded__side__tight.mp4", "plank", ("after", 9.0)),
    ("back_curve_catcow", "cat_cow__curve_graded__side__tight.mp4", "cat_cow", ("rep", 2)),
]


def fixture_window(clip: str, lang: str, speed: float) -> QtMainWindow:
    """The real main window with the fixture's stored landmarks as its pose backend (no model)."""
    seq = PoseSequence.load(FIX / "landmarks" / (Path(clip).stem + ".npz"))
    return QtMainWindow(load_catalogue(), Settings(language=lang, safety_confirmed=True),
                        backend_factory=lambda: FakePoseBackend(seq), cues=CuePlayer(lang, enable_audio=False),
                        save_settings=False, speed=speed)


def shoot(app: QApplication, out: Path, name: str, clip: str, exercise: str, when, lang: str, speed: float) -> None:
    win = fixture_window(clip, lang, speed)
    done = {"shot": False}

    def grab(*_):
        if done["shot"]:
            return
        done["shot"] = True
        # Let the frame that carried the event be painted first.
        QTimer.singleShot(300, lambda: (win.grab().save(str(out / f"{name}.png")), print(f"{name}.png"), app.quit()))

    kind, arg = when
    if kind == "rep":
        win.presenter.rep_counted.connect(lambda n: grab() if n >= arg else None)
    elif kind == "fault":
        win.presenter.fault_shown.connect(grab)
    else:
        QTimer.singleShot(int(arg * 1000 / speed), grab)
    win.session_finished.connect(lambda _f: app.quit())
    QTimer.singleShot(120_000, app.quit)  # never hang a screenshot run
    win.resize(1200, 760)
    win.show()
    win.start_session([exercise], str(FIX / clip))
    app.exec()
    win.presenter.shutdown()
    win.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default="/tmp/posecheck-shots")
    p.add_argument("--lang", default="nl", choices=languages())
    p.add_argument("--speed", type=float, default=2.0)
    p.add_argument("--only", default="")
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        os.environ["POSECHECK_DATA_DIR"] = data
        app = QApplication(sys.argv[:1])
        for name, clip, exercise, when in SHOTS:
            if args.only and args.only not in name:
                continue
            shoot(app, out, name, clip, exercise, when, args.lang, args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
