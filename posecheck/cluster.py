"""Several recordings on a Dask distributed cluster: ``posecheck analyze FOLDER --cluster ADDRESS``.

Optional (``pip install "posecheck[cluster]"``); nothing else in posecheck imports Dask.

- Each recording is one task, running the same code as ``--jobs`` (:func:`posecheck.analysis.run_job`),
  so the reports are the same.
- The workers need not see this computer's files: the recording is sent to the worker as bytes and
  analysed from a copy with the same file name, and the outputs (JSON, CSV, landmarks) come back as
  bytes and are written here. Each worker needs posecheck (with the same mediapipe) and the model
  files (``posecheck models fetch`` there, or ``POSECHECK_MODEL_DIR``).
- A file that cannot be opened is reported from here, with the same message as ``--jobs``, without
  bothering the cluster; a task that fails on the cluster (a worker that died, an unexpected error)
  is reported as that file's error, and the batch goes on.
- Cores: a worker running T tasks at once gives each recording ``cores // T`` pose instances
  (``posecheck/pose/stage.py``), so tasks and instances do not oversubscribe the worker's cores.
- At most two tasks per worker thread are sent at a time, so a large folder is not held in memory.
"""

from __future__ import annotations

import dataclasses
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from posecheck.analysis import BatchJob, BatchResult, run_job
from posecheck.errors import PosecheckError

__all__ = ["run_jobs_on_cluster"]

_OUTPUTS = ("json_path", "csv_path", "landmarks_path")


def _connect(address):
    try:
        from distributed import Client
    except ImportError:
        raise PosecheckError("--cluster needs Dask distributed, which is not installed",
                             'Install it with: pip install "posecheck[cluster]"') from None
    if isinstance(address, Client):
        return address, False
    try:
        return Client(address, timeout="15s", set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as e:
        raise PosecheckError(f"cannot reach the Dask scheduler at {address} ({e})",
                             "Check the address (e.g. tcp://192.168.1.20:8786) and that `dask scheduler` "
                             "and at least one `dask worker` run there") from None


def _check_here(job: BatchJob) -> BatchResult | None:
    """The error ``--jobs`` would give for a file that cannot be opened, without the cluster."""
    from posecheck.capture.sources import VideoFileSource

    try:
        VideoFileSource(job.video, job.start_s, job.end_s).close()
    except PosecheckError as e:
        return BatchResult(job.video, None, str(e), e.exit_code)
    return None


def _analyse_on_worker(job: BatchJob, data: bytes) -> tuple[BatchResult, dict[str, bytes]]:
    """Runs on a Dask worker: the recording arrives as bytes, the outputs go back as bytes."""
    from posecheck.pose.stage import pose_workers_for

    try:
        from distributed import get_worker

        tasks_at_once = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        tasks_at_once = 1
    with tempfile.TemporaryDirectory(prefix="posecheck-task-") as tmp:
        video = Path(tmp) / "in" / Path(job.video).name  # same name: messages name the file as --jobs does
        video.parent.mkdir()
        video.write_bytes(data)
        outs = {k: str(Path(tmp) / k) for k in _OUTPUTS if getattr(job, k)}
        here = dataclasses.replace(job, **{k: outs.get(k) for k in _OUTPUTS},
                                   pose_workers=pose_workers_for(job.pose_workers, jobs=tasks_at_once))
        result = run_job(here, video_copy=str(video))
        files = {k: Path(p).read_bytes() for k, p in outs.items() if Path(p).is_file()}
    return result, files


def run_jobs_on_cluster(jobs: list[BatchJob], cluster, done: Callable[[BatchResult], None] | None = None) -> list[BatchResult]:
    """Results in the order of ``jobs``; ``cluster`` is a scheduler address or a ``distributed.Client``."""
    from distributed import as_completed

    client, own = _connect(cluster)
    results: list[BatchResult | None] = [None] * len(jobs)
    running: dict = {}
    queue = iter(range(len(jobs)))
    finished = as_completed(loop=client.loop)
    batch = uuid.uuid4().hex[:8]

    def finish(i: int, r: BatchResult) -> None:
        results[i] = r
        if done:
            done(r)

    def send_next() -> bool:
        for i in queue:
            problem = _check_here(jobs[i])
            if problem is not None:
                finish(i, problem)
                continue
            data = client.scatter(Path(jobs[i].video).read_bytes(), hash=False)
            fut = client.submit(_analyse_on_worker, jobs[i], data, pure=False,
                                key=f"posecheck-analyze-{batch}-{i}-{Path(jobs[i].video).stem}")
            running[fut] = (i, data)
            finished.add(fut)
            return True
        return False

    try:
        slots = max(2, 2 * sum(client.nthreads().values()))
        for _ in range(slots):
            if not send_next():
                break
        for fut in finished:
            i, data = running.pop(fut)
            try:
                r, files = fut.result()
                for key, content in files.items():
                    Path(getattr(jobs[i], key)).write_bytes(content)
            except PosecheckError as e:
                r = BatchResult(jobs[i].video, None, str(e), e.exit_code)
            except Exception as e:  # noqa: BLE001 (one file's failure on the cluster must not stop the batch)
                r = BatchResult(jobs[i].video, None, f"the cluster could not analyse it ({type(e).__name__}: {e})", 1)
            fut.release()
            data.release()
            finish(i, r)
            send_next()
    finally:
        if own:
            client.close()
    return results  # type: ignore[return-value]
