"""CallWorker: runs one slow call (open a session, import an archive, the library's progress query) off the UI thread.

``succeeded(result)`` or ``failed(message)`` arrive on the UI thread. Expected problems
(:class:`~posecheck.errors.PosecheckError`) carry their own what-to-do text, in ``lang`` where the
error has that wording (an import refusal in Dutch); anything else is reported with its type so that
it is not lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QThread, pyqtSignal

from posecheck.errors import PosecheckError

__all__ = ["CallWorker"]


class CallWorker(QThread):
    succeeded = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, fn: Callable, *args, lang: str = "en", parent=None):
        super().__init__(parent)
        self.fn, self.args, self.lang = fn, args, lang

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
