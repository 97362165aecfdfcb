"""Writes docs/faults.md from the exercise files: every fault, the landmark signal it uses and its limits.

    python scripts/faults_doc.py            # rewrite docs/faults.md
    python scripts/faults_doc.py --check    # exit 1 if docs/faults.md is out of date (run by the tests)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from posecheck.exercises.loader import load_catalogue  # noqa: E402

DOC = REPO / "docs" / "faults.md"


_SPACES = {
    "image": "the picture (2D landmarks): what the camera shows, distorted by its height and angle; lines "
             "that are straight in the room stay straight in it",
    "world": "MediaPipe's 3D estimate in metres (camera-aligned, hip-centred): independent of perspective, but "
             "its depth is the least reliable part of MediaPipe's output",
    "outline": "the body's outline in the picture (MediaPipe's person mask, issue 11): the shape of the trunk "
               "between the landmarks, which no landmark has; \"cannot judge\" where the outline is ragged or blurred",
}
# The lower-back curve's error on the graded renders, as benchmarks/back_curve_accuracy.py prints it
# (``--out docs/back_curve_accuracy.md``), included below the faults.
CURVE_FIGURES = REPO / "docs" / "back_curve_accuracy.md"
# Where the outline is used and where it is not, from those figures and from benchmarks/clips_accuracy.py
# (issue 11, 2026-12-06, MediaPipe full; the renders' figures are in the table below).
CURVE_VERDICT = """## The lower-back curve: where the outline is used, and where it does not help (issue 11)

`lumbar_curve_deg` is measured, written in the per-frame CSV and listed in the report's `features` for the
glute bridge, plank, bird dog, dead bug and cat-cow; the review plots it and the PDF names it
(\"Lower-back curve\" / \"Onderrugkromming\"). It is NaN (\"cannot judge\") wherever the outline is ragged,
stepped or blurred. Per exercise, the better signal is kept:

- **Glute bridge: the outline, for lumbar extension with the hips on the line** (`lower_back_arched`, side view
  only). Renders (`glute_bridge__curve_graded__*`, the hips on the shoulder-knee line at every top): side view
  3 of 4 arched reps caught (tight shirt 20 and 30 degrees; loose shirt 30, its 20 missed: a loose shirt
  flattens the outline to 0.2 degrees per degree), 0 of the 6 reps at 0, 10 and -10 degrees and 0 of the other
  bridge renders' clean reps flagged. The hip angle flags none of them (its r with the lumbar truth is
  0.47-0.53). Oblique: not judged (the outline is off by 15-20 degrees and judged on 60% of frames).
  Real clips: the four bridges with an outline read -18 to -3 degrees at their tops (12 is the limit), so
  no clean real rep is flagged; no real clip shows an arched bridge, so real recall is not measured. The
  landmark fault `over_arched_back` (hips past the line) stays as it was.
- **Plank: the landmarks.** The outline follows a sag as well as the body line does (r 0.99 against 0.99-1.0),
  but a straight back reads 16-37 degrees depending on the body and clothes (buttocks, shoulder blades;
  -9 to 39 on the real planks), so no fixed limit works; `hips_sagging` stays on `body_line_deg`.
- **Bird dog: the landmarks.** A still back reads 15-38 degrees on the renders by body and view and 10-37 on
  the real clips; a within-set change could work but is not built.
- **Dead bug: the outline does not help.** The raised thighs hide the front of the trunk: judged on 0% of
  the frames of 4 of 5 renders and of all 3 real clips. `lower_back_lifting` stays on the trunk's tilt.
- **Cat-cow: reported, not judged.** Each rep's curve range (min, max, range) is in the report's rep list
  (`curves`): 41 and 27 degrees on the real clip's two cycles; on the renders r 0.97-0.997 with the truth
  in the side view (the landmark trunk tilt: 0.93-0.97). No cat-cow fault reads it yet.
"""
_CHANGE_CHECKS = ("rep_rise", "rep_drop", "rep_change")


def _space(ex, feature: str) -> str:
    spec = next((f for f in ex.features if feature in (f.name, f"{f.name}_left", f"{f.name}_right")), None)
    while spec is not None and spec.of:  # derived features: the space of what they are derived from
        spec = next((f for f in ex.features if f.name == spec.of), None)
    if spec is not None and spec.type.value == "back_curve":
        return _SPACES["outline"]
    return _SPACES[spec.space if spec is not None else "image"]


def render() -> str:
    lines = ["# Form faults: what is measured and what cannot be seen", "",
             "Generated from `exercises/*.toml` by `python scripts/faults_doc.py`; edit the exercise files, not this page.",
             "",
             "Every fault names the space its signal is measured in and why (issue 9: signals that survive the",
             "camera angle). A change-based rule (rep_rise, rep_drop, rep_change) is not judged on a rep when its",
             "signal moves at rest by half the rule's limit or more; the report then says the fault could not be",
             "judged. A fault outside the views it is judged from is reported as \"cannot judge from this camera",
             "view\".", ""]
    for ex in load_catalogue().values():
        if not ex.faults and not ex.not_judged:
            continue
        lines += [f"## {ex.name.en} (`{ex.id}`, {ex.view.value} view)", ""]
        for f in ex.faults:
            c = f.condition
            cond = f"{c.feature or 'seconds'} {c.op.value} {', '.join(f'{v:g}' for v in c.value)}"
            views = ", ".join(v.value for v in f.views) or ex.view.value
            lines += [f"### `{f.id}` ({f.severity.value})", "",
                      f"- Rule: `{cond}`, {f.check.value} during {f.during.value}"
                      + (f" for at least {f.min_duration_s:g} s" if f.check.value == "sustained" else ""),
                      f"- Judged from: {views} view",
                      f"- Measured in: {_space(ex, c.feature)}"
                      + ("; not judged on a rep when it moves by half the limit at rest" if f.check.value in _CHANGE_CHECKS else ""),
                      f"- Signal: {f.signal}", f"- Limits: {f.limits}",
                      f"- Cue (en): {f.message.en}", f"- Cue (nl): {f.message.nl}", ""]
        if ex.not_judged:
            lines += ["Not judged (named by the guides; this view or signal cannot show it):", ""]
            lines += [f"- `{n.fault}` ({n.label.en}): {n.reason.en}" for n in ex.not_judged]
            lines += [""]
    lines += CURVE_VERDICT.splitlines() + [""]
    if CURVE_FIGURES.is_file():
        lines += [CURVE_FIGURES.read_text(encoding="utf-8").rstrip("\n"), ""]
    return "\n".join(lines)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.is_file() or DOC.read_text(encoding="utf-8") != text:
            print("docs/faults.md is out of date: run python scripts/faults_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
