"""The fixture clip list: exercise script, camera view and look of every clip."""
from __future__ import annotations

from .looks import LOOK_A, LOOK_B, LOOK_C, LOOK_D, LOOK_E


C, OA, IH = 180.0, "over_arched_back", "incomplete_hip_extension"

CLIPS = [
    dict(file="glute_bridge__clean__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_A, kind="bridge", reps=[{"top": t} for t in (180, 181, 179, 180, 180)]),
    dict(file="glute_bridge__over_arch__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_B, kind="bridge",
         reps=[{"top": 180}, {"top": 200, "faults": [OA]}, {"top": 181},
               {"top": 203, "faults": [OA]}, {"top": 180}]),
    dict(file="glute_bridge__incomplete__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_C, kind="bridge",
         reps=[{"top": 180}, {"top": 150, "faults": [IH]}, {"top": 152, "faults": [IH]},
               {"top": 179}, {"top": 148, "faults": [IH]}]),
    dict(file="glute_bridge__hold__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_D, kind="bridge_hold", hold=(180.0, 15.0)),
    dict(file="glute_bridge__clean__oblique__a.mp4", exercise="glute_bridge", view="oblique",
         look=LOOK_E, kind="bridge", reps=[{"top": t} for t in (180, 179, 181, 180)]),
    dict(file="glute_bridge__over_arch__oblique__a.mp4", exercise="glute_bridge", view="oblique",
         look=LOOK_A, kind="bridge",
         reps=[{"top": 180}, {"top": 201, "faults": [OA]}, {"top": 180}, {"top": 198, "faults": [OA]}]),
    dict(file="edge__no_person__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_A, kind="empty", duration=8.0, error="no_person"),
    # A bystander who only watches is not a reason to refuse (issue 9): the person on the mat is followed
    # and counted. (Until issue 9 the clip was refused; two people both exercising still are.)
    dict(file="edge__two_people__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_C, kind="two_people", reps=[{"top": 180}] * 3),
    dict(file="plank__clean__side__a.mp4", exercise="plank", view="side", look=LOOK_B,
         kind="plank", duration=20.0, fault=None),
    dict(file="plank__hips_sagging__side__a.mp4", exercise="plank", view="side", look=LOOK_A,
         kind="plank", duration=20.0, fault=("hips_sagging", -16.0, 8.0, 13.0)),
    dict(file="plank__hips_piked__side__a.mp4", exercise="plank", view="side", look=LOOK_C,
         kind="plank", duration=20.0, fault=("hips_piked", 28.0, 8.0, 13.0)),
    dict(file="bird_dog__clean__side__a.mp4", exercise="bird_dog", view="side", look=LOOK_C,
         kind="bird_dog", reps=[{"side": s} for s in "LRLR"]),
    dict(file="bird_dog__pelvis_rocking__side__a.mp4", exercise="bird_dog", view="side",
         look=LOOK_D, kind="bird_dog",
         reps=[{"side": "L"}, {"side": "R", "faults": ["pelvis_rocking"]}, {"side": "L"},
               {"side": "R"}, {"side": "L", "faults": ["pelvis_rocking"]}]),
    dict(file="bird_dog__leg_above_hip__side__a.mp4", exercise="bird_dog", view="side",
         look=LOOK_B, kind="bird_dog",
         reps=[{"side": "L"}, {"side": "R", "faults": ["leg_above_hip"]}, {"side": "L"},
               {"side": "R", "faults": ["leg_above_hip"]}]),
    dict(file="bird_dog__pelvis_rocking__oblique__a.mp4", exercise="bird_dog", view="oblique",
         look=LOOK_E, kind="bird_dog",
         reps=[{"side": "L"}, {"side": "R", "faults": ["pelvis_rocking"]}, {"side": "L"},
               {"side": "R"}]),
    dict(file="dead_bug__clean__side__a.mp4", exercise="dead_bug", view="side", look=LOOK_D,
         kind="dead_bug", reps=[{"side": s} for s in "LRLRLR"]),
    dict(file="dead_bug__lower_back_lifting__side__a.mp4", exercise="dead_bug", view="side",
         look=LOOK_C, kind="dead_bug",
         reps=[{"side": "L"}, {"side": "R", "faults": ["lower_back_lifting"]}, {"side": "L"},
               {"side": "R"}, {"side": "L", "faults": ["lower_back_lifting"]}, {"side": "R"}]),
    dict(file="edge__out_of_frame__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_E, kind="bridge_out", reps=[{"top": 180}] * 4),
    dict(file="edge__getting_into_position__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_B, kind="bridge_settle", reps=[{"top": 180}] * 4),
    # --- second round (issue 3): the rest of the catalogue, in each exercise file's view
    dict(file="side_plank__clean__front__left.mp4", exercise="side_plank", view="front",
         look=LOOK_D, kind="side_plank", down="L", duration=15.0),
    dict(file="side_plank__clean__front__right.mp4", exercise="side_plank", view="front",
         look=LOOK_C, kind="side_plank", down="R", duration=15.0),
    dict(file="side_plank__hips_dropping__front__a.mp4", exercise="side_plank", view="front",
         look=LOOK_E, kind="side_plank", down="L", duration=18.0,
         fault=("hips_dropping", 26.0, 7.0, 12.0)),
    # clamshell: the side in the name is the working (top) leg; the other side is on the floor
    dict(file="clamshell__clean__front__left.mp4", exercise="clamshell", view="front",
         look=LOOK_A, kind="clamshell", down="R", reps=[{}] * 4),
    dict(file="clamshell__clean__front__right.mp4", exercise="clamshell", view="front",
         look=LOOK_B, kind="clamshell", down="L", reps=[{}] * 4),
    dict(file="clamshell__pelvis_rolling_back__front__a.mp4", exercise="clamshell", view="front",
         look=LOOK_C, kind="clamshell", down="L",
         reps=[{}, {"faults": ["pelvis_rolling_back"]}, {}, {"faults": ["pelvis_rolling_back"]}]),
    dict(file="cat_cow__clean__side__a.mp4", exercise="cat_cow", view="side", look=LOOK_A,
         kind="cat_cow", n_reps=4),
    dict(file="superman__clean__side__a.mp4", exercise="superman", view="side", look=LOOK_B,
         kind="superman", hold_s=12.0),
    dict(file="childs_pose__clean__side__a.mp4", exercise="childs_pose", view="side", look=LOOK_E,
         kind="childs_pose", hold_s=12.0),
    # standing: the camera aims at hip height so that the whole body is in the picture
    dict(file="pelvic_tilt__clean__side__a.mp4", exercise="pelvic_tilt", view="side", look=LOOK_D,
         kind="pelvic_tilt", n_reps=5, target_z_m=0.9),
    # knee drops: the exercise file's view is "above" (camera at the feet, looking along the
    # body); at 0.6-0.9 m the bent knees hide the shoulders, so this camera is raised
    dict(file="knee_drops__clean__above__a.mp4", exercise="knee_drops", view="above",
         look=dict(LOOK_C, camera_height_m=1.5, camera_distance_m=2.2), kind="knee_drops",
         sides="LRLR"),
]

# --- issue 9: a fixture for every class of real-world footage. "class" and "variant" go into the
# manifest; "pending" names the engine work a clip waits for (the replay test's non-strict xfail).
LOOK_F = dict(body="male", skin="dark", clothes="scheme1", camera_height_m=0.75,
              camera_distance_m=2.8, lighting="dim", noise_sigma=1)
BRIDGE4 = [{"top": t} for t in (180, 181, 179, 180)]
PHYSIO = dict(skin="dark", clothes="scheme1")

ISSUE9 = [
    # someone else in the picture: the exerciser's count is expected, not a refusal
    dict(file="glute_bridge__bystander_standing__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_D, kind="bridge", reps=BRIDGE4, target_z_m=0.5, **{"class": "bystander"},
         others=[dict(who="standing", body="female", at_m=[-1.3, 0.55], args=dict(facing_deg=215.0),
                      **PHYSIO)]),
    dict(file="clamshell__bystander_kneeling__front__a.mp4", exercise="clamshell", view="front",
         look=LOOK_E, kind="clamshell", down="R", reps=[{}] * 4, target_z_m=0.35, **{"class": "bystander"},
         others=[dict(who="kneeling", body="male", at_m=[0.35, 0.8], args=dict(facing_deg=-70.0),
                      **PHYSIO)]),
    dict(file="glute_bridge__bystander_walking__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_B, kind="bridge", reps=BRIDGE4, target_z_m=0.5, **{"class": "bystander"},
         others=[dict(who="walking", body="female", at_m=[0.0, 1.0], skin="light", clothes="scheme3",
                      args=dict(start_x_m=-3.4, speed_m_s=0.8, start_s=3.0))]),
    # two people both exercising side by side: nobody can be judged
    dict(file="glute_bridge__two_exercisers__side__a.mp4", exercise="glute_bridge", view="side",
         look=dict(LOOK_A, camera_height_m=1.1, camera_distance_m=3.8), kind="bridge", reps=BRIDGE4,
         error="two_people", target_z_m=0.3, target_x_m=0.9, **{"class": "bystander"},
         props=[dict(centre_m=[1.8, 0.9, 0.004], size_m=[2.0, 0.66, 0.008], bgr=[80, 120, 70])],  # her mat
         others=[dict(who="exerciser", at_m=[1.8, 0.9], skin="dark", clothes="scheme2",
                      clip=dict(look=dict(LOOK_A, body="male"), script_args=dict(lead_in=2.4)))]),
    # camera height and angle: a level leg that reads above the hip, a side plank from above
    dict(file="bird_dog__clean__high_oblique__a.mp4", exercise="bird_dog", view="oblique",
         look=dict(LOOK_C, camera_height_m=1.5, camera_distance_m=2.6, camera_yaw_deg=40.0),
         kind="bird_dog", reps=[{"side": s} for s in "LRLR"], **{"class": "camera_angle"}),
    dict(file="side_plank__clean__high_front__a.mp4", exercise="side_plank", view="front",
         look=dict(LOOK_F, camera_height_m=1.5, camera_distance_m=2.8), kind="side_plank", down="L",
         duration=15.0, fault=None, **{"class": "camera_angle"}),
    # variants recognised from the start position
    dict(file="dead_bug__extended__side__a.mp4", exercise="dead_bug", view="side", look=LOOK_E,
         kind="dead_bug_extended", reps=[{"side": s} for s in "LRLRLR"], variant="extended",
         **{"class": "variant"}),
    dict(file="pelvic_tilt__lying__side__a.mp4", exercise="pelvic_tilt", view="side", look=LOOK_B,
         kind="pelvic_tilt_lying", n_reps=5, variant="lying", **{"class": "variant"}),
    dict(file="pelvic_tilt__seated__side__a.mp4", exercise="pelvic_tilt", view="side", look=LOOK_A,
         kind="pelvic_tilt_seated", n_reps=5, variant="seated", target_z_m=0.6, **{"class": "variant"},
         props=[dict(centre_m=[0.03, 0.0, 0.21], size_m=[0.34, 0.36, 0.42], bgr=[60, 75, 95])]),
    # smaller range, oblique cameras
    dict(file="clamshell__small_range__front_oblique__a.mp4", exercise="clamshell", view="oblique",
         look=dict(LOOK_D, camera_height_m=1.0, camera_yaw_deg=-30.0), kind="clamshell", down="L",
         reps=[{}] * 5, script_args=dict(open_deg=28.0), **{"class": "small_range"}),
    dict(file="cat_cow__clean__oblique__a.mp4", exercise="cat_cow", view="oblique",
         look=dict(LOOK_C, camera_yaw_deg=40.0), kind="cat_cow", n_reps=4, **{"class": "small_range"}),
    # superman and child's pose variants
    dict(file="superman__reps__side__a.mp4", exercise="superman", view="side", look=LOOK_E,
         kind="superman_reps", n_reps=5, variant="lift", **{"class": "variant"}),
    dict(file="superman__alternating__side__a.mp4", exercise="superman", view="side", look=LOOK_D,
         kind="superman_alternating", sides="LRLRLR", variant="alternating", **{"class": "variant"}),
    dict(file="childs_pose__rocking__side__a.mp4", exercise="childs_pose", view="side", look=LOOK_B,
         kind="childs_pose_rocking", n_reps=4, variant="rocking", **{"class": "variant"}),
    # side plank variants
    dict(file="side_plank__knee__front__a.mp4", exercise="side_plank", view="front", look=LOOK_A,
         kind="side_plank_variant", down="R", duration=15.0, script_args=dict(on_knee=True),
         variant="knee", **{"class": "variant"}),
    dict(file="side_plank__hip_dips__front__a.mp4", exercise="side_plank", view="front", look=LOOK_C,
         kind="side_plank_variant", down="L", duration=22.0,
         script_args=dict(dips=(5, 30.0, 2.0, (1.2, 0.4, 1.2, 1.0))), variant="hip_dips",
         **{"class": "variant"}),
    # edited footage: a cut to another camera 2.6 s later in the set (from the rise of rep 2 into its
    # lowering, so its top is shown in neither shot); poses held as in a GIF
    dict(file="glute_bridge__cut__side__a.mp4", exercise="glute_bridge", view="side", look=LOOK_E,
         kind="bridge", reps=[{"top": 180}] * 6, **{"class": "edited"},
         shots=[{}, dict(start_s=11.0, skip_s=2.6, view="oblique", camera_distance_m=2.3,
                         camera_height_m=0.7, camera_vfov_deg=40.0)]),
    dict(file="glute_bridge__stepped__side__a.mp4", exercise="glute_bridge", view="side", look=LOOK_C,
         kind="bridge", reps=BRIDGE4 + [{"top": 180}], hold_frames=6, **{"class": "edited"},
         script_args=dict(lead_in=1.2, tempo=(1.2, 1.2, 1.2, 1.2))),
    # per side: a zoom jump from the same camera in the middle of a right-leg rep (from the lift
    # straight into the lowering: its top is never shown), and a dead bug
    # whose poses are held 5 frames (one new pose every third of a second)
    dict(file="bird_dog__cut_zoom__side__a.mp4", exercise="bird_dog", view="side", look=LOOK_A,
         kind="bird_dog", reps=[{"side": s} for s in "LRLRLR"], **{"class": "edited"},
         shots=[{}, dict(start_s=23.0, skip_s=4.6, camera_vfov_deg=30.0)]),
    dict(file="dead_bug__stepped__side__a.mp4", exercise="dead_bug", view="side", look=LOOK_F,
         kind="dead_bug", reps=[{"side": s} for s in "LRLR"], hold_frames=5, **{"class": "edited"}),
]
# What today's engine gets wrong on each issue-9 clip (measured on the stored landmarks with
# tests/replay/test_fixture_classes.py): the replay test's non-strict xfail reason. Delete a line
# when the engine has learnt that clip's class, and the clip's checks become strict.
PENDING = {
    "pelvic_tilt__lying__side__a.mp4":
        "issue 9: variants - the rendered lying tilt moves the hip landmark about 1.5 px and the hip angle under the 4 degree "
        "minimum: the engine counts 0 and says it is not sure (real lying tilts move the thighs: 2/2 and 4/4)",
}
for _c in ISSUE9:
    _c["pending"] = PENDING.get(_c["file"])
CLIPS += ISSUE9

# the guides' whole programme (issue 13): new exercises, variants and faults, in their own module
from .programme import CLIPS as _PROGRAMME_CLIPS  # noqa: E402

CLIPS += _PROGRAMME_CLIPS

# the back's outline (issue 11): graded lumbar curves in their own module
from .curve_clips import CLIPS as _CURVE_CLIPS  # noqa: E402

CLIPS += _CURVE_CLIPS
