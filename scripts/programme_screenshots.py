"""Screenshots of the routines in the picker and of the question asked before an exercise the person's
programme advises against (issue 13), as a user would see them:

    xvfb-run -a -s "-screen 0 1280x800x24" python scripts/programme_screenshots.py --out /tmp/shots

Writes picker_<routine>.png (the picker with that routine picked as the programme), and
not_advised_<routine>_<exercise>.png: the main window with the exercise picked and the warning over it,
for pregnancy + plank, pregnancy + superman and hernia + knee drops. Add ``--lang en`` for English.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from posecheck.i18n import languages  # noqa: E402
from posecheck.app.application import prepare_qt_environment  # noqa: E402

prepare_qt_environment()

from PyQt6.QtCore import QPoint  # noqa: E402
from PyQt6.QtGui import QPainter, QPixmap  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from posecheck.app.cues import CuePlayer  # noqa: E402
from posecheck.app.qt_dialogs import QtNotAdvisedBox  # noqa: E402
from posecheck.app.qt_main_window import QtMainWindow  # noqa: E402
from posecheck.app.settings import Settings  # noqa: E402
from posecheck.app.widgets.qt_exercise_picker import routine_choice  # noqa: E402
from posecheck.exercises.loader import load_catalogue  # noqa: E402

CASES = [("pregnancy", "plank"), ("pregnancy", "superman"), ("hernia", "knee_drops")]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/programme-shots")
    ap.add_argument("--lang", default="nl", choices=languages())
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    catalogue = load_catalogue()
    for programme, exercise in CASES:
        settings = Settings(language=args.lang, safety_confirmed=True)
        win = QtMainWindow(catalogue, settings, cues=CuePlayer(args.lang, enable_audio=False), save_settings=False)
        win.show()
        win.picker.select(routine_choice(programme))
        app.processEvents()
        win.grab().save(str(out / f"picker_{programme}.png"))
        win.picker.select(exercise)
        routine = win.picker.programme_routine()
        box = QtNotAdvisedBox(args.lang, catalogue[exercise].name.get(args.lang), routine.name.get(args.lang),
                              routine.avoid_for(exercise), win)
        box.show()
        app.processEvents()
        # the window with the question centred over it, as the person sees it
        shot = QPixmap(win.grab())
        dialog = box.grab()
        painter = QPainter(shot)
        painter.drawPixmap(QPoint((shot.width() - dialog.width()) // 2, (shot.height() - dialog.height()) // 3), dialog)
        painter.end()
        path = out / f"not_advised_{programme}_{exercise}.png"
        shot.save(str(path))
        print(path)
        box.close()
        win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
