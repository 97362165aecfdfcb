"""Exercise scripts added after the first round, by clip kind: (body shape, clip) -> the
script's (character, pose_fn, duration, reps, holds, faults)."""
from __future__ import annotations

from .catcow import cat_cow_clip
from .childspose import childs_pose_clip, childs_pose_rocking_clip
from .clamshell import clamshell_clip
from .deadbug_extended import dead_bug_extended_clip
from .kneedrops import knee_drops_clip
from .pelvictilt import pelvic_tilt_clip
from .pelvictilt_variants import pelvic_tilt_lying_clip, pelvic_tilt_seated_clip
from .sideplank import side_plank_clip, side_plank_variant_clip
from .superman import superman_clip
from .superman_variants import superman_alternating_clip, superman_reps_clip

SCRIPTS = {
    "side_plank": lambda shape, c: side_plank_clip(shape, c["down"], c["duration"], c.get("fault")),
    "clamshell": lambda shape, c: clamshell_clip(shape, c["down"], c["reps"], **c.get("script_args", {})),
    "cat_cow": lambda shape, c: cat_cow_clip(shape, c["n_reps"]),
    "superman": lambda shape, c: superman_clip(shape, c["hold_s"]),
    "childs_pose": lambda shape, c: childs_pose_clip(shape, c["hold_s"]),
    "pelvic_tilt": lambda shape, c: pelvic_tilt_clip(shape, c["n_reps"]),
    "knee_drops": lambda shape, c: knee_drops_clip(shape, c["sides"]),
    # issue 9 variants
    "dead_bug_extended": lambda shape, c: dead_bug_extended_clip(shape, c["reps"]),
    "pelvic_tilt_lying": lambda shape, c: pelvic_tilt_lying_clip(shape, c["n_reps"]),
    "pelvic_tilt_seated": lambda shape, c: pelvic_tilt_seated_clip(shape, c["n_reps"]),
    "superman_reps": lambda shape, c: superman_reps_clip(shape, c["n_reps"]),
    "superman_alternating": lambda shape, c: superman_alternating_clip(shape, c["sides"]),
    "childs_pose_rocking": lambda shape, c: childs_pose_rocking_clip(shape, c["n_reps"]),
    "side_plank_variant": lambda shape, c: side_plank_variant_clip(shape, c["down"], c["duration"],
                                                                   **c.get("script_args", {})),
}
# kinds whose truth is a hold (the manifest's expected hold_s is the sum of the holds)
HOLD_KINDS = ("side_plank", "superman", "childs_pose", "side_plank_variant")

# the guides' whole programme (issue 13), registered from its own module
from .programme import HOLD_KINDS as _PROGRAMME_HOLDS, SCRIPTS as _PROGRAMME_SCRIPTS  # noqa: E402

SCRIPTS.update(_PROGRAMME_SCRIPTS)
HOLD_KINDS += _PROGRAMME_HOLDS

# the back's outline (issue 11)
from .curve_clips import HOLD_KINDS as _CURVE_HOLDS, SCRIPTS as _CURVE_SCRIPTS  # noqa: E402

SCRIPTS.update(_CURVE_SCRIPTS)
HOLD_KINDS += _CURVE_HOLDS
