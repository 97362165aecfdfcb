"""Smoothing of feature series. Numpy core (scipy allowed): no Qt, no mediapipe, no cv2.

Two filters with two jobs:

- :class:`OneEuroFilter` is causal (it only sees the past), so it is what the engine uses, live and on
  recordings alike; that is why batch and streaming analysis give the same events. It smooths hard
  when a signal is still (jitter of a held plank) and follows fast when it moves (a rep), which a
  fixed low-pass cannot do (Casiez, Roussel, Vogel, CHI 2012).
- :func:`zero_phase_smooth` is a forward-backward Butterworth (``scipy.signal.filtfilt``): no lag, but it
  needs the future, so it is for recordings only: angle plots and per-frame exports for review.

Gaps (NaN) are never filled silently: the causal filter passes NaN through and restarts after a gap;
the zero-phase filter bridges gaps up to ``max_gap_s`` by linear interpolation for the filtering only
and puts NaN back where the input had it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["OneEuroParams", "OneEuroFilter", "one_euro_sequence", "zero_phase_smooth"]


@dataclass(frozen=True)
class OneEuroParams:
    """Parameters of the One Euro filter.

    ``OneEuroParams(min_cutoff_hz=1.0, beta=0.02)``: lower ``min_cutoff_hz`` = smoother when still,
    higher ``beta`` = less lag when moving (units: 1/(feature unit per second)).
    """

    min_cutoff_hz: float = 1.0
    beta: float = 0.02
    d_cutoff_hz: float = 1.0
    reset_after_s: float = 0.5  # a gap longer than this restarts the filter


def _alpha(cutoff_hz: float, dt_s: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt_s)


class OneEuroFilter:
    """Causal One Euro filter for one scalar channel, fed with timestamps in ms."""

    def __init__(self, params: OneEuroParams = OneEuroParams()):
        self.params = params
        self.reset()

    def reset(self) -> None:
        self._x: float | None = None
        self._dx = 0.0
        self._t_ms: int | None = None

    def __call__(self, value: float, t_ms: int) -> float:
        if value is None or math.isnan(value):
            return math.nan
        p = self.params
        if self._x is None or self._t_ms is None or (t_ms - self._t_ms) / 1000.0 > p.reset_after_s:
            self._x, self._dx, self._t_ms = float(value), 0.0, t_ms
            return float(value)
        dt_s = max((t_ms - self._t_ms) / 1000.0, 1e-3)
        dx = (value - self._x) / dt_s
        self._dx += _alpha(p.d_cutoff_hz, dt_s) * (dx - self._dx)
        cutoff = p.min_cutoff_hz + p.beta * abs(self._dx)
        self._x += _alpha(cutoff, dt_s) * (value - self._x)
        self._t_ms = t_ms
        return self._x


def one_euro_sequence(values: np.ndarray, t_ms: np.ndarray, params: OneEuroParams = OneEuroParams()) -> np.ndarray:
    """Run a fresh :class:`OneEuroFilter` over a whole series (same result as feeding it frame by frame)."""
    f = OneEuroFilter(params)
    return np.array([f(float(v), int(t)) for v, t in zip(values, t_ms)], dtype=np.float64)


def zero_phase_smooth(values: np.ndarray, t_ms: np.ndarray, cutoff_hz: float = 3.0, order: int = 2,
                      max_gap_s: float = 0.5) -> np.ndarray:
    """Forward-backward Butterworth low-pass of a series with gaps; for recordings only."""
    values = np.asarray(values, np.float64)
    t_s = np.asarray(t_ms, np.float64) / 1000.0
    out = np.full_like(values, np.nan)
    valid = ~np.isnan(values)
    if valid.sum() < 2:
        return values.copy()
    # Work on runs of valid samples joined across gaps no longer than max_gap_s.
    filled = values.copy()
    idx = np.flatnonzero(valid)
    filled[~valid] = np.interp(t_s[~valid], t_s[idx], values[idx])
    gap_too_long = np.zeros_like(valid)
    run_start = None
    for i in range(len(values)):
        if not valid[i] and run_start is None:
            run_start = i
        if valid[i] and run_start is not None:
            if run_start > 0 and t_s[i] - t_s[run_start - 1] > max_gap_s:
                gap_too_long[run_start:i] = True
            run_start = None
    if run_start is not None:
        gap_too_long[run_start:] = True
    leading = np.arange(len(values)) < idx[0]
    gap_too_long |= leading
    fps = (len(t_s) - 1) / max(t_s[-1] - t_s[0], 1e-6)
    nyquist = fps / 2.0
    segments = np.split(np.arange(len(values)), np.flatnonzero(np.diff(gap_too_long.astype(int))) + 1)
    for seg in segments:
        if gap_too_long[seg[0]]:
            continue
        x = filled[seg]
        if cutoff_hz >= nyquist * 0.95 or len(x) <= 3 * (order + 1) * 2:
            out[seg] = x
            continue
        # Imported here: scipy.signal costs about a second to import, which every `posecheck` command and
        # the review window's start would pay although only recordings need the zero-phase smoothing.
        from scipy.signal import butter, filtfilt

        b, a = butter(order, cutoff_hz / nyquist)
        out[seg] = filtfilt(b, a, x, padlen=min(len(x) - 1, 3 * max(len(a), len(b))))
    out[~valid] = np.nan
    return out
