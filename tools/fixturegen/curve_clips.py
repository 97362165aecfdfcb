"""Clips for the back's outline (issue 11): graded lumbar extension and flexion in the bridge, the plank
and the cat-cow, side-on and 35 degrees oblique, in a tight and a loose shirt. Kept apart from
catalogue.py and registry.py (which only append these), like programme.py.

Every clip's manifest entry carries the rig's lumbar curve frame by frame (``lumbar_ext_keys``,
spine_truth.py), so the outline's reading can be scored against it (benchmarks/back_curve_accuracy.py)."""
from __future__ import annotations

from .programme import LOOK_A, LOOK_B, LOOK_C, LOOK_D, LOOK_E
from .spine_graded import bridge_curve_clip, cat_cow_curve_clip, plank_curve_clip

ARCHES = [0.0, 10.0, 20.0, 30.0, -10.0]          # lumbar extension at the top of each bridge
PLANK_STEPS = [(0.0, 2.5), (10.0, 2.5), (20.0, 2.5), (30.0, 2.5), (0.0, 2.0), (-10.0, 2.5), (0.0, 2.0)]
CAT_COW_SCALES = [0.4, 0.7, 1.0, 0.55]            # share of the spine's full cat-cow range in each cycle
CURVE = {"class": "back_curve"}

CLIPS = []
for view, yaw in (("side", None), ("oblique", None)):
    for fit, looks in (("tight", (LOOK_B, LOOK_C, LOOK_D)), ("loose", (LOOK_A, LOOK_E, LOOK_C))):
        if view == "oblique":   # other bodies and looks in the oblique view
            looks = looks[1:] + looks[:1]
        bridge_look, plank_look, catcow_look = (dict(lk, fit=fit) for lk in looks)
        CLIPS += [
            dict(file=f"glute_bridge__curve_graded__{view}__{fit}.mp4", exercise="glute_bridge", view=view,
                 look=bridge_look, kind="bridge_curve", arches=ARCHES, **CURVE),
            dict(file=f"plank__curve_graded__{view}__{fit}.mp4", exercise="plank", view=view,
                 look=plank_look, kind="plank_curve", steps=PLANK_STEPS, **CURVE),
            dict(file=f"cat_cow__curve_graded__{view}__{fit}.mp4", exercise="cat_cow", view=view,
                 look=catcow_look, kind="cat_cow_curve", scales=CAT_COW_SCALES, **CURVE),
        ]

SCRIPTS = {
    "bridge_curve": lambda shape, c: bridge_curve_clip(shape, c["arches"]),
    "plank_curve": lambda shape, c: plank_curve_clip(shape, c["steps"]),
    "cat_cow_curve": lambda shape, c: cat_cow_curve_clip(shape, c["scales"]),
}
HOLD_KINDS = ("plank_curve",)

# What these renders test is the outline's accuracy (benchmarks/back_curve_accuracy.py). Where the
# engine's rules do not yet meet their scripted truth, the replay test's checks are non-strict (pending):
PLANK_PENDING = ("issue 11: the plank's good-form hold clock reads the body line, which a lumbar-only sag "
                 "moves less than the script's 15-degree limit: about 3 s more held in good form than scripted")
PENDING = {
    "plank__curve_graded__side__tight.mp4": PLANK_PENDING,
    "plank__curve_graded__side__loose.mp4": PLANK_PENDING,
    "plank__curve_graded__oblique__tight.mp4": PLANK_PENDING,
    "plank__curve_graded__oblique__loose.mp4": PLANK_PENDING,
    "glute_bridge__curve_graded__side__loose.mp4":
        "issue 11: a loose shirt flattens the outline (0.2 degrees per degree): the 20-degree arch reads under the limit",
    "glute_bridge__curve_graded__oblique__tight.mp4":
        "issue 11: lower_back_arched is judged from the side view only; the 30-degree arch also lifts the hip angle "
        "past its limit here (over_arched_back)",
    "glute_bridge__curve_graded__oblique__loose.mp4":
        "issue 11: lower_back_arched is judged from the side view only; feet_too_close fires on one rep (the knee "
        "angle seen 35 degrees oblique)",
}
for _c in CLIPS:
    _c["pending"] = PENDING.get(_c["file"])
