"""Engine features that are not the sagittal hip angle (front / above views, the head in
cat-cow, the trunk in superman): the same angle function computed on the rig's joint centres
projected through the clip's camera (the truth) and on MediaPipe's stored 2D landmarks.
python -m tools.fixturegen.check_features [substring]"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from posecheck.kinematics import angles

from .catalogue import CLIPS
from .render import build, filming

FIX = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# rig joint (bone head) standing in for a MediaPipe landmark index
RIG = {11: "upperarm.L", 12: "upperarm.R", 23: "upperleg.L", 24: "upperleg.R",
       25: "lowerleg.L", 26: "lowerleg.R", 27: "foot.L", 28: "foot.R"}
MID = {"shoulder": (11, 12), "hip": (23, 24), "knee": (25, 26), "ankle": (27, 28)}

# kind -> (feature name, function of a point getter)
FEATURES = {
    "side_plank": ("body_line_deg (signed, below)", lambda P: angles.signed_joint_angle_deg(
        P("shoulder"), P("hip"), P("ankle"), "below")),
    "clamshell": ("knee_gap_deg", lambda P: angles.segments_angle_deg(P(23), P(25), P(24), P(26))),
    "knee_drops": ("knee_sway_deg", lambda P: angles.segment_angle_deg(P("hip"), P("knee"), "vertical")),
    "superman": ("chest_lift_deg", lambda P: angles.segment_angle_deg(P("hip"), P("shoulder"))),
    "childs_pose": ("hip_angle_deg (left)", lambda P: angles.joint_angle_deg(P(11), P(23), P(25))),
    "pelvic_tilt": ("hip_angle_deg (left)", lambda P: angles.joint_angle_deg(P(11), P(23), P(25))),
    # issue 9
    "bird_dog": ("ankle elevation above the hip (max)", lambda P: np.fmax(angles.segment_angle_deg(P(23), P(27)),
                                                             angles.segment_angle_deg(P(24), P(28)))),
    "side_plank_variant": ("body_line_deg (signed, below)", lambda P: angles.signed_joint_angle_deg(
        P("shoulder"), P("hip"), P("ankle"), "below")),
    "superman_reps": ("chest_lift_deg", lambda P: angles.segment_angle_deg(P("hip"), P("shoulder"))),
    "superman_alternating": ("chest_lift_deg", lambda P: angles.segment_angle_deg(P("hip"), P("shoulder"))),
    "childs_pose_rocking": ("hip_angle_deg (left)", lambda P: angles.joint_angle_deg(P(11), P(23), P(25))),
    "pelvic_tilt_lying": ("hip_angle_deg (right)", lambda P: angles.joint_angle_deg(P(12), P(24), P(26))),
    "pelvic_tilt_seated": ("hip_angle_deg (left)", lambda P: angles.joint_angle_deg(P(11), P(23), P(25))),
    "dead_bug_extended": ("hip_open_deg (right)", lambda P: angles.joint_angle_deg(P("shoulder"), P(24), P(26))),
}


def _getter(pts: np.ndarray):
    """pts: (T, 33-or-more, 2) pixel coordinates indexed by MediaPipe landmark index."""
    def P(name):
        if isinstance(name, int):
            return pts[:, name]
        a, b = MID[name]
        return (pts[:, a] + pts[:, b]) / 2
    return P


def main(only: str = "") -> None:
    for clip in CLIPS:
        if clip["kind"] not in FEATURES or only not in clip["file"]:
            continue
        name, fn = FEATURES[clip["kind"]]
        d = np.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))
        people, *_ = build(clip)
        ch, pose_fn = people[0][0], people[0][1]
        at = filming(clip)
        idx = np.arange(0, len(d["t_ms"]), 3)
        rig = np.full((len(idx), 33, 2), np.nan)
        for n, i in enumerate(idx):
            cam, ts = at(i)
            q, R, t = pose_fn(ts)
            j = ch.joints(q, R, t)
            for k, bone in RIG.items():
                rig[n, k] = cam.project(j[bone][None])[0]
        mp = d["xyz"][idx, :, :2] * d["image_size"]
        truth, est = fn(_getter(rig)), fn(_getter(mp))
        ok = ~np.isnan(est)
        err = est[ok] - truth[ok]
        r = np.corrcoef(est[ok], truth[ok])[0, 1] if ok.sum() > 2 else float("nan")
        print(f"{clip['file']:46s} detected {(d['n_poses'] > 0).mean() * 100:5.1f}%  {name}: "
              f"r={r:.3f} mean err {err.mean():+.1f}, MAE after offset "
              f"{np.abs(err - err.mean()).mean():.1f}, truth {truth.min():.0f}-{truth.max():.0f}, "
              f"MediaPipe {est[ok].min():.0f}-{est[ok].max():.0f}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:2])
