"""The real pose backend counts people: a bystander is noticed and the recording refused, the same
recording gives the same landmarks and counts on every run, and one person is never counted twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posecheck.analysis import check_people, extract_poses
from posecheck.capture.sources import VideoFileSource
from posecheck.errors import MultiplePeopleError
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
    with pytest.raises(MultiplePeopleError, match="two people"):
        check_people(first, "edge__two_people__side__a.mp4")


def test_one_person_in_view_is_never_counted_twice(model_dir):
    seq = _poses("glute_bridge__clean__side__a.mp4")
    assert seq.has_pose.mean() > 0.95 and not np.any(seq.n_poses >= 2)
