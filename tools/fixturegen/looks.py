"""Skin tones, clothing colour schemes and per-face base colours (BGR)."""
from __future__ import annotations

import numpy as np

from .body import Body

# The five body + camera + light presets the fixture clips are rendered with (catalogue.py, programme.py).
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

SKIN = {"light": (150, 175, 225), "dark": (55, 85, 125)}
HAIR = {"light": (40, 60, 90), "dark": (20, 22, 28)}
# region -> BGR; 'sleeve' is the upper arm, 'thigh' the upper leg, 'shin' the lower leg
SCHEMES = {
    "scheme1": {"shirt": (60, 60, 200), "sleeve": (60, 60, 200), "hips": (45, 40, 40),
                "thigh": (45, 40, 40), "shin": (45, 40, 40), "feet": (235, 235, 235)},
    "scheme2": {"shirt": (200, 150, 40), "sleeve": None, "hips": (90, 70, 50),
                "thigh": (90, 70, 50), "shin": None, "feet": (40, 40, 40)},
    "scheme3": {"shirt": (80, 160, 90), "sleeve": (80, 160, 90), "hips": (120, 60, 110),
                "thigh": (120, 60, 110), "shin": (120, 60, 110), "feet": (200, 200, 210)},
}
REGION_OF_BONE = {
    "pelvis": "hips", "spine04": "shirt", "spine03": "shirt", "spine02": "shirt",
    "spine01": "shirt", "clavicle": "shirt", "upperarm": "sleeve", "upperleg": "thigh",
    "lowerleg": "shin", "foot": "feet", "toes": "feet",
}


def face_colours(body: Body, skin: str, scheme: str) -> np.ndarray:
    sk = np.array(SKIN[skin], float)
    colours_by_region = {k: (np.array(v, float) if v is not None else sk)
                         for k, v in SCHEMES[scheme].items()}
    dom = body.w_idx[:, 0]
    vcol = np.tile(sk, (len(body.verts), 1))
    for b, name in enumerate(body.bone_names):
        region = REGION_OF_BONE.get(name.split(".")[0])
        if region:
            vcol[dom == b] = colours_by_region[region]
    # neckline: shirt stops below the neck joint
    neck_z = body.head[body.bone("neck")][2]
    vcol[(dom == body.bone("spine01")) & (body.verts[:, 2] > neck_z - 0.05)] = sk
    hz = body.head[body.bone("head")]
    scalp = ((dom == body.bone("head")) & (body.verts[:, 2] > hz[2] + 0.075)
             & (body.verts[:, 1] > hz[1] - 0.06)) | ((dom == body.bone("head"))
             & (body.verts[:, 1] > hz[1] + 0.05) & (body.verts[:, 2] > hz[2] - 0.02))
    vcol[scalp] = HAIR[skin]
    fcol = vcol[body.faces].mean(1)
    fcol[body.face_part == 1] = (25, 25, 25)
    fcol[body.face_part == 2] = HAIR[skin]
    # darker lips/brows are not modelled; darken the scalp cap slightly for hair contrast
    return fcol
