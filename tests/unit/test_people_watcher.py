"""The real pose backend's people watcher: a second person is noticed, and the same recording gives
the same n_poses for every frame on every run (reports and tests depend on that)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from posecheck.analysis import check_people, extract_poses
from posecheck.capture.sources import VideoFileSource
from posecheck.errors import MultiplePeopleError
from posecheck.pose.mediapipe_backend import WATCH_EVERY, MediaPipePoseBackend
from posecheck.pose.model_files import resolve_model

FIX = Path(__file__).resolve().parents[1] / "fixtures"


def _poses(name: str, watch_every: int | None = WATCH_EVERY):
    source = VideoFileSource(FIX / name)
    try:
        with MediaPipePoseBackend(resolve_model("lite"), watch_every=watch_every) as backend:
            return extract_poses(source, backend)
    finally:
        source.close()


def test_the_watcher_notices_a_bystander_the_same_way_on_every_run(model_dir):
    first, second = _poses("edge__two_people__side__a.mp4"), _poses("edge__two_people__side__a.mp4")
    assert np.array_equal(first.n_poses, second.n_poses)
    # The watcher's first look is applied one watch period later; from then on the bystander is seen.
    assert np.all(first.n_poses[:WATCH_EVERY] == 1)
    assert (first.n_poses >= 2).mean() > 0.9
    with pytest.raises(MultiplePeopleError, match="two people"):
        check_people(first, "edge__two_people__side__a.mp4")


def test_without_the_watcher_the_tracker_follows_one_person_only(model_dir):
    seq = _poses("edge__two_people__side__a.mp4", watch_every=None)
    assert seq.has_pose.all() and np.all(seq.n_poses == 1)


def test_one_person_in_view_is_never_counted_twice(model_dir):
    seq = _poses("glute_bridge__clean__side__a.mp4")
    assert seq.has_pose.mean() > 0.95 and not np.any(seq.n_poses >= 2)
