"""The pose stage: N pose backends, each on its own thread, taking frames in turn; results in frame order.

Why: with ``num_poses=2`` MediaPipe runs its person detector on every frame, and one PoseLandmarker
keeps one core busy (XNNPACK uses one thread per instance, and Python cannot change that). Its
``detect_for_video`` releases the GIL and every instance has its own dispatcher, so two instances on
alternate frames run side by side: 240 frames at 640x640 took 27.0 ms/frame (lite) with one instance
and 14.2 with two (/work/shared/research/findings-2026-12.md, docs/benchmarks.md).

How frames are shared out, and why it is fixed rather than "whoever is free": the k-th frame goes to
instance ``(k // chunk) % workers``. MediaPipe smooths landmarks inside each instance, so which
frames an instance saw shapes its output; a fixed assignment makes a recording give the same
landmarks on every run (and the same reports with ``--jobs`` and ``--cluster``). Each instance gets
its frames in submission order, and the stage makes timestamps strictly increasing over all frames
before sharing them out, so every instance sees strictly increasing stamps (VIDEO mode requires it)
and a frame's ``t_ms`` is what one instance would have given it.

Every backend is made, used and closed on its own thread (MediaPipe objects stay on the thread that
made them). An exception in a backend (or in making it) is raised in the consumer, at the frame it
belongs to (or by the constructor), never left as a hang.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from posecheck.landmarks import PoseFrame

__all__ = ["MAX_POSE_WORKERS", "PoseStage", "available_cores", "pose_workers_for"]

MAX_POSE_WORKERS = 4  # past this, instances only compete for the same cores and memory
_STOP = object()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pose_workers_for(requested: int | None = None, jobs: int = 1, cores: int | None = None) -> int:
    """Pose instances per analysis so that ``jobs`` analyses at once do not oversubscribe the cores.

    ``requested`` (> 0) is taken as asked, except that ``jobs * workers`` is kept within the cores:
    each instance keeps one core busy, so more would only slow every one of them down.
    0 or None: the cores per job, capped at :data:`MAX_POSE_WORKERS`."""
    cores = cores or available_cores()
    per_job = max(1, cores // max(1, jobs))
    if requested and requested > 0:
        return max(1, min(int(requested), per_job))
    return min(per_job, MAX_POSE_WORKERS)


class _Failed:
    """A backend's exception, travelling to the consumer in the frame's place."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException):
        self.error = error


class _Borrowed:
    """A backend lent to a stage: used by it, closed by its owner."""

    def __init__(self, backend):
        self.detect = backend.detect
        self.variant = getattr(backend, "variant", "")
        self.sha256 = getattr(backend, "sha256", "")

    def close(self) -> None:
        pass


class _Instance:
    """One backend on its own thread: frames in through ``inbox``, results out through ``outbox``."""

    def __init__(self, k: int, make_backend: Callable[[], object], on_result: Callable[[], None]):
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.outbox: queue.SimpleQueue = queue.SimpleQueue()
        self.ready = threading.Event()
        self.backend = None
        self.error: BaseException | None = None
        self.cancelled = False
        self._make, self._on_result = make_backend, on_result
        self.thread = threading.Thread(target=self._serve, name=f"posecheck-pose-{k}", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            self.backend = self._make()
        except BaseException as e:  # noqa: BLE001 (raised by the stage's constructor, in the caller's thread)
            self.error = e
            self.ready.set()
            return
        self.ready.set()
        try:
            while True:
                item = self.inbox.get()
                if item is _STOP:
                    return
                if self.cancelled:  # closing: drop what is still queued
                    continue
                rgb, t_ms, index = item
                try:
                    out = self.backend.detect(rgb, t_ms, index)
                except BaseException as e:  # noqa: BLE001 (raised in the consumer, at this frame)
                    out = _Failed(e)
                self.outbox.put(out)
                self._on_result()
        finally:
            self.backend.close()


class PoseStage:
    """``workers`` backends made by ``make_backend`` (called once per worker, in its thread).

    - :meth:`submit` hands a frame to the next instance and returns at once; :meth:`get` returns the
      oldest submitted frame's :class:`PoseFrame` (waiting for it) and its ``tag``.
    - :meth:`map` does both over an iterable, keeping ``ahead`` frames in flight.
    - ``on_result`` (settable) is called from an instance's thread whenever a result is ready, so a
      loop that waits for frames and results at once can sleep on one event.

    The caller must keep a submitted image unchanged until its result has been taken with :meth:`get`
    (MediaPipe copies the pixels when it starts on the frame, which may be later than the submit).
    """

    def __init__(self, make_backend: Callable[[], object], workers: int = 1, chunk: int = 1):
        if workers < 1 or chunk < 1:
            raise ValueError(f"workers and chunk must be at least 1 (got {workers}, {chunk})")
        self.workers, self.chunk = int(workers), int(chunk)
        self.on_result: Callable[[], None] | None = None
        self._order: deque[tuple[_Instance, object]] = deque()  # (instance, tag) per frame in flight
        self._submitted = 0
        self._last_t_ms = -1
        self._instances = [_Instance(k, make_backend, self._notify) for k in range(self.workers)]
        for inst in self._instances:
            inst.ready.wait()
        failed = next((inst.error for inst in self._instances if inst.error is not None), None)
        if failed is not None:
            self.close()
            raise failed
        first = self._instances[0].backend
        self.variant = getattr(first, "variant", "")
        self.sha256 = getattr(first, "sha256", "")

    @classmethod
    def of(cls, backend) -> PoseStage:
        """A stage of one around an existing backend (its owner closes it, not the stage)."""
        return cls(lambda: _Borrowed(backend), workers=1)

    def _notify(self) -> None:
        hook = self.on_result
        if hook is not None:
            hook()

    # ---- feeding and collecting (one consumer thread)
    @property
    def pending(self) -> int:
        """Frames submitted whose result has not been taken yet."""
        return len(self._order)

    def submit(self, image_rgb: np.ndarray, t_ms: int, index: int, tag: object = None) -> None:
        t_ms = max(int(t_ms), self._last_t_ms + 1)  # strictly increasing over all instances
        self._last_t_ms = t_ms
        inst = self._instances[(self._submitted // self.chunk) % self.workers]
        self._submitted += 1
        self._order.append((inst, tag))
        inst.inbox.put((image_rgb, t_ms, index))

    def result_ready(self) -> bool:
        """Whether :meth:`get` would return without waiting."""
        return bool(self._order) and not self._order[0][0].outbox.empty()

    def get(self) -> tuple[PoseFrame, object]:
        """The oldest submitted frame's pose and tag; a backend's exception is raised here."""
        if not self._order:
            raise RuntimeError("PoseStage.get() with no frame in flight")
        inst, tag = self._order.popleft()
        while True:
            try:
                out = inst.outbox.get(timeout=1.0)
                break
            except queue.Empty:
                if not inst.thread.is_alive():  # cannot happen short of a crash in the thread itself
                    raise RuntimeError(f"pose worker {inst.thread.name} stopped without a result") from None
        if isinstance(out, _Failed):
            raise out.error
        return out, tag

    def map(self, frames: Iterable[tuple[np.ndarray, int, int]], ahead: int | None = None) -> Iterator[PoseFrame]:
        """Poses of ``(image_rgb, t_ms, index)`` frames, in order, ``ahead`` in flight (default: 2 per
        instance, so that each has its next frame queued while it works on one)."""
        ahead = max(1, ahead or 2 * self.workers)
        for rgb, t_ms, index in frames:
            if self.pending >= ahead:
                yield self.get()[0]
            self.submit(rgb, t_ms, index)
        while self.pending:
            yield self.get()[0]

    # ---- end
    def close(self) -> None:
        """Drop frames still queued, close every backend (in its thread) and end the threads."""
        self._order.clear()
        for inst in self._instances:
            inst.cancelled = True
            inst.inbox.put(_STOP)
        for inst in self._instances:
            inst.thread.join(timeout=10.0)

    def __enter__(self) -> PoseStage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
