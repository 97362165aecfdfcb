"""The library's progress charts from the core's :func:`posecheck.review.progress.progress`.

Progress only means something within one exercise (ten bridges and ten planks are not a trend), so
with "all exercises" chosen the charts show the exercise with the most sessions in the filtered
range, and the chart title names it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from posecheck.app.review.library.qt_progress_charts import ProgressSeries
from posecheck.review.progress import progress
from posecheck.session.index import SessionSummary

__all__ = ["chart_exercise", "progress_series"]


def chart_exercise(rows: list[SessionSummary], exercise_id: str | None) -> str | None:
    if exercise_id:
        return exercise_id
    counts = Counter(s.exercise_id for s in rows)
    return counts.most_common(1)[0][0] if counts else None


def progress_series(library: str | Path, exercise_id: str | None, since: dt.date | None,
                    until: dt.date | None) -> ProgressSeries:
    out = ProgressSeries()
    if not exercise_id:
        return out
    for i, p in enumerate(progress(library, exercise_id, since, until, refresh=False), start=1):
        out.labels.append(f"#{i} {p.date.strftime('%d-%m')}" if p.date else f"#{i}")
        sided = bool(p.reps_left or p.reps_right)
        out.reps_left.append(p.reps_left if sided else None)
        out.reps_right.append(p.reps_right if sided else None)
        out.reps_total.append(p.reps_total if p.reps_total or not p.hold_total_s else None)
        out.rom_deg.append(p.rom_mean_deg)
        out.fault_rate.append(p.fault_rate)
        out.hold_s.append(p.hold_total_s or None)
    return out
