"""CallWorker: runs one slow call (open a session, import an archive, the library's progress query,
finishing crashed sessions at start) off the UI thread.

posecheck has one idiom for background work in the Qt app: a ``QThread`` subclass whose ``run()``
does the work and reports through its own signals, which Qt queues to the UI thread; the UI thread
starts it, connects to it and keeps a reference until ``finished`` (a QThread must not be collected
while it runs), and a window waits for its workers when it closes (a CallWorker also when the
application quits). This one runs any single call;
the live pipeline (:class:`~posecheck.app.worker.PipelineWorker`), the video analysis, the export
and the review's frame reader are the same idiom with signals of their own. Threads that never touch
Qt (the recorder's disk writer, the pipeline's own camera grabber and video pacer) are plain threads
inside the object that owns them.

``succeeded(result)`` or ``failed(message)`` arrive on the UI thread. Expected problems
(:class:`~posecheck.errors.PosecheckError`) carry their own what-to-do text, in ``lang`` where the
error has that wording (an import refusal in Dutch); anything else is reported with its type so that
it is not lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QCoreApplication, QThread, pyqtSignal

from posecheck.errors import PosecheckError

__all__ = ["CallWorker"]


class CallWorker(QThread):
    succeeded = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, fn: Callable, *args, lang: str = "en", parent=None):
        super().__init__(parent)
        self.fn, self.args, self.lang = fn, args, lang
        app = QCoreApplication.instance()
        if app is not None:  # quitting waits for the call: a QThread destroyed while it runs aborts the process
            app.aboutToQuit.connect(self.wait)

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except PosecheckError as e:
            self.failed.emit(e.text(self.lang))
        except OSError as e:
            self.failed.emit(f"{e.strerror or e}: {e.filename or ''}".rstrip(": "))
        except Exception as e:  # noqa: BLE001 (shown to the person instead of dying silently in a thread)
            self.failed.emit(f"{type(e).__name__}: {e}")
        else:
            self.succeeded.emit(result)
