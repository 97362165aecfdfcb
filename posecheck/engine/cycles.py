"""Movement cycles of a rep driver, counted without the rep bands: a second, independent count.

Numpy core: no Qt, mediapipe or cv2.

The rep machine (:mod:`posecheck.engine.reps`) counts a rep when the driver crosses the exercise file's
fixed bands. On footage nobody tuned for those bands can be wrong for the person: a clamshell filmed a
little from the side opens 15° in the image where the band wants 22°, a stiff back rounds less in a
cat-cow. Counted by the bands alone, such a set reads 0 with nothing to say that it might be wrong.

This module counts the same movement by its *shape*: a cycle is a rise of at least ``min_amplitude``
from a low point to a peak and a return of at least ``min_amplitude`` from that peak (for a "down"
driver, mirrored). ``min_amplitude`` is the exercise's physiological minimum (``RepSpec.min_amplitude``):
smaller wobbles are landmark noise or shifting weight, never a repetition. The two counts agree on a
clean set; where they do not, the engine says so (``uncertain`` in the report) instead of guessing.

Two implementations of the one idea:

- :func:`cycles_in_recording`: peaks with prominence on the zero-phase smoothed trace (whole recording
  known: no lag, no filter phase shift).
- :class:`CycleTracker`: the online equivalent, a zig-zag on the causally filtered live values; a cycle is
  known the moment its return of ``min_amplitude`` is seen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecheck.kinematics.filters import zero_phase_smooth

__all__ = ["Cycle", "CycleTracker", "cycles_in_recording"]

SMOOTH_CUTOFF_HZ = 2.0  # repetitions are slower than 1 Hz; landmark jitter is faster than 3 Hz
MAX_GAP_S = 0.5  # a longer stretch without the driver splits the recording (no cycle spans it)


@dataclass(frozen=True)
class Cycle:
    """One movement cycle: from the low point before, over the peak, to the moment the return is clear.

    Values are in the driver's own units and sense ("peak" is the top of the movement: the highest value
    for an "up" driver, the lowest for a "down" one). ``top_s`` is how long the driver stayed in the upper
    half of this cycle's range: a lift held for seconds is a hold, not a repetition."""

    start_ms: int
    peak_ms: int
    end_ms: int
    low: float
    peak: float
    # How far the driver rose to the peak (a recorded cycle: the smaller of the rise and the return, both
    # known; a live one: the rise, as its return is known only to be at least min_amplitude). Positive.
    amplitude: float
    top_s: float
    side: str | None = None  # the side whose driver made the peak (alternating exercises)
    top_start_ms: int | None = None  # first and last moment within 10 % of the range below the peak
    top_end_ms: int | None = None


class CycleTracker:
    """Online zig-zag: feeds on one value at a time and returns each cycle as soon as it is complete."""

    def __init__(self, direction: str, min_amplitude: float):
        self.sign = 1.0 if direction == "up" else -1.0
        self.min_amplitude = float(min_amplitude)
        self.cycles: list[Cycle] = []
        self.reset()

    def reset(self) -> None:
        """Forget the movement in progress (a cut, a lost person): no cycle spans a break."""
        self._mode = "start"  # start -> peak (rising) -> valley (returning) -> peak ...
        self._lo = self._hi = math.nan  # extremes in the signed sense
        self._lo_ms = self._hi_ms = 0
        self._hi_side: str | None = None
        self._valley_before: tuple[int, float] | None = None
        self._upper: list[tuple[int, float]] = []  # samples since the valley, for top_s

    def update(self, t_ms: int, value: float, side: str | None = None) -> Cycle | None:
        if value is None or math.isnan(value):
            return None
        x = self.sign * value
        if self._mode == "start":
            if math.isnan(self._lo) or x < self._lo:
                self._lo, self._lo_ms = x, t_ms
            if x - self._lo >= self.min_amplitude:
                self._rise_from(self._lo_ms, self._lo, t_ms, x, side)
            return None
        if self._mode == "peak":
            self._upper.append((t_ms, x))
            if x > self._hi:
                self._hi, self._hi_ms, self._hi_side = x, t_ms, side
            if self._hi - x >= self.min_amplitude:  # the return is clear: one cycle
                cycle = self._close(t_ms)
                self._mode, self._lo, self._lo_ms = "valley", x, t_ms
                return cycle
            return None
        # returning: follow the way down; a new rise of min_amplitude starts the next cycle
        if x < self._lo:
            self._lo, self._lo_ms = x, t_ms
        if x - self._lo >= self.min_amplitude:
            self._rise_from(self._lo_ms, self._lo, t_ms, x, side)
        return None

    def _rise_from(self, valley_ms: int, valley: float, t_ms: int, x: float, side: str | None) -> None:
        self._valley_before = (valley_ms, valley)
        self._mode, self._hi, self._hi_ms, self._hi_side = "peak", x, t_ms, side
        self._upper = [(t_ms, x)]

    def _close(self, t_ms: int) -> Cycle:
        v_ms, v = self._valley_before
        mid = (self._hi + v) / 2.0
        above = [t for t, y in self._upper if y >= mid]
        top_s = (above[-1] - above[0]) / 1000.0 if above else 0.0
        near_top = [t for t, y in self._upper if y >= self._hi - 0.1 * (self._hi - v)]  # the 10 % rule of reps.py
        c = Cycle(start_ms=v_ms, peak_ms=self._hi_ms, end_ms=t_ms, low=self.sign * v, peak=self.sign * self._hi,
                  amplitude=self._hi - v, top_s=top_s, side=self._hi_side, top_start_ms=near_top[0],
                  top_end_ms=near_top[-1])
        self.cycles.append(c)
        return c


def _segments(t_ms: np.ndarray, values: np.ndarray, breaks: np.ndarray | None) -> list[np.ndarray]:
    """Index runs with the driver seen, split at gaps longer than MAX_GAP_S and at ``breaks`` (cuts)."""
    seen = np.flatnonzero(~np.isnan(values))
    if len(seen) == 0:
        return []
    split = np.diff(t_ms[seen]) > MAX_GAP_S * 1000.0
    if breaks is not None and breaks.any():
        cut_at = np.cumsum(breaks)[seen]  # which piece between cuts each seen frame lies in
        split |= np.diff(cut_at) > 0
    return np.split(seen, np.flatnonzero(split) + 1)


def cycles_in_recording(t_ms: np.ndarray, values: np.ndarray, direction: str, min_amplitude: float,
                        breaks: np.ndarray | None = None) -> list[Cycle]:
    """Cycles of a whole recorded driver series (NaN where unseen), split at long gaps and ``breaks``."""
    from scipy.signal import find_peaks  # heavy import: recordings only

    t_ms = np.asarray(t_ms, np.int64)
    values = np.asarray(values, np.float64)
    sign = 1.0 if direction == "up" else -1.0
    out: list[Cycle] = []
    for seg in _segments(t_ms, values, breaks):
        if len(seg) < 3:
            continue
        t = t_ms[seg[0]:seg[-1] + 1]
        x = sign * zero_phase_smooth(values[seg[0]:seg[-1] + 1], t, cutoff_hz=SMOOTH_CUTOFF_HZ, max_gap_s=MAX_GAP_S)
        x = np.where(np.isnan(x), np.interp(np.arange(len(x)), np.flatnonzero(~np.isnan(x)), x[~np.isnan(x)]), x)
        peaks, props = find_peaks(x, prominence=min_amplitude)
        for i, p in enumerate(peaks):
            # The cycle's own low points: the lowest sample between this peak and its neighbours (the
            # prominence bases can reach back past lower peaks to the deepest point of the recording).
            lo_from = peaks[i - 1] if i > 0 else props["left_bases"][i]
            lo_to = peaks[i + 1] if i + 1 < len(peaks) else props["right_bases"][i]
            lb = lo_from + int(np.argmin(x[lo_from:p + 1]))
            rb = p + int(np.argmin(x[p:lo_to + 1]))
            rise, fall = x[p] - x[lb], x[p] - x[rb]
            if min(rise, fall) < min_amplitude:  # a peak must rise *and* return by the minimum
                continue
            low = max(x[lb], x[rb])
            mid = (x[p] + low) / 2.0
            upper = np.flatnonzero(x[lb:rb + 1] >= mid) + lb
            top_s = (t[upper[-1]] - t[upper[0]]) / 1000.0 if len(upper) else 0.0
            out.append(Cycle(start_ms=int(t[lb]), peak_ms=int(t[p]), end_ms=int(t[rb]),
                             low=float(sign * min(x[lb], x[rb])), peak=float(sign * x[p]),
                             amplitude=float(min(rise, fall)), top_s=float(top_s)))
    return out
