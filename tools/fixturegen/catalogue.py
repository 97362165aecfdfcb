"""The fixture clip list: exercise script, camera view and look of every clip."""
from __future__ import annotations

LOOK_A = dict(body="female", skin="light", clothes="scheme1", camera_height_m=0.6,
              camera_distance_m=2.6, lighting="even", noise_sigma=1)
LOOK_B = dict(body="male", skin="dark", clothes="scheme2", camera_height_m=0.9,
              camera_distance_m=3.0, lighting="dim→bright", noise_sigma=1)
LOOK_C = dict(body="female", skin="dark", clothes="scheme3", camera_height_m=0.6,
              camera_distance_m=3.0, lighting="bright→dim", noise_sigma=1.5)
LOOK_D = dict(body="male", skin="light", clothes="scheme3", camera_height_m=0.9,
              camera_distance_m=2.6, lighting="even", noise_sigma=1.5)
LOOK_E = dict(body="female", skin="light", clothes="scheme2", camera_height_m=0.9,
              camera_distance_m=2.6, lighting="dim→bright", noise_sigma=1)

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
    dict(file="edge__two_people__side__a.mp4", exercise="glute_bridge", view="side",
         look=LOOK_C, kind="two_people", reps=[{"top": 180}] * 3, error="two_people"),
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

# the guides' whole programme (issue 13): new exercises, variants and faults, in their own module
from .programme import CLIPS as _PROGRAMME_CLIPS  # noqa: E402

CLIPS += _PROGRAMME_CLIPS
