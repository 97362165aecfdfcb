"""The review's own words in English and Dutch. Plain Python: no Qt.

Kept here rather than in ``posecheck/app/texts.py`` because the review core must not depend on the
app package (the app is the Qt layer; its texts module is plain today, but nothing guarantees it
stays that way). Same style: a key maps to (en, nl); :func:`tr` fills in ``{placeholders}``.
Exercise names and fault messages come from the exercise files.
"""

from __future__ import annotations

__all__ = ["tr", "session_warning", "side_word", "symmetry_lines", "threshold_label"]

_T: dict[str, tuple[str, str]] = {
    "report_title": ("posecheck session report: {exercise}", "posecheck sessieverslag: {exercise}"),
    "video_report_title": ("posecheck video report: {exercise}", "posecheck videoverslag: {exercise}"),
    "recorded_on": ("Recorded {when}", "Opgenomen {when}"),
    "source_video": ("Video: {name}", "Video: {name}"),
    "model_line": ("Pose model: {variant} (SHA-256 {sha})", "Posemodel: {variant} (SHA-256 {sha})"),
    "duration": ("Duration: {min} min {s} s", "Duur: {min} min {s} s"),
    "reps_total": ("Repetitions: {n}", "Herhalingen: {n}"),
    "reps_sides": ("Repetitions: {n} (left {left}, right {right})", "Herhalingen: {n} (links {left}, rechts {right})"),
    "prescribed": ("Prescribed: {sets} sets of {reps}", "Voorgeschreven: {sets} series van {reps}"),
    "prescribed_hold": ("Prescribed: {sets} sets, hold {hold:g} s", "Voorgeschreven: {sets} series, {hold:g} s vasthouden"),
    "sets_done": ("Sets: {n}", "Series: {n}"),
    "holds": ("Held: {total:.1f} s in {n} hold(s), longest {longest:.1f} s",
              "Vastgehouden: {total:.1f} s in {n} keer, langste {longest:.1f} s"),
    "hold_line": ("Hold {n} (set {set}) {side} at {start}: {d:.1f} s", "Houding {n} (serie {set}) {side} op {start}: {d:.1f} s"),
    "mean_rom": ("Mean range of motion: {rom:.1f}°", "Gemiddelde bewegingsuitslag: {rom:.1f}°"),
    "faults_count": ("Form faults: {n} ({rate:.0%} of reps)", "Houdingsfouten: {n} ({rate:.0%} van de herhalingen)"),
    "faults_count_plain": ("Form faults: {n}", "Houdingsfouten: {n}"),
    "faults_reviewed": ("Clinician review: {false} false alarm(s), {added} missed fault(s) added",
                        "Beoordeling: {false} vals alarm, {added} gemiste fout(en) toegevoegd"),
    "stopped_for_pain": ("The patient stopped this session because of pain.",
                         "De patiënt is deze sessie gestopt vanwege pijn."),
    "cannot_judge": ("Cannot judge: {reason}", "Niet te beoordelen: {reason}"),
    "held_in_position": ("Held {held:.1f} s in position, {good:.1f} s of it with good form",
                         "{held:.1f} s in positie vastgehouden, waarvan {good:.1f} s in goede houding"),
    "session_note": ("Clinician's note: {note}", "Notitie van de behandelaar: {note}"),
    "set_heading": ("Set {n}", "Serie {n}"),
    "col_rep": ("Rep", "Herh."), "col_side": ("Side", "Kant"), "col_start": ("Start (s)", "Start (s)"),
    "col_duration": ("Duration (s)", "Duur (s)"), "col_up": ("Up (s)", "Op (s)"), "col_down": ("Down (s)", "Neer (s)"),
    "col_peak": ("Peak (°)", "Top (°)"), "col_rom": ("ROM (°)", "Uitslag (°)"), "col_faults": ("Faults", "Fouten"),
    "col_note": ("Note", "Notitie"),
    "plot_driver": ("{feature} over the session, with the counting thresholds",
                    "{feature} tijdens de sessie, met de teldrempels"),
    "plot_feature": ("{feature} over the session", "{feature} tijdens de sessie"),
    "key_frame": ("{time}: {message}", "{time}: {message}"),
    "false_alarm_tag": ("(false alarm)", "(vals alarm)"),
    "added_tag": ("(added by clinician)", "(toegevoegd door behandelaar)"),
    "images_left_out": ("Video frames left out of this report for privacy.",
                        "Videobeelden zijn voor de privacy uit dit verslag weggelaten."),
    "left": ("left", "links"), "right": ("right", "rechts"),
    "sym_not_per_side": ("Symmetry: not a per-side exercise.", "Symmetrie: geen oefening per kant."),
    "sym_counts": ("Reps: left {l}, right {r}.", "Herhalingen: links {l}, rechts {r}."),
    "sym_rom": ("Range of motion: {low} {pct:.0f}% smaller than {high} ({low_v:.1f}° vs {high_v:.1f}°).",
                "Bewegingsuitslag: {low} {pct:.0f}% kleiner dan {high} ({low_v:.1f}° tegen {high_v:.1f}°)."),
    "sym_rom_equal": ("Range of motion: equal on both sides ({v:.1f}°).",
                      "Bewegingsuitslag: gelijk aan beide kanten ({v:.1f}°)."),
    "sym_one_side": ("Only the {side} side was done; no comparison possible.",
                     "Alleen de {side} kant is gedaan; vergelijken kan niet."),
    "sym_duration": ("Rep duration: left {l:.1f} s, right {r:.1f} s.", "Duur per herhaling: links {l:.1f} s, rechts {r:.1f} s."),
    "sym_faults": ("Faults: left {l}, right {r}.", "Fouten: links {l}, rechts {r}."),
    # Threshold lines over the angle plots (screen and PDF).
    "line_rep_top_enter": ("top {v:g}", "boven {v:g}"),
    "line_rep_top_exit": ("leaves top {v:g}", "verlaat boven {v:g}"),
    "line_rep_bottom_exit": ("leaves bottom {v:g}", "verlaat onder {v:g}"),
    "line_rep_bottom_enter": ("bottom {v:g}", "onder {v:g}"),
    "line_hold": ("hold band {v:g}", "grens vasthouden {v:g}"),
    "line_fault": ("{fault}: {op} {v:g}", "{fault}: {op} {v:g}"),
    "line_fault_rep": ("{fault}: rep {stat} {op} {v:g}", "{fault}: {stat} per herhaling {op} {v:g}"),
    "stat_max": ("max", "max."), "stat_min": ("min", "min."), "stat_rise": ("rise", "stijging"),
    "stat_drop": ("drop", "daling"), "stat_change": ("change", "verandering"),
}


def tr(key: str, lang: str = "en", **kw) -> str:
    en, nl = _T[key]
    text = nl if lang == "nl" else en
    return text.format(**kw) if kw else text


def session_warning(text: str, lang: str = "en") -> str:
    """A warning of the session reader in ``lang``: its fixed sentences translated, the rest as written."""
    if lang != "nl":
        return text
    from posecheck.session.store import NOT_ENDED_WARNING, RECOVERED_WARNING

    return (text.replace(NOT_ENDED_WARNING, "de sessie is niet normaal beëindigd; de laatste seconde kan ontbreken")
            .replace(RECOVERED_WARNING, "; de laatste serie is afgerond uit de opgenomen houdingen"))


def side_word(side: str | None, lang: str = "en") -> str:
    return tr(side, lang) if side in ("left", "right") else ""


def symmetry_lines(sym, lang: str = "en") -> list[str]:
    """The left/right summary in sentences (``sym`` is a :class:`posecheck.review.model.Symmetry`)."""
    if not sym.applies:
        return [tr("sym_not_per_side", lang)]
    lines = [tr("sym_counts", lang, l=sym.left.reps, r=sym.right.reps)]
    if sym.left.reps == 0 or sym.right.reps == 0:
        done = "left" if sym.left.reps else "right"
        return lines + [tr("sym_one_side", lang, side=side_word(done, lang))]
    lr, rr = sym.left.mean_rom_deg, sym.right.mean_rom_deg
    if lr is not None and rr is not None:
        if sym.lower_rom_side is None:
            lines.append(tr("sym_rom_equal", lang, v=lr))
        else:
            low, high = ("left", "right") if sym.lower_rom_side == "left" else ("right", "left")
            vals = {"left": lr, "right": rr}
            lines.append(tr("sym_rom", lang, low=side_word(low, lang), high=side_word(high, lang),
                            pct=sym.rom_asymmetry_pct or 0.0, low_v=vals[low], high_v=vals[high]))
    if sym.left.mean_duration_s is not None and sym.right.mean_duration_s is not None:
        lines.append(tr("sym_duration", lang, l=sym.left.mean_duration_s, r=sym.right.mean_duration_s))
    lines.append(tr("sym_faults", lang, l=sym.left.faults, r=sym.right.faults))
    return lines


def threshold_label(line, lang: str = "en") -> str:
    """What a threshold line (``series.ThresholdLine``) is called on a plot, in ``lang``: "boven 7",
    "Holle rug: > 196", "Heupen niet helemaal omhoog: max. per herhaling < 160"."""
    if line.kind == "fault":
        fault = line.name.get(lang)
        if line.check.startswith("rep_"):
            return tr("line_fault_rep", lang, fault=fault, stat=tr("stat_" + line.check[4:], lang), op=line.op, v=line.value)
        return tr("line_fault", lang, fault=fault, op=line.op, v=line.value)
    if line.kind == "hold":
        return tr("line_hold", lang, v=line.value)
    return tr("line_" + line.kind, lang, v=line.value)
