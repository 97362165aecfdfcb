"""Exercise scripts added after the first round, by clip kind: (body shape, clip) -> the
script's (character, pose_fn, duration, reps, holds, faults)."""
from __future__ import annotations

from .catcow import cat_cow_clip
from .childspose import childs_pose_clip
from .clamshell import clamshell_clip
from .kneedrops import knee_drops_clip
from .pelvictilt import pelvic_tilt_clip
from .sideplank import side_plank_clip
from .superman import superman_clip

SCRIPTS = {
    "side_plank": lambda shape, c: side_plank_clip(shape, c["down"], c["duration"], c.get("fault")),
    "clamshell": lambda shape, c: clamshell_clip(shape, c["down"], c["reps"]),
    "cat_cow": lambda shape, c: cat_cow_clip(shape, c["n_reps"]),
    "superman": lambda shape, c: superman_clip(shape, c["hold_s"]),
    "childs_pose": lambda shape, c: childs_pose_clip(shape, c["hold_s"]),
    "pelvic_tilt": lambda shape, c: pelvic_tilt_clip(shape, c["n_reps"]),
    "knee_drops": lambda shape, c: knee_drops_clip(shape, c["sides"]),
}
# kinds whose truth is a hold (the manifest's expected hold_s is the sum of the holds)
HOLD_KINDS = ("side_plank", "superman", "childs_pose")

# the guides' whole programme (issue 13), registered from its own module
from .programme import HOLD_KINDS as _PROGRAMME_HOLDS, SCRIPTS as _PROGRAMME_SCRIPTS  # noqa: E402

SCRIPTS.update(_PROGRAMME_SCRIPTS)
HOLD_KINDS += _PROGRAMME_HOLDS
