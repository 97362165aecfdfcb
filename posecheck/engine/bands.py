"""Rep hysteresis bands that fit the person. Numpy core: no Qt, mediapipe or cv2.

The exercise file's bands (``RepSpec.top_enter`` …) are written for the intended camera view and a
typical range. A person who moves less, or a camera that sees the movement foreshortened, can stay
inside them: a clamshell filmed a little from the side opens the knee 15-19° in the image where the file
wants 22°, and the set reads 0. The movement cycles (:mod:`posecheck.engine.cycles`) still show it.

So the file's bands are priors: they count as long as the person's movement crosses them. When a whole
cycle of at least the exercise's physiological minimum amplitude went by without the rep machine
counting it, the bands are refitted inside the range this person actually moves through (the last few
cycles), and that cycle is counted. The minimum amplitude is the floor: nothing smaller ever counts, so
noise cannot. Where the file's band already lies inside the person's range it is kept (a shallow rep
that the file deliberately counts, and flags, stays counted).
"""

from __future__ import annotations

from dataclasses import dataclass

from posecheck.engine.cycles import Cycle
from posecheck.exercises.schema import RepSpec

__all__ = ["Bands", "fitted_bands", "RECENT_CYCLES"]

RECENT_CYCLES = 3  # the person's range is taken from this many of their latest cycles
# Where the refitted thresholds sit inside the range, as fractions from the low point to the peak. The
# gaps between enter and exit (0.1 of the range, at least 0.1 of the minimum amplitude) are the hysteresis.
_BOTTOM_ENTER, _BOTTOM_EXIT, _TOP_EXIT, _TOP_ENTER = 0.3, 0.4, 0.55, 0.65


@dataclass(frozen=True)
class Bands:
    """Thresholds in the driver's units (see :class:`RepSpec` for their order and meaning)."""

    top_enter: float
    top_exit: float
    bottom_exit: float
    bottom_enter: float

    @classmethod
    def of(cls, spec: RepSpec) -> "Bands":
        return cls(spec.top_enter, spec.top_exit, spec.bottom_exit, spec.bottom_enter)

    def signed(self, sign: float) -> "Bands":
        return Bands(sign * self.top_enter, sign * self.top_exit, sign * self.bottom_exit, sign * self.bottom_enter)

    def ordered(self) -> bool:
        """True for the "up" sense: bottom_enter < bottom_exit <= top_exit < top_enter."""
        return self.bottom_enter < self.bottom_exit <= self.top_exit < self.top_enter


def fitted_bands(spec: RepSpec, cycles: list[Cycle]) -> Bands | None:
    """Bands inside the range of the person's latest cycles (None when there is none to fit to).

    Works in the "up" sense internally; the result is in the driver's own units and sense."""
    sign = 1.0 if spec.direction == "up" else -1.0
    recent = [c for c in cycles[-RECENT_CYCLES:] if c.amplitude >= spec.min_amplitude]
    if not recent:
        return None
    # The range every recent cycle covers, in the "up" sense: from the highest of their low points
    # (a cycle's amplitude is measured from its higher low point) to the lowest of their peaks.
    low = max(sign * c.peak - c.amplitude for c in recent)
    peak = min(sign * c.peak for c in recent)
    span = max(peak - low, spec.min_amplitude)
    fit = Bands(low + _TOP_ENTER * span, low + _TOP_EXIT * span, low + _BOTTOM_EXIT * span, low + _BOTTOM_ENTER * span)
    prior = Bands.of(spec).signed(sign)
    # Keep each of the file's thresholds that the person's movement crosses; replace the others.
    mixed = Bands(min(prior.top_enter, fit.top_enter), min(prior.top_exit, fit.top_exit),
                  max(prior.bottom_exit, fit.bottom_exit), max(prior.bottom_enter, fit.bottom_enter))
    chosen = mixed if mixed.ordered() and mixed.top_enter - mixed.bottom_enter >= 0.5 * span else fit
    return chosen.signed(sign)
