"""Turns an analysis (events + trace) into the versioned JSON report and the per-frame CSV.

Numpy core: no Qt, no mediapipe, no cv2. The report's reps, holds and faults are the analyzer's events
read as one set by :func:`posecheck.review.facts.facts_from_events` (the reader the review uses) and
projected to the report's keys, so what the live counter showed, what the report says and what the
physiotherapist reads are the same facts.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from posecheck import __version__
import numpy as np

from posecheck.engine.analyzer import Analyzer
from posecheck.engine.count_check import CountCheck, check_count
from posecheck.engine.cycles import cycles_in_recording
from posecheck.engine.events import PositionReached, TaggedEvent
from posecheck.exercises.schema import FaultSpec, FeatureType
from posecheck.i18n import N_, Msg, tr
from posecheck.kinematics.filters import zero_phase_smooth
from posecheck.review.facts import facts_from_events, fault_fields, hold_fields, rep_fields

__all__ = ["REPORT_SCHEMA_VERSION", "build_report", "write_frames_csv", "cannot_judge_reasons", "mark_cut_short",
           "format_summary", "recorded_count_check", "uncertain_reasons", "feature_summary", "outline_unseen"]

REPORT_SCHEMA_VERSION = 1
# Share of frames above which a setup problem makes the whole recording "cannot judge".
_PROBLEM_SHARE = 0.5


def _s(t_ms: int | None) -> float | None:
    return None if t_ms is None else round(t_ms / 1000.0, 3)


def _r(x: float, nd: int = 1) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), nd)


# Why a recording (or one fault) could not be judged. The report carries these in English and Dutch
# (``cannot_judge``, ``cannot_judge_nl``) as it does for fault messages, so a Dutch screen or PDF never
# shows English reasons; the words are the gettext catalogue's (posecheck/i18n.py).
_REASONS = {
    "no_person": N_("no person was found in any frame"),
    "two_people": N_("two people were in view in {share} of frames"),
    "feet_out_of_view": N_("the legs or feet were outside the picture in {share} of frames"),
    "body_out_of_view": N_("the shoulders or hips were not clearly visible in {share} of frames"),
    "wrong_view": N_("the camera view did not match the {view} view this exercise needs in {share} of frames"),
    "no_start": N_("the start position of this exercise was never recognised"),
    "fault_unsteady": N_("fault '{fault}' could not be judged on {n} of {total} reps: its signal moved too much "
                         "while you rested between reps"),
    "fault_view": N_("fault '{fault}' cannot be judged from this camera view (needs a {view} view)"),
    "fault_outline": N_("fault '{fault}' could not be judged in {share} of the frames: the back's outline was ragged, "
                        "blurred or hidden (loose clothes, a dark floor, an arm or someone against the body)"),
    "cut_short": N_("the video file is cut short: only {decoded} of the {announced} frames it announces could be read "
                    "(the first {decoded_s} of {announced_s} s); the rest of the recording was not judged"),
}
_VIEW_WORDS = {"side": Msg("side", "camera view"), "front": Msg("front", "camera view"),
               "oblique": Msg("oblique", "camera view"), "above": Msg("above", "camera view")}


def _view_word(view: str, lang: str) -> str:
    word = _VIEW_WORDS.get(view)
    return view if word is None else word.text(lang)


def cannot_judge_reasons(an: Analyzer, frames_with_pose: int, lang: str = "en") -> list[str]:
    """Why (part of) this recording could not be judged, in plain words; empty when all was fine."""

    def say(code: str, **fmt) -> str:
        return tr(_REASONS[code], lang, **fmt)

    def view(v: str) -> str:
        return _view_word(v, lang)

    reasons = []
    st = an.setup
    if frames_with_pose == 0:
        return [say("no_person")]
    if st.share("two_people") > 0.3:
        reasons.append(say("two_people", share=f"{st.share('two_people'):.0%}"))
    for code in ("feet_out_of_view", "body_out_of_view"):
        if st.share(code) > _PROBLEM_SHARE:
            reasons.append(say(code, share=f"{st.share(code):.0%}"))
    if st.share("wrong_view") > _PROBLEM_SHARE:
        reasons.append(say("wrong_view", view=view(an.exercise.view.value), share=f"{st.share('wrong_view'):.0%}"))
    if not any(isinstance(e, PositionReached) for e in an.events):
        reasons.append(say("no_start"))
    total = max(st.frames, 1)
    out_of_view = set()
    for fid, n in sorted(an.fault_skipped_frames.items()):
        if n / total > _PROBLEM_SHARE:
            out_of_view.add(fid)
            spec = next(f for f in an.exercise.faults if f.id == fid)
            views = tr(" or ", lang).join(view(v.value) for v in spec.views)
            reasons.append(say("fault_view", fault=spec.title(lang).lower(), view=views))
    for fid, n in sorted(an.faults.unsteady.items()):
        if fid in out_of_view:
            continue  # already said: this view cannot judge it at all
        spec = next(f for f in an.exercise.faults if f.id == fid)
        reasons.append(say("fault_unsteady", fault=spec.title(lang).lower(), n=n, total=n + an.faults.judged.get(fid, 0)))
    for spec, share in outline_unseen(an):
        if spec.id not in out_of_view:
            reasons.append(say("fault_outline", fault=spec.title(lang).lower(), share=f"{share:.0%}"))
    return reasons


_MIN_TRACE_FRAMES = 30  # a live analyzer keeps only its newest frames: too few to say a share


def _outline_base(ex, feature: str) -> str | None:
    """The back_curve feature a feature reads (itself, or the one it is derived from), or None."""
    by_name = {f.name: f for f in ex.features}
    spec = by_name.get(feature)
    while spec is not None and spec.of:
        spec = by_name.get(spec.of)
    return spec.name if spec is not None and spec.type is FeatureType.BACK_CURVE else None


def outline_unseen(an: Analyzer) -> list[tuple[FaultSpec, float]]:
    """Faults that read the back's outline, with the share of the frames (person in view and counting armed
    or holding) in which the outline could not be judged, where that is more than half. Landmarks recorded
    without person masks (before issue 11, or a backend without them) have no outline to judge: the
    fault's feature is NaN throughout and it is said nowhere that the outline was ragged."""
    trace = an.trace
    if len(trace.t_ms) < _MIN_TRACE_FRAMES or not an.outline_frames:
        return []  # no outline was measured at all (landmarks without masks): nothing was ragged
    seen = np.array(trace.seen, bool) & (np.array(trace.phase) != "idle")
    if seen.sum() < _MIN_TRACE_FRAMES:
        seen = np.array(trace.seen, bool)
    out = []
    for spec in an.exercise.faults:
        base = _outline_base(an.exercise, spec.condition.feature) if spec.condition.feature else None
        if base is None or not seen.any():
            continue
        share = float(np.mean(np.isnan(np.array(trace.raw[base], float)[seen])))
        if share > _PROBLEM_SHARE:
            out.append((spec, share))
    return out


def feature_summary(an: Analyzer) -> list[dict]:
    """Every feature of the exercise with its name for people, its unit and, over the frames the person was
    judged, the share with a value and its range (filtered, as the engine used it): the report's ``features``."""
    trace = an.trace
    seen = np.array(trace.seen, bool)
    out = []
    for f in an.exercise.features:
        names = [f"{f.name}_left", f"{f.name}_right"] if f.side == "both" else [f.name]
        ratio = f.type in (FeatureType.LINE_OFFSET, FeatureType.DISTANCE) or (
            f.type is FeatureType.BACK_CURVE and f.measure == "depth_ratio")
        unit = "ratio" if ratio else ("deg_s" if f.type is FeatureType.SPEED_OF else "deg")
        for name in names:
            v = np.array(trace.filtered.get(name, []), float)
            v = v[seen[: len(v)]] if len(v) == len(seen) else v
            ok = v[np.isfinite(v)]
            out.append({"name": name, "label": f.title("en"), "label_nl": f.title("nl"), "type": f.type.value,
                        "unit": unit, "judged_share": _r(len(ok) / len(v), 3) if len(v) else None,
                        "min": _r(ok.min(), 2) if ok.size else None, "median": _r(np.median(ok), 2) if ok.size else None,
                        "max": _r(ok.max(), 2) if ok.size else None})
    return out


def _rep_curves(an: Analyzer, rep) -> dict:
    """The lower-back curve over one rep (min, max, range, degrees): the spine's own range of motion in a
    cat-cow, which the head that counts the reps does not show. Empty without a back_curve bend."""
    trace = an.trace
    if not trace.t_ms or rep.start_s is None or rep.end_s is None:
        return {}
    t = np.array(trace.t_ms, np.int64)
    inside = (t >= round(rep.start_s * 1000)) & (t <= round(rep.end_s * 1000))
    out = {}
    for f in an.exercise.features:
        if f.type is not FeatureType.BACK_CURVE or f.measure != "curve_deg" or f.name not in trace.filtered:
            continue
        v = np.array(trace.filtered[f.name], float)[inside]
        v = v[np.isfinite(v)]
        if v.size:
            out[f.name] = {"min": _r(v.min()), "max": _r(v.max()), "range": _r(v.max() - v.min())}
    return out


# Why a count may be wrong although the recording could be judged (``uncertain`` / ``uncertain_nl``).
_DOUBTS = {
    "count_vs_cycles": N_("count uncertain: {reps} counted, {cycles} movement cycles seen"),
    "nothing_seen": N_("count uncertain: no repetition seen in {s:.0f} s in the start position; the movement may "
                       "be too small to see from this camera"),
}


def recorded_count_check(an: Analyzer) -> CountCheck | None:
    """The rep count against the cycles of the whole recorded driver (zero-phase smoothed peaks)."""
    spec = an.exercise.rep
    if spec is None or not an.trace.t_ms:
        return None
    t_ms = np.array(an.trace.t_ms, np.int64)
    cycles = cycles_in_recording(t_ms, an.driver_series(), spec.direction, spec.min_amplitude)
    armed = np.array([p != "idle" for p in an.trace.phase], bool)
    in_position_s = float(np.sum(np.diff(t_ms)[armed[1:]])) / 1000.0 if len(t_ms) > 1 else 0.0
    held_s = an.hold_in_position.total_s if an.hold_in_position is not None else 0.0
    return check_count(len(an.reps.reps), cycles, spec, in_position_s, held_s)


def uncertain_reasons(check: CountCheck | None, lang: str = "en") -> list[str]:
    """Why the count may be wrong, in plain words; empty when the two counts agree."""
    if check is None or not check.uncertain:
        return []
    if check.nothing_seen:
        return [tr(_DOUBTS["nothing_seen"], lang, s=check.in_position_s)]
    return [tr(_DOUBTS["count_vs_cycles"], lang, reps=check.reps, cycles=check.cycles)]


def _people(an: Analyzer) -> dict:
    note = an.people.note()
    text = note.text()
    return {"most_in_view": note.most_in_view, "frames_with_others": note.frames_with_others,
            "followed": None if text is None else text.text("en"), "followed_nl": None if text is None else text.text("nl")}


def mark_cut_short(report: dict, frames_decoded: int, frames_announced: int, decoded_s: float,
                   announced_s: float) -> None:
    """Records in ``report`` that its video file is cut short: the first reason under ``cannot_judge`` (and
    ``cannot_judge_nl``), and the counts under ``frames.cut_short``, so a reader of the JSON knows the
    report covers only the part that could be read."""
    for key, lang in (("cannot_judge", "en"), ("cannot_judge_nl", "nl")):
        def seconds(x: float) -> str:  # the decimal comma of Dutch (and of most of Europe)
            return f"{x:.1f}" if lang == "en" else f"{x:.1f}".replace(".", ",")

        report[key].insert(0, tr(_REASONS["cut_short"], lang, decoded=frames_decoded, announced=frames_announced,
                                 decoded_s=seconds(decoded_s), announced_s=seconds(announced_s)))
    report["frames"]["cut_short"] = {"frames_readable": frames_decoded, "frames_announced": frames_announced,
                                     "readable_s": round(decoded_s, 3), "announced_s": round(announced_s, 3)}


def build_report(an: Analyzer, *, model_variant: str, model_sha256: str, source: str = "",
                 frames_total: int | None = None, frames_with_pose: int | None = None, lang: str = "en") -> dict:
    ex = an.exercise
    facts = facts_from_events([TaggedEvent(e, ex.id, 1) for e in an.events], ex)
    reps, holds = facts.reps, facts.holds
    messages = {f.id: f.message for f in ex.faults}
    names = {f.id: f.names for f in ex.faults}
    frames_total = len(an.trace.t_ms) if frames_total is None else frames_total
    frames_with_pose = sum(an.trace.has_pose) if frames_with_pose is None else frames_with_pose
    check = recorded_count_check(an)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "posecheck_version": __version__,
        "exercise": ex.id,
        "exercise_name": {"en": ex.name.en, "nl": ex.name.nl},
        # Which of the exercise's variants was recognised (posecheck/engine/variants.py); None without variants.
        "variant": None if not ex.variant_id else {"id": ex.variant_id, "name": ex.variant_name.en if ex.variant_name else "",
                                                   "name_nl": ex.variant_name.nl if ex.variant_name else ""},
        "kind": ex.kind.value,
        "source": source,
        "model": {"variant": model_variant, "sha256": model_sha256},
        "reps": {
            "total": len(reps),
            "left": sum(r.side == "left" for r in reps) if ex.per_side else None,
            "right": sum(r.side == "right" for r in reps) if ex.per_side else None,
        },
        "rep_list": [{**rep_fields(r), **({"curves": c} if (c := _rep_curves(an, r)) else {})} for r in reps],
        "holds": [hold_fields(h) for h in holds],
        # Time in good form (the clock the person is credited with), and time in the held position
        # whatever the form: "held 10 s, 4 s of it with good form".
        "hold_total_s": _r(sum(round((h.end_s - h.start_s) * 1000) / 1000.0 for h in holds), 2),  # whole ms
        "hold_in_position_s": _r(an.hold_in_position.total_s, 2) if an.hold_in_position else None,
        "faults": [
            {"id": f.id, "name": names[f.id].en, "name_nl": names[f.id].nl, **fault_fields(f),
             "message": messages[f.id].get(lang)}
            for f in facts.faults
        ],
        "frames": {"total": frames_total, "with_pose": frames_with_pose},
        "cannot_judge": cannot_judge_reasons(an, frames_with_pose),
        "cannot_judge_nl": cannot_judge_reasons(an, frames_with_pose, lang="nl"),
        # Who was judged when more than one person was in view (posecheck/engine/people.py).
        "people": _people(an),
        # The rep count checked against the movement cycles (posecheck/engine/count_check.py).
        "count_check": None if check is None else {"reps": check.reps, "cycles": check.cycles},
        "uncertain": uncertain_reasons(check),
        "uncertain_nl": uncertain_reasons(check, lang="nl"),
        "prescription": {"sets": ex.prescription.sets, "reps": ex.prescription.reps, "hold_s": ex.prescription.hold_s},
        # Every measured feature with its name for people and its range (issue 11: the lower-back curve too).
        "features": feature_summary(an),
    }


def write_frames_csv(an: Analyzer, path: str | Path, smooth_cutoff_hz: float = 3.0) -> None:
    """Per-frame angles: raw, causally filtered (what the engine used) and zero-phase smoothed (for review)."""
    import numpy as np

    tr = an.trace
    t = np.array(tr.t_ms, np.int64)
    smooth = {n: zero_phase_smooth(np.array(tr.raw[n], float), t, cutoff_hz=smooth_cutoff_hz) if len(t) > 1
              else np.array(tr.raw[n], float) for n in an.names}
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        header = ["t_s", "has_pose", "camera_side", "view_deg", "phase"]
        for n in an.names:
            header += [f"{n}_raw", f"{n}_filtered", f"{n}_smooth"]
        w.writerow(header)
        for i in range(len(t)):
            row = [f"{t[i] / 1000:.3f}", int(tr.has_pose[i]), tr.camera_side[i], _fmt(tr.view_deg[i]), tr.phase[i]]
            for n in an.names:
                row += [_fmt(tr.raw[n][i]), _fmt(tr.filtered[n][i]), _fmt(smooth[n][i])]
            w.writerow(row)


def _fmt(x: float) -> str:
    return "" if x is None or math.isnan(x) else f"{x:.2f}"


def _field_in(d: dict, key: str, lang: str):
    """A report field in ``lang``: the schema writes English as ``key`` and each other language as
    ``key_<lang>`` (``cannot_judge_nl``); English where that language is missing."""
    return d.get(key) if lang == "en" else d.get(f"{key}_{lang}", d.get(key))


def format_summary(report: dict, lang: str = "en") -> str:
    """A short human-readable summary for the terminal."""
    variant = report.get("variant")
    name = report["exercise_name"].get(lang, report["exercise_name"]["en"]) + \
        (f" ({_field_in(variant, 'name', lang)})" if variant else "")
    lines = [f"{name} — {report['source']}"]
    reps = report["reps"]
    if report["rep_list"] or report["kind"] in ("reps", "alternating_reps", "per_side_reps"):
        per_side = f" (left {reps['left']}, right {reps['right']})" if reps["left"] is not None else ""
        lines.append(f"  reps: {reps['total']}{per_side}")
        for r in report["rep_list"]:
            side = f" {r['side']:<5}" if r["side"] else ""
            faults = f"  ! {', '.join(r['faults'])}" if r["faults"] else ""
            lines.append(f"   #{r['index'] + 1}{side} {r['start_s']:6.1f}–{r['end_s']:.1f} s  "
                         f"peak {r['peak_angle_deg']}°  up {r['up_s']} s  down {r['down_s']} s{faults}")
    if report["holds"] or report.get("hold_in_position_s"):
        held = report.get("hold_in_position_s") or report["hold_total_s"]
        lines.append("  " + tr("held: {held} s, {good} s of it with good form", lang, held=held, good=report["hold_total_s"]))
    for f in report["faults"]:
        rep = f" (rep {f['rep_index'] + 1})" if f["rep_index"] is not None else ""
        lines.append(f"  fault at {f['t_s']:.1f} s{rep}: {_field_in(f, 'message', lang)}")
    for reason in _field_in(report, "cannot_judge", lang):
        lines.append(f"  {tr('cannot judge', lang)}: {reason}")
    followed = _field_in(report.get("people") or {}, "followed", lang)
    if followed:
        lines.append(f"  {followed}")
    for reason in _field_in(report, "uncertain", lang) or []:
        lines.append(f"  {tr('not sure', lang)}: {reason}")
    fr = report["frames"]
    lines.append(f"  frames: {fr['total']} ({fr['with_pose']} with a person); model {report['model']['variant']}")
    return "\n".join(lines)
