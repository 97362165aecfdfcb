"""The review's sentences that are put together from parts: the symmetry summary, the threshold lines'
labels, the session reader's warnings. Plain Python: no Qt. Every text is an English message id of
the gettext catalogue (:mod:`posecheck.i18n`); exercise names and fault messages come from the
exercise files.
"""

from __future__ import annotations

from posecheck.i18n import N_, tr

__all__ = ["session_warning", "side_word", "symmetry_lines", "threshold_label"]

# Threshold lines over the angle plots (screen and PDF), by the line's kind.
_LINES = {"rep_top_enter": N_("top {v:g}"), "rep_top_exit": N_("leaves top {v:g}"),
          "rep_bottom_exit": N_("leaves bottom {v:g}"), "rep_bottom_enter": N_("bottom {v:g}")}
# The statistic of a per-rep fault check ("max. per herhaling").
_STATS = {"max": N_("max"), "min": N_("min"), "rise": N_("rise"), "drop": N_("drop"), "change": N_("change")}


def session_warning(text: str, lang: str = "en") -> str:
    """A warning of the session reader in ``lang``: its fixed sentences translated, the rest as written."""
    from posecheck.session.store import NOT_ENDED_WARNING, RECOVERED_WARNING

    return text.replace(NOT_ENDED_WARNING, tr(NOT_ENDED_WARNING, lang)).replace(RECOVERED_WARNING,
                                                                               tr(RECOVERED_WARNING, lang))


def side_word(side: str | None, lang: str = "en") -> str:
    return tr(side, lang) if side in ("left", "right") else ""


def symmetry_lines(sym, lang: str = "en") -> list[str]:
    """The left/right summary in sentences (``sym`` is a :class:`posecheck.review.model.Symmetry`)."""
    if not sym.applies:
        return [tr("Symmetry: not a per-side exercise.", lang)]
    lines = [tr("Reps: left {l}, right {r}.", lang, l=sym.left.reps, r=sym.right.reps)]
    if sym.left.reps == 0 or sym.right.reps == 0:
        done = "left" if sym.left.reps else "right"
        return lines + [tr("Only the {side} side was done; no comparison possible.", lang, side=side_word(done, lang))]
    lr, rr = sym.left.mean_rom_deg, sym.right.mean_rom_deg
    if lr is not None and rr is not None:
        if sym.lower_rom_side is None:
            lines.append(tr("Range of motion: equal on both sides ({v:.1f}°).", lang, v=lr))
        else:
            low, high = ("left", "right") if sym.lower_rom_side == "left" else ("right", "left")
            vals = {"left": lr, "right": rr}
            lines.append(tr("Range of motion: {low} {pct:.0f}% smaller than {high} ({low_v:.1f}° vs {high_v:.1f}°).", lang, low=side_word(low, lang), high=side_word(high, lang),
                            pct=sym.rom_asymmetry_pct or 0.0, low_v=vals[low], high_v=vals[high]))
    if sym.left.mean_duration_s is not None and sym.right.mean_duration_s is not None:
        lines.append(tr("Rep duration: left {l:.1f} s, right {r:.1f} s.", lang, l=sym.left.mean_duration_s, r=sym.right.mean_duration_s))
    lines.append(tr("Faults: left {l}, right {r}.", lang, l=sym.left.faults, r=sym.right.faults))
    return lines


def threshold_label(line, lang: str = "en") -> str:
    """What a threshold line (``series.ThresholdLine``) is called on a plot, in ``lang``: "boven 7",
    "Holle rug: > 196", "Heupen niet helemaal omhoog: max. per herhaling < 160"."""
    if line.kind == "fault":
        fault = line.name.get(lang)
        if line.check.startswith("rep_"):
            return tr("{fault}: rep {stat} {op} {v:g}", lang, fault=fault, stat=tr(_STATS[line.check[4:]], lang), op=line.op, v=line.value)
        return tr("{fault}: {op} {v:g}", lang, fault=fault, op=line.op, v=line.value)
    if line.kind == "hold":
        return tr("hold band {v:g}", lang, v=line.value)
    return tr(_LINES[line.kind], lang, v=line.value)
