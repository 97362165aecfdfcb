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
]
