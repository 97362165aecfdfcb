"""Keeps MediaPipe's own log lines off the terminal, and nothing else.

MediaPipe 0.10.33 writes to file descriptor 2 from C++ on every run: TFLite's "INFO: Created TensorFlow
Lite XNNPACK delegate for CPU.", absl's "WARNING: All log messages before absl::InitializeLog() ...",
and glog-style lines such as "W0000 00:00:... inference_feedback_manager.cc:114] ..." and
"... landmark_projection_calculator.cc:78] ...", once per model instance. Measured with 0.10.33:
``GLOG_minloglevel``, ``TF_CPP_MIN_LOG_LEVEL`` and ``ABSL_MIN_LOG_LEVEL`` set before the import change
none of it (absl logs to stderr before InitializeLog whatever they say, and TFLite's INFO line is a
plain write), so the lines are filtered where they are written: fd 2.

:func:`filter_native_logs` points fd 2 at a pipe and Python's ``sys.stderr`` at a copy of the real
stderr. Python output (posecheck's errors, the progress bar, tracebacks, warnings) therefore goes
straight to the terminal, untouched. What native code writes to fd 2 passes through a reader thread
that drops only MediaPipe's informational lines (info and warning level); everything else, such as
an error (``E``) or fatal (``F``) line, a Qt message, or output of a child process (which inherits
fd 2), is passed on. ``posecheck ... --verbose`` does not install the filter.
"""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading

__all__ = ["filter_native_logs", "is_mediapipe_noise"]

_NOISE = re.compile(
    rb"^(INFO: Created TensorFlow Lite"  # TFLite's delegate line
    rb"|WARNING: All log messages before absl::InitializeLog\(\)"  # absl, once per process
    rb"|[IW]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w.]+:\d+\] )"  # glog/absl format, info and warning levels
)
_state: dict = {}


def is_mediapipe_noise(line: bytes) -> bool:
    return bool(_NOISE.match(line))


def filter_native_logs() -> bool:
    """Installs the filter for this process (once); False when it is not installed.

    It is left out when ``sys.stderr`` is not the process's own stderr (a test harness capturing it,
    an embedding application), so that whoever redirected it keeps what they asked for."""
    if _state or sys.stderr is None or sys.stderr is not sys.__stderr__:
        return False
    try:
        sys.stderr.flush()
        real = os.dup(2)
        read_end, write_end = os.pipe()
        os.dup2(write_end, 2)  # native writes (and child processes' fd 2) now go into the pipe
        os.close(write_end)
    except OSError:
        return False
    encoding = getattr(sys.__stderr__, "encoding", None) or "utf-8"
    sys.stderr = open(real, "w", buffering=1, encoding=encoding, errors="backslashreplace", closefd=False)
    reader = threading.Thread(target=_pass_on, args=(read_end, real), name="posecheck-native-logs", daemon=True)
    reader.start()
    _state.update(real=real, reader=reader)
    atexit.register(_drain)
    return True


def _pass_on(read_end: int, real: int) -> None:
    pending = b""
    while True:
        try:
            chunk = os.read(read_end, 65536)
        except OSError:
            break
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        out = b"".join(line + b"\n" for line in lines if not is_mediapipe_noise(line))
        if out:
            os.write(real, out)
    if pending and not is_mediapipe_noise(pending):
        os.write(real, pending)
    os.close(read_end)


def _drain() -> None:
    """At exit: give fd 2 back to the real stderr, so the reader sees the end of the pipe and passes
    on what is left (a child process still holding the pipe only delays this by the timeout)."""
    try:
        sys.stderr.flush()
        os.dup2(_state["real"], 2)
    except (OSError, ValueError):
        return
    _state["reader"].join(timeout=1.0)
