"""ProgressLoader: runs the library's progress query off the UI thread, newest request wins.

The query (SQLite index plus one ``review.json`` per session, :func:`progress_adapter.progress_series`)
takes long enough on a big library, or a library on a network drive, to freeze the filters while a
date is being picked. It runs in a :class:`CallWorker`; the UI thread only paints what arrives.

Every :meth:`request` gets a generation number; a result is delivered (``loaded``) only if no newer
request, :meth:`cancel` or :meth:`shutdown` came after it, so a slow answer to an old filter can never
overwrite the charts of the current one, nor paint into a closed page. At most one query runs at a
time: requests made meanwhile collapse into the latest, which starts when the running one ends
(dragging through dates must not stack up threads on a two-core laptop).
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QObject, pyqtSignal

from posecheck.app.call_worker import CallWorker

__all__ = ["ProgressLoader"]


class ProgressLoader(QObject):
    loaded = pyqtSignal(object)  # the query's result (a ProgressSeries) for the latest request
    failed = pyqtSignal(str)  # what went wrong with the latest request

    def __init__(self, query: Callable, parent=None):
        super().__init__(parent)
        self.query = query
        self.generation = 0  # of the latest request; results of older ones are dropped
        self.dropped = 0  # stale results thrown away (for tests and debugging)
        self._worker: CallWorker | None = None
        self._pending: tuple[int, tuple] | None = None

    @property
    def busy(self) -> bool:
        """A request is waiting for its answer."""
        return self._pending is not None or self._worker is not None

    def request(self, *args) -> int:
        self.generation += 1
        self._pending = (self.generation, args)
        if self._worker is None:
            self._start_pending()
        return self.generation

    def cancel(self) -> None:
        """Forget what is asked for; whatever is still running is dropped when it ends."""
        self.generation += 1
        self._pending = None

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Before the page goes away: nothing more is delivered, and the thread is not left running
        (a QThread destroyed while it runs aborts the process)."""
        self.cancel()
        if self._worker is not None:
            self._worker.wait(timeout_ms)

    def _start_pending(self) -> None:
        generation, args = self._pending
        self._pending = None
        worker = CallWorker(self.query, *args, parent=self)
        worker.succeeded.connect(lambda result, g=generation: self._deliver(g, result))
        worker.failed.connect(lambda why, g=generation: self._fail(g, why))
        worker.finished.connect(lambda w=worker: self._on_finished(w))
        self._worker = worker
        worker.start()

    def _deliver(self, generation: int, result) -> None:
        if generation != self.generation:
            self.dropped += 1
            return
        self.loaded.emit(result)

    def _fail(self, generation: int, why: str) -> None:
        if generation != self.generation:
            self.dropped += 1
            return
        self.failed.emit(why)

    def _on_finished(self, worker: CallWorker) -> None:
        # succeeded/failed were queued before finished, so the result has been handled by now.
        if self._worker is worker:
            self._worker = None
        worker.deleteLater()
        if self._pending is not None:
            self._start_pending()
