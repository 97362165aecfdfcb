"""Exercise scripts added after the first round, by clip kind: (body shape, clip) -> the
script's (character, pose_fn, duration, reps, holds, faults)."""
from __future__ import annotations

from .clamshell import clamshell_clip
from .sideplank import side_plank_clip

SCRIPTS = {
    "side_plank": lambda shape, c: side_plank_clip(shape, c["down"], c["duration"], c.get("fault")),
    "clamshell": lambda shape, c: clamshell_clip(shape, c["down"], c["reps"]),
}
# kinds whose truth is a hold (the manifest's expected hold_s is the sum of the holds)
HOLD_KINDS = ("side_plank",)
