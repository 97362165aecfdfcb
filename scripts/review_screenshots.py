"""Screenshots of the physio review, for looking at it as a physiotherapist would:

    xvfb-run -a -s "-screen 0 1440x900x24" python scripts/review_screenshots.py --out /tmp/review-shots

Records two sessions through the real main window from rendered fixtures and their stored landmarks
(no model needed): a glute bridge with two over-arched reps and a bird dog. Then opens the review
window on that library and saves library.png (sessions and progress), bridge.png (the workstation at
the first fault), birddog.png (per-side table and symmetry), and report.pdf (the patient-file PDF;
with pdftoppm installed also report-N.png pages).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from posecheck.i18n import languages  # noqa: E402
from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

from PyQt6.QtCore import QTimer  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from live_screenshots import FIX, fixture_window  # noqa: E402  (scripts/ is on sys.path when run)

from posecheck.app.settings import Settings  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402
SESSIONS = [("glute_bridge__over_arch__side__a.mp4", "glute_bridge"), ("bird_dog__clean__side__a.mp4", "bird_dog")]


def record(app: QApplication, clip: str, exercise: str, lang: str) -> Path:
    win = fixture_window(clip, lang, speed=4.0)
    folder: list[str] = []
    win.session_finished.connect(lambda f: (folder.append(f), app.quit()))
    QTimer.singleShot(120_000, app.quit)
    win.show()
    win.start_session([exercise], str(FIX / clip))
    app.exec()
    win.presenter.shutdown()
    win.close()
    if not folder or not folder[0]:
        raise SystemExit(f"recording {clip} produced no session")
    return Path(folder[0])


def wait(app: QApplication, ms: int) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default="/tmp/review-shots")
    p.add_argument("--lang", default="nl", choices=languages())
    args = p.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        os.environ["POSECHECK_DATA_DIR"] = data
        app = QApplication(sys.argv[:1])
        folders = [record(app, clip, ex, args.lang) for clip, ex in SESSIONS]

        from posecheck.app.review.qt_review_window import QtReviewWindow

        settings = Settings(language=args.lang, safety_confirmed=True, storage_dir=str(folders[0].parent))
        win = QtReviewWindow(load_catalogue(), settings)
        win.resize(1440, 900)
        win.show()
        win.refresh_library()
        wait(app, 1500)
        win.grab().save(str(out / "library.png"))
        for folder, name in zip(folders, ("bridge", "birddog")):
            opened: list = []
            win.review_opened.connect(lambda pr: (opened.append(pr), app.quit()))
            win.open_session(folder)
            QTimer.singleShot(30_000, app.quit)
            app.exec()
            win.review_opened.disconnect()
            presenter = opened[0]
            if presenter.review.faults:
                presenter.select_fault(0)
            else:
                presenter.seek(presenter.review.reps[1].start_s + 1.0)
            wait(app, 1500)  # the frame reader decodes and the view paints
            win.grab().save(str(out / f"{name}.png"))
            if name == "bridge":  # the PDF through the same worker as the export button
                from posecheck.app.review.export.export_worker import ExportWorker

                worker = ExportWorker("pdf", out / "report.pdf", presenter.review, presenter.clinician.annotations,
                                      presenter.poses, args.lang, include_images=True)
                worker.done.connect(lambda *_: app.quit())
                worker.failed.connect(lambda kind, path, why: (print(f"PDF failed: {why}"), app.quit()))
                worker.start()
                QTimer.singleShot(60_000, app.quit)
                app.exec()
                worker.wait()
                if shutil.which("pdftoppm"):
                    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / "report.pdf"), str(out / "report")],
                                   check=False)
        win.close()
    print("\n".join(sorted(str(p) for p in out.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
