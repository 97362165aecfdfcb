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


def _frames(name: str, n: int) -> list[np.ndarray]:
    import cv2

    cap = cv2.VideoCapture(str(FIX / name))
    out = []
    while len(out) < n:
        ok, bgr = cap.read()
        if not ok:
            break
        out.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    cap.release()
    return out


def test_masks_leave_the_landmarks_alone_and_a_wide_picture_scaled_down_gives_the_same_outline(model_dir):
    """Issue 11: person masks add the trunk's outline without moving a landmark; live, a picture wider
    than LIVE_MASK_WIDTH is scaled down before MediaPipe (a cheaper mask) and measures the same outline."""
    import cv2

    from posecheck.pose.mediapipe_backend import LIVE_MASK_WIDTH

    frames = _frames("glute_bridge__curve_graded__side__tight.mp4", 45)
    model = resolve_model("lite")
    with MediaPipePoseBackend(model) as plain, MediaPipePoseBackend(model, outlines=True) as masked, \
            MediaPipePoseBackend(model, outlines=True, mask_width=LIVE_MASK_WIDTH) as wide:
        for i, rgb in enumerate(frames):
            a, b = plain.detect(rgb, i * 66, i), masked.detect(rgb, i * 66, i)
            big = cv2.resize(rgb, (rgb.shape[1] * 2, rgb.shape[0] * 2), interpolation=cv2.INTER_LINEAR)
            c = wide.detect(big, i * 66, i)
    # the last frame (the tracker settled): the same landmarks with or without masks, and an outline
    assert a.outline is None and b.outline is not None
    np.testing.assert_array_equal(a.xyz, b.xyz)
    assert c.image_size == (big.shape[1], big.shape[0])  # landmarks still place on the full picture
    np.testing.assert_allclose(c.xyz[:, :2], b.xyz[:, :2], atol=0.01)
    seen = np.isfinite(b.outline[:, 0]) & np.isfinite(c.outline[:, 0])
    assert seen.mean() > 0.7
    # edge offsets in chord lengths: the same within a hundredth of the trunk
    assert np.median(np.abs(b.outline[:, 0][seen] - c.outline[:, 0][seen])) < 0.01
