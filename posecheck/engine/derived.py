"""Features the engine derives from other features over time. Numpy core: no Qt, mediapipe or cv2.

``rise_from_start`` (:class:`StartLevels`): a feature minus its level in the start position. Why: a 2D angle such as the shoulder-to-hip elevation in a glute bridge reads 0° lying flat only when
the camera looks exactly side-on. Swung 35° toward the head, perspective makes the same flat body read
11-15° (the rendered oblique fixtures), which is as much as a short bridge lifts. What stays the same
in every view is how far the hips rise from where they lay, so thresholds are put on that.

The level is fixed once counting is armed and the base feature has stayed within ``STEADY_DEG`` for a
whole settle window (the start position held still, not the last moments of lying down): the median of
that window. Until then the derived feature is unknown (NaN), which the engine treats as "cannot see".
Afterwards, going lower than the level lowers it: a person who armed with the hips slightly raised, or
who slides on the mat, is measured from the lowest level seen since (the floor), never from above it.
Disarming (leaving the position, losing tracking) forgets it.

Two refinements for recordings that begin mid-exercise (a clip that starts at the top of a bridge, or a
marching bridge with the hips up throughout): ``level_when`` restricts the measurement to frames where
the person is really in the low position (the bridge: hip angle well short of straight), and
``default_level`` (the value lying flat in the intended side view) allows a stand-in until a level is
measured: the lowest value seen in the start position before counting began (a clip that starts as the
person rises), or the file's constant where there was none (a clip that starts at the top).
"""

from __future__ import annotations

import math
from collections import deque
from statistics import median

from posecheck.exercises.schema import FeatureSpec, FeatureType

__all__ = ["DERIVED_TYPES", "FeatureSpeeds", "StartLevels"]

DERIVED_TYPES = (FeatureType.RISE_FROM_START, FeatureType.SPEED_OF)


STEADY_DEG = 3.0  # spread of the base feature over the settle window that still counts as lying still


class StartLevels:
    """Computes every ``rise_from_start`` feature of an exercise, frame by frame."""

    def __init__(self, features: tuple[FeatureSpec, ...], settle_s: float):
        specs = [f for f in features if f.type is FeatureType.RISE_FROM_START]
        self.derived = [(f.name, f.of) for f in specs]
        self._when = {f.of: f.level_when for f in specs}
        self._default = {f.of: f.default_level for f in specs if f.default_level is not None}
        self.window_ms = max(200.0, settle_s * 1000.0)
        self._recent: dict[str, deque] = {of: deque() for _, of in self.derived}
        self.level: dict[str, float] = {}  # measured levels (lowered by the floor)
        self._standin: dict[str, float] = {}  # default levels in use until one is measured
        self._floor: dict[str, float] = {}  # lowest value in the low start position since it was taken
        self._armed = False
        # Set when a measured level replaced a default: the values jump, so what was counted on the
        # default is not comparable any more (the engine restarts the rep in progress).
        self.replaced_standin = False

    def __bool__(self) -> bool:
        return bool(self.derived)

    def observe(self, t_ms: int, values: dict[str, float], in_position: bool) -> None:
        """Follow the base features while in the start position, until each level is fixed."""
        for of, buf in self._recent.items():
            if of in self.level:
                continue
            when = self._when.get(of)
            if not in_position:
                self._floor.pop(of, None)
            if not in_position or (when is not None and not when.holds(values.get(when.feature, math.nan))):
                buf.clear()
                continue
            v = values.get(of, math.nan)
            if not math.isnan(v):
                buf.append((t_ms, v))
                self._floor[of] = min(v, self._floor.get(of, v))
            while buf and t_ms - buf[0][0] > self.window_ms:
                buf.popleft()
            if self._armed:
                self._try_fix(of, buf)

    def arm(self) -> None:
        """Counting starts: the levels are fixed as soon as the start position is held still; until
        then a default level stands in where the exercise file gives one."""
        self._armed = True
        # Where the file allows a stand-in, the lowest value seen in the start position so far is a
        # better one than the file's constant: it is this person in this view (a camera leaning 10
        # degrees reads a body lying flat as 10 degrees of lift). Only without such frames (a clip that
        # starts at the top) does the constant stand in.
        self._standin = {of: self._floor.get(of, level) for of, level in self._default.items()}
        for of, buf in self._recent.items():
            self._try_fix(of, buf)

    def _try_fix(self, of: str, buf: deque) -> None:
        if len(buf) < 2 or buf[-1][0] - buf[0][0] < 0.9 * self.window_ms:
            return
        vs = [v for _, v in buf]
        if max(vs) - min(vs) <= STEADY_DEG:
            self.level[of] = median(vs)
            standin = self._standin.pop(of, None)
            # Only a jump restarts the rep in progress: a stand-in the measurement confirms changes nothing.
            if standin is not None and abs(self.level[of] - standin) > STEADY_DEG:
                self.replaced_standin = True

    def disarm(self) -> None:
        self._armed = False
        self.level.clear()
        self._standin.clear()
        self._floor.clear()
        for buf in self._recent.values():
            buf.clear()

    def derive(self, values: dict[str, float], lower_levels: bool = True) -> dict[str, float]:
        """The derived values for this frame (NaN until the level is fixed or when the base cannot be
        seen). The filtered values lower the levels; the raw ones (for the per-frame CSV) are only shifted."""
        out = {}
        for name, of in self.derived:
            levels = self.level if of in self.level else self._standin
            v, level = values.get(of, math.nan), levels.get(of)
            if level is None or math.isnan(v):
                out[name] = math.nan
                continue
            if lower_levels and v < level:
                levels[of] = level = v
            out[name] = v - level
        return out


class FeatureSpeeds:
    """``speed_of`` features: how fast a feature changes, in its units per second, over the last
    ``SPEED_WINDOW_S`` of filtered values. Why: a hold is a position held still, so "the hips are up" alone
    also times the second it takes to rise and to lower (a 15 s bridge hold read 16.2 s). A window of a few
    frames keeps landmark jitter from reading as movement."""

    SPEED_WINDOW_S = 0.2

    def __init__(self, features: tuple[FeatureSpec, ...]):
        self.derived = [(f.name, f.of) for f in features if f.type is FeatureType.SPEED_OF]
        self._recent: dict[str, deque] = {of: deque() for _, of in self.derived}

    def __bool__(self) -> bool:
        return bool(self.derived)

    def derive(self, t_ms: int, values: dict[str, float]) -> dict[str, float]:
        """This frame's speeds (NaN until the window is filled; a frame that cannot be seen breaks it)."""
        for of, buf in self._recent.items():
            v = values.get(of, math.nan)
            if math.isnan(v):
                buf.clear()
                continue
            buf.append((t_ms, v))
            while len(buf) > 2 and t_ms - buf[1][0] >= self.SPEED_WINDOW_S * 1000.0:
                buf.popleft()
        out = {}
        for name, of in self.derived:
            buf = self._recent[of]
            if len(buf) < 2 or buf[-1][0] - buf[0][0] < self.SPEED_WINDOW_S * 1000.0:
                out[name] = math.nan
                continue
            (t0, v0), (t1, v1) = buf[0], buf[-1]
            out[name] = abs(v1 - v0) * 1000.0 / (t1 - t0)
        return out
