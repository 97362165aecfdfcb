"""What the workstation's angle plot shows, as plain data (no widgets): which measurements can be
chosen, their labels and colours, and the threshold lines with readable labels."""

from __future__ import annotations

from posecheck.app.review.workstation.qt_timeline import SIDE_COLOURS
from posecheck.review.texts import threshold_label

__all__ = ["plot_choices", "plot_lines", "side_colour"]

_FAULT = "#ff6b6b"
_HOLD = "#8fd18f"
_REP = "#c9c9c9"


def side_colour(feature: str) -> str | None:
    """A per-side series takes its side's colour, the same as the timeline's bands."""
    for side in ("left", "right"):
        if feature.endswith("_" + side):
            return SIDE_COLOURS[side].name()
    return None


def plot_choices(series, lang: str = "en") -> list[tuple[str, list[str]]]:
    """(label, series names): the rep driver first, then each fault's own signal (the over-arch fault
    watches the hip angle, not the lift that counts the reps), then the lower-back curve where the
    exercise reads it and no fault already brought it."""
    out = []
    drivers = [f for f in series.driver_features if f in series.angle_deg]
    if drivers:
        out.append((series.title(series.driver or drivers[0], lang), drivers))
    seen = set(drivers)
    for th in series.thresholds:
        if th.kind == "fault" and th.feature in series.angle_deg and th.feature not in seen:
            seen.add(th.feature)
            out.append((series.title(th.feature, lang), [th.feature]))
    for name in getattr(series, "outline_features", []):
        if name in series.angle_deg and name not in seen:
            seen.add(name)
            out.append((series.title(name, lang), [name]))
    return out


def plot_lines(series, features: list[str], hold_exercise: bool, lang: str = "en") -> list[tuple[float, str, str]]:
    """(value, colour, label) of the lines over ``features``: where counting starts and ends (not the
    exit lines of the hysteresis, which would crowd the plot), the hold band for hold exercises, and
    fault limits. Lines at the same value (a hold band edge that is also a fault limit) share one
    label: two labels drawn on top of each other cannot be read."""
    by_value: dict[float, list[tuple[str, str]]] = {}
    for th in series.thresholds:
        if th.feature not in features:
            continue
        if th.kind in ("rep_top_enter", "rep_bottom_enter"):
            colour = _REP
        elif th.kind == "hold" and hold_exercise:
            colour = _HOLD
        elif th.kind == "fault":
            colour = _FAULT
        else:
            continue
        by_value.setdefault(round(th.value, 3), []).append((colour, threshold_label(th, lang)))
    lines = []
    for value, entries in by_value.items():
        colours = [c for c, _ in entries]
        colour = _FAULT if _FAULT in colours else colours[0]
        lines.append((value, colour, "  ·  ".join(dict.fromkeys(label for _, label in entries))))
    return lines
