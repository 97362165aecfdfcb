"""Exports of a review: per-rep CSV, per-frame CSV, the full JSON report, and the PDF's content.

Numpy core: no Qt, mediapipe or cv2. The PDF itself is painted by the Qt side (QPdfWriter) from
:func:`pdf_report_content`, which decides everything that goes in it as plain data, so what a
report says is tested here without a display.

Every export shows the engine's detections and the clinician's verdicts side by side: a fault
marked as a false alarm is kept with its verdict, never removed.
"""

from __future__ import annotations

import csv
import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from posecheck import __version__
from posecheck.report import REPORT_SCHEMA_VERSION
from posecheck.review.annotations import Annotations, effective_faults, effective_rep_faults
from posecheck.review.facts import fault_fields, rep_fields
from posecheck.review.model import Review
from posecheck.i18n import Msg, tr
from posecheck.review.texts import side_word, symmetry_lines, threshold_label
from posecheck.session.private_files import private_opener
from posecheck.session.store import nan_to_none

__all__ = ["EXPORT_SCHEMA_VERSION", "KeyFrame", "PlotSpec", "ReportContent", "SetTable", "export_frames_csv",
           "export_json", "export_reps_csv", "pdf_report_content", "review_to_dict"]

# The JSON export's own version (it holds the report schema v1 fields plus review data).
EXPORT_SCHEMA_VERSION = 1

REP_COLUMNS = ["rep", "rep_index", "set", "side", "start_s", "end_s", "duration_s", "up_s", "top_s", "down_s",
               "peak_angle_deg", "rom_deg", "faults_detected", "faults_after_review", "false_alarms", "note",
               "recomputed"]


def _atomic_text(path: Path, write) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="", opener=private_opener) as f:  # health data: 0600
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _f(x, nd: int) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


# ------------------------------------------------------------------------------------ per rep
def export_reps_csv(review: Review, path: str | Path, annotations: Annotations | None = None) -> Path:
    """One row per rep (columns: :data:`REP_COLUMNS`; fault lists separated by ``;``)."""
    ann = annotations or Annotations()
    after = effective_rep_faults(review, ann)
    false_by_rep: dict[int, list[str]] = {}
    for e in effective_faults(review, ann):
        if e.status == "false_alarm" and e.rep_index is not None:
            false_by_rep.setdefault(e.rep_index, []).append(e.id)

    def write(f):
        w = csv.writer(f)
        w.writerow(REP_COLUMNS)
        for r in review.reps:
            note = ann.rep_notes.get(r.index)
            w.writerow([r.index + 1, r.index, r.set_index, r.side or "", _f(r.start_s, 3), _f(r.end_s, 3),
                        _f(r.duration_s, 2), _f(r.up_s, 2), _f(r.top_s, 2), _f(r.down_s, 2), _f(r.peak_angle_deg, 1),
                        _f(r.rom_deg, 1), ";".join(r.faults), ";".join(after.get(r.index, r.faults)),
                        ";".join(false_by_rep.get(r.index, [])), note.text if note else "", ";".join(r.recomputed)])

    return _atomic_text(Path(path), write)


# ------------------------------------------------------------------------------------ per frame
def _column(values: np.ndarray, nd: int) -> list[str]:
    """Numbers as text with ``nd`` decimals, NaN as an empty cell. (Plain ``%`` on a list: about five
    times faster than ``np.char.mod`` for the 54,000 rows of a 30-minute session.)"""
    fmt = f"%.{nd}f"
    return [fmt % v if v == v else "" for v in np.asarray(values, np.float64).tolist()]


def frame_columns(review: Review) -> list[str]:
    names = list(review.series.raw_deg)
    return ["t_s", "video_frame", "has_pose", "camera_side", "rep_index"] + \
        [c for n in names for c in (f"{n}_raw", f"{n}_smooth")]


def export_frames_csv(review: Review, path: str | Path) -> Path:
    """One row per landmark frame: time, video frame, whether a person was found, the side facing the
    camera, the rep in progress (empty between reps), and every feature raw and zero-phase smoothed."""
    s = review.series
    n = len(s)
    cols: list[list[str]] = [_column(s.t_s, 3)]
    cols.append([str(v) for v in review.frames_of(s.t_s).tolist()] if n else [])
    has = s.has_pose if s.has_pose is not None else np.ones(n, bool)
    cols.append(np.where(has, "1", "0").tolist())
    cols.append(s.camera_side.tolist() if s.camera_side is not None else [""] * n)
    # Rep in progress per frame, vectorised over the reps' start/end times.
    rep_col = np.full(n, -1, np.int64)
    for r in review.reps:
        lo, hi = np.searchsorted(s.t_s, [r.start_s - 1e-6, r.end_s + 1e-6])
        rep_col[lo:hi] = r.index
    cols.append(np.where(rep_col >= 0, rep_col.astype(str), "").tolist())
    for name in s.raw_deg:
        nd = 4 if s.units.get(name) == "ratio" else 2
        cols.append(_column(s.raw_deg[name], nd))
        cols.append(_column(s.angle_deg[name], nd))

    def write(f):
        f.write(",".join(frame_columns(review)) + "\n")
        f.writelines(",".join(row) + "\n" for row in zip(*cols))

    return _atomic_text(Path(path), write)


# ------------------------------------------------------------------------------------ JSON
def review_to_dict(review: Review, annotations: Annotations | None = None) -> dict:
    """The full report: the fields of report schema v1 (exercise, model, reps, rep_list, holds,
    faults …, projected from the rows as ``posecheck analyze`` projects them) plus sets, symmetry, and
    the clinician's notes and verdicts beside each detection."""
    ann = annotations or Annotations()
    ex = review.exercise
    meta = review.meta
    after = effective_rep_faults(review, ann)
    eff = effective_faults(review, ann)
    per_side = ex.per_side

    def note(n):
        return None if n is None else {"text": n.text, "author": n.author, "updated_at": n.updated_at}

    rep_list = []
    for r in review.reps:
        d = {**rep_fields(r), "set_index": r.set_index, "duration_s": r.duration_s,
             "faults_after_review": after.get(r.index, list(r.faults)), "note": note(ann.rep_notes.get(r.index)),
             "recomputed": list(r.recomputed)}
        rep_list.append(d)
    faults = []
    for e in eff:
        if e.original is None:
            continue
        f = e.original
        v = ann.verdicts.get(f.key)
        faults.append({"key": f.key, **fault_fields(f), "set_index": f.set_index,
                       "clinician": None if v is None else {"verdict": v.verdict, "note": v.note, "author": v.author,
                                                            "updated_at": v.updated_at}})
    added = [{"key": a.key, "id": a.id, "t_s": a.t_s, "rep_index": a.rep_index, "note": a.note, "author": a.author,
              "created_at": a.created_at} for a in ann.added_faults]
    sym = review.symmetry
    frames_with_pose = int(review.series.has_pose.sum()) if review.series.has_pose is not None else 0
    return nan_to_none({
        "schema": "posecheck-review-export",
        "schema_version": EXPORT_SCHEMA_VERSION,
        "report_schema_version": REPORT_SCHEMA_VERSION,
        "posecheck_version": __version__,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "exercise": review.exercise_id,
        "exercise_name": {"en": ex.name.en, "nl": ex.name.nl},
        "kind": ex.kind.value,
        "source": {"kind": "session" if review.folder is not None else "video",
                   "session": review.folder.name if review.folder is not None else None,
                   "video": review.video_path.name if review.video_path is not None else None,
                   "started_at": meta.get("started_at"), "ended_at": meta.get("ended_at"),
                   "complete": meta.get("complete"), "app_version": meta.get("app_version")},
        "model": review.model,
        "prescription": meta.get("prescription") or asdict(ex.prescription),
        "duration_s": round(review.duration_s, 3),
        "reps": {"total": len(review.reps),
                 "left": sum(r.side == "left" for r in review.reps) if per_side else None,
                 "right": sum(r.side == "right" for r in review.reps) if per_side else None},
        "sets": [asdict(s) for s in review.sets],
        "rep_list": rep_list,
        "holds": [asdict(h) for h in review.holds],
        "hold_total_s": review.hold_total_s,
        "faults": faults,
        "added_faults": added,
        "faults_after_review": sum(e.counts for e in eff),
        "symmetry": {**asdict(sym), "summary_en": symmetry_lines(sym, "en"), "summary_nl": symmetry_lines(sym, "nl")},
        "notes": {"session": note(ann.session_note),
                  "reps": {str(k): note(v) for k, v in sorted(ann.rep_notes.items())}},
        "stopped_for_pain": review.stopped_for_pain,
        "frames": {"total": len(review.series), "with_pose": frames_with_pose},
        # The report schema's English fields and their Dutch twins, from the review's catalogue lines.
        "cannot_judge": review.cannot_judge_in("en"),
        "cannot_judge_nl": review.cannot_judge_in("nl"),
        "uncertain": review.uncertain_in("en"),
        "uncertain_nl": review.uncertain_in("nl"),
        "recognised": review.recognised_in("en"),
        "recognised_nl": review.recognised_in("nl"),
        "hold_in_position_s": review.hold_in_position_s,
        "warnings": list(review.warnings),
    })


def export_json(review: Review, path: str | Path, annotations: Annotations | None = None) -> Path:
    data = review_to_dict(review, annotations)
    return _atomic_text(Path(path), lambda f: (json.dump(data, f, indent=2, ensure_ascii=False), f.write("\n")))


# ------------------------------------------------------------------------------------ PDF content
@dataclass
class SetTable:
    heading: str
    columns: list[str]
    rows: list[list[str]]
    false_alarm_rows: list[int] = field(default_factory=list)  # row numbers to draw struck through / grey


@dataclass
class PlotSpec:
    """One angle plot: the feature(s), their threshold lines, and which reps and faults to mark."""

    title: str
    features: list[str]
    unit: str
    thresholds: list[tuple[float, str]]  # (value, label)
    rep_spans_s: list[tuple[float, float]]
    fault_times_s: list[float]


@dataclass
class KeyFrame:
    """A video frame to show for a fault: where it is and what to write under it."""

    t_s: float
    video_frame: int
    fault_key: str
    caption: str


@dataclass
class ReportContent:
    lang: str
    title: str
    header_lines: list[str]
    summary_lines: list[str]
    symmetry_lines: list[str]
    notes_lines: list[str]
    set_tables: list[SetTable]
    plots: list[PlotSpec]
    fault_lines: list[str]
    key_frames: list[KeyFrame]
    include_images: bool
    privacy_line: str = ""
    hold_lines: list[str] = field(default_factory=list)


def _mmss(t_s: float) -> str:
    m, s = divmod(max(t_s, 0.0), 60.0)
    return f"{int(m)}:{s:04.1f}"


def pdf_report_content(review: Review, annotations: Annotations | None = None, lang: str = "en",
                       include_images: bool = True) -> ReportContent:
    """Everything the PDF says, in ``lang`` (en/nl). ``include_images=False`` (privacy): no video frames
    at all, and the report says so; plots and tables stay."""
    ann = annotations or Annotations()
    ex = review.exercise
    name = ex.name.get(lang)
    eff = effective_faults(review, ann)
    after = effective_rep_faults(review, ann)
    title = tr("posecheck session report: {exercise}" if review.folder is not None else "posecheck video report: {exercise}", lang, exercise=name)

    header = []
    if review.meta.get("started_at"):
        header.append(tr("Recorded {when}", lang, when=str(review.meta["started_at"]).replace("T", " ")))
    if review.folder is None and review.video_path is not None:
        header.append(tr("Video: {name}", lang, name=review.video_path.name))
    m = review.model
    if m["variant"]:
        header.append(tr("Pose model: {variant} (SHA-256 {sha})", lang, variant=m["variant"], sha=m["sha256"][:12] or "?"))

    summary = []
    d = review.duration_s
    minutes, seconds = divmod(int(round(d)), 60)  # round first: 359.6 s is 6 min 0 s, not 5 min 60 s
    summary.append(tr("Duration: {min} min {s} s", lang, min=minutes, s=seconds))
    n = len(review.reps)
    if ex.rep is not None:
        if ex.per_side:
            summary.append(tr("Repetitions: {n} (left {left}, right {right})", lang, n=n, left=sum(r.side == "left" for r in review.reps),
                              right=sum(r.side == "right" for r in review.reps)))
        else:
            summary.append(tr("Repetitions: {n}", lang, n=n))
        p = ex.prescription
        if p.reps:
            summary.append(tr("Prescribed: {sets} sets of {reps}", lang, sets=p.sets, reps=p.reps))
    elif ex.prescription.hold_s:
        summary.append(tr("Prescribed: {sets} sets, hold {hold:g} s", lang, sets=ex.prescription.sets, hold=ex.prescription.hold_s))
    summary.append(tr("Sets: {n}", lang, n=len(review.sets)))
    if review.holds:
        summary.append(tr("Held: {total:.1f} s in {n} hold(s), longest {longest:.1f} s", lang, total=review.hold_total_s, n=len(review.holds),
                          longest=max(h.duration_s for h in review.holds)))
    if review.hold_in_position_s:
        summary.append(tr("Held {held:.1f} s in position, {good:.1f} s of it with good form", lang, held=review.hold_in_position_s, good=review.hold_total_s))
    roms = [r.rom_deg for r in review.reps if r.rom_deg is not None]
    if roms:
        summary.append(tr("Mean range of motion: {rom:.1f}°", lang, rom=sum(roms) / len(roms)))
    counted = sum(e.counts for e in eff)
    summary.append(tr("Form faults: {n} ({rate:.0%} of reps)", lang, n=counted, rate=counted / n) if n else tr("Form faults: {n}", lang, n=counted))
    false_n = sum(e.status == "false_alarm" for e in eff)
    if false_n or ann.added_faults:
        summary.append(tr("Clinician review: {false} false alarm(s), {added} missed fault(s) added", lang, false=false_n, added=len(ann.added_faults)))
    if review.stopped_for_pain:
        summary.append(tr("The patient stopped this session because of pain.", lang))
    summary += [tr("Cannot judge: {reason}", lang, reason=c) for c in review.cannot_judge_in(lang)]
    summary += review.uncertain_in(lang) + review.recognised_in(lang)

    notes = []
    if ann.session_note:
        notes.append(tr("Clinician's note: {note}", lang, note=ann.session_note.text))

    fault_names = {f.id: f.title(lang) for f in ex.faults}
    columns = [m.text(lang) for m in (Msg("Rep"), Msg("Side"), Msg("Start (s)", "report"), Msg("Duration (s)"),
                                      Msg("Up (s)"), Msg("Down (s)"), Msg("Peak (°)", "report"), Msg("ROM (°)"),
                                      Msg("Faults"), Msg("Note"))]
    tables = []
    for s in review.sets:
        rows, struck = [], []
        for r in (r for r in review.reps if r.set_index == s.set_index):
            note = ann.rep_notes.get(r.index)
            shown = after.get(r.index, r.faults)
            false_here = [e.id for e in eff if e.rep_index == r.index and e.status == "false_alarm"]
            faults_text = ", ".join([fault_names.get(f, f) for f in shown]
                                    + [f"{fault_names.get(f, f)} {tr('(false alarm)', lang)}" for f in false_here])
            if false_here:
                struck.append(len(rows))
            rows.append([str(r.index + 1), side_word(r.side, lang), _f(r.start_s, 1), _f(r.duration_s, 1),
                         _f(r.up_s, 1), _f(r.down_s, 1), _f(r.peak_angle_deg, 1), _f(r.rom_deg, 1), faults_text,
                         note.text if note else ""])
        tables.append(SetTable(tr("Set {n}", lang, n=s.set_index), columns, rows, struck))

    plots = []
    series = review.series
    spans = [(r.start_s, r.end_s) for r in review.reps]
    fault_times = [e.t_s for e in eff if e.counts]
    if series.driver_features:
        lines = [(t.value, threshold_label(t, lang)) for t in series.thresholds if t.feature == series.driver_features[0]
                 and t.kind.startswith("rep_")] or \
                [(t.value, threshold_label(t, lang)) for t in series.thresholds if t.feature == series.driver_features[0]]
        plots.append(PlotSpec(tr("{feature} over the session, with the counting thresholds", lang, feature=series.title(series.driver, lang)), list(series.driver_features),
                              series.units.get(series.driver_features[0], "deg"), lines, spans, fault_times))
    # each fault's own signal, then the lower-back curve where the exercise reads it (issue 11)
    for fid_feature in dict.fromkeys([f.condition.feature for f in ex.faults] + list(series.outline_features)):
        if fid_feature in series.driver_features or fid_feature not in series.angle_deg:
            continue
        lines = [(t.value, threshold_label(t, lang)) for t in series.thresholds if t.feature == fid_feature and t.kind == "fault"]
        plots.append(PlotSpec(tr("{feature} over the session", lang, feature=series.title(fid_feature, lang)), [fid_feature],
                              series.units.get(fid_feature, "deg"), lines, spans, fault_times))

    fault_lines, key_frames = [], []
    for e in eff:
        tag = {"false_alarm": " " + tr("(false alarm)", lang), "added": " " + tr("(added by clinician)", lang)}.get(e.status, "")
        rep = f" (#{e.rep_index + 1})" if e.rep_index is not None else ""
        name = fault_names.get(e.id, e.id.replace("_", " "))
        cue = e.message.get(lang)
        text = tr("{time}: {message}", lang, time=_mmss(e.t_s), message=f"{name}. {cue}" if cue else name) + rep + tag
        fault_lines.append(text)
        if include_images and e.counts and review.video_path is not None:
            key_frames.append(KeyFrame(e.t_s, review.frame_of(e.t_s), e.key, text))
    hold_lines = [tr("Hold {n} (set {set}) {side} at {start}: {d:.1f} s", lang, n=h.index + 1, set=h.set_index, side=side_word(h.side, lang),
                     start=_mmss(h.start_s), d=h.duration_s).replace("  ", " ") for h in review.holds]
    return ReportContent(lang=lang, title=title, header_lines=header, summary_lines=summary, hold_lines=hold_lines,
                         symmetry_lines=symmetry_lines(review.symmetry, lang), notes_lines=notes, set_tables=tables,
                         plots=plots, fault_lines=fault_lines, key_frames=key_frames, include_images=include_images,
                         privacy_line="" if include_images else tr("Video frames left out of this report for privacy.", lang))
