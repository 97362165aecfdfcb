"""The real pose backend counts people: a bystander is noticed (the same way on every run), the
exerciser on the mat is followed and counted, and one person is never counted twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from posecheck.analysis import analyze_sequence, check_people, extract_poses, refuse_ambiguous
from posecheck.capture.sources import VideoFileSource
from posecheck.pose.mediapipe_backend import MediaPipePoseBackend
from posecheck.pose.model_files import resolve_model

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def _poses(name: str):
    source = VideoFileSource(FIX / name)
    try:
        with MediaPipePoseBackend(resolve_model("lite")) as backend:
            return extract_poses(source, backend)
    finally:
        source.close()


def test_a_bystander_is_noticed_the_same_way_on_every_run(model_dir):
    first, second = _poses("edge__two_people__side__a.mp4"), _poses("edge__two_people__side__a.mp4")
    assert np.array_equal(first.n_poses, second.n_poses)
    np.testing.assert_array_equal(first.xyz, second.xyz)
    assert (first.n_poses >= 2).mean() > 0.9
    np.testing.assert_array_equal(first.people_xyz, second.people_xyz)
    # The bystander stands and watches; the person on the mat bridges 3 times (manifest truth).
    check_people(first, "edge__two_people__side__a.mp4")
    analysis = analyze_sequence(first, "glute_bridge")
    refuse_ambiguous(analysis, "edge__two_people__side__a.mp4")
    report = analysis.report
    assert report["reps"]["total"] == 3
    assert report["people"]["followed"] == "2 people in view: following the person on the mat"
    assert report["people"]["followed_nl"] == "2 mensen in beeld: de persoon op de mat wordt gevolgd"


def test_one_person_in_view_is_never_counted_twice(model_dir):
    seq = _poses("glute_bridge__clean__side__a.mp4")
    assert seq.has_pose.mean() > 0.95 and not np.any(seq.n_poses >= 2)
