"""One idiom for background work in the Qt app (posecheck/app/call_worker.py): a QThread subclass whose
run() does the work and reports through signals. No QObject moved to a bare QThread, and plain Python
threads only where they never touch Qt (the recorder's disk writer; the live pipeline's own camera
grabber and video pacer, which feed its QThread)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "posecheck" / "app"
PLAIN_THREADS_ALLOWED = {"recorder.py", "worker.py"}


def _calls(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            out.append(ast.unparse(f))
    return out


def test_background_work_in_the_app_is_a_qthread_subclass():
    files = sorted(APP.rglob("*.py"))
    assert len(files) > 30
    moved = [f.name for f in files if any(c.endswith("moveToThread") for c in _calls(f))]
    bare_qthreads = [f.name for f in files if "QThread" in _calls(f)]
    plain = [f.name for f in files if any(c in ("threading.Thread", "Thread") for c in _calls(f))]
    assert moved == [] and bare_qthreads == []
    assert set(plain) <= PLAIN_THREADS_ALLOWED


def test_every_worker_is_a_qthread_subclass():
    from PyQt6.QtCore import QThread

    from posecheck.app.call_worker import CallWorker
    from posecheck.app.review.export.export_worker import ExportWorker
    from posecheck.app.review.workstation.analysis_worker import VideoAnalysisWorker
    from posecheck.app.review.workstation.frame_reader import VideoFrameReader
    from posecheck.app.worker import PipelineWorker

    assert all(issubclass(w, QThread) for w in (CallWorker, ExportWorker, VideoAnalysisWorker, VideoFrameReader,
                                                PipelineWorker))
