import math

import numpy as np
import pytest

from posecheck.kinematics import angles


def test_joint_angle_right_angle_and_straight_line():
    assert angles.joint_angle_deg([1, 0], [0, 0], [0, 1]) == pytest.approx(90.0)
    assert angles.joint_angle_deg([-1, 0], [0, 0], [1, 0]) == pytest.approx(180.0)


def test_joint_angle_works_on_sequences_and_3d():
    a = np.array([[1, 0, 0], [0, 0, 1]], float)
    b = np.zeros((2, 3))
    c = np.array([[0, 1, 0], [0, 0, 1]], float)
    np.testing.assert_allclose(angles.joint_angle_deg(a, b, c), [90.0, 0.0], atol=1e-9)


def test_aspect_correction_restores_true_angle_on_wide_frames():
    # A 45 degree line drawn on a 16:9 frame: in normalised coords x spans less than y.
    w, h = 1600, 900
    a = np.array([0.5, 0.5])
    b = np.array([0.5 + 0.1 * h / w, 0.4])  # 0.1 image heights right and up
    raw = angles.segment_angle_deg(a, b)
    fixed = angles.segment_angle_deg(*angles.to_aspect_correct(np.stack([a, b]), (w, h)))
    assert fixed == pytest.approx(45.0)
    assert abs(raw - 45.0) > 10.0


def test_signed_angle_continues_past_straight_when_point_is_above_the_line():
    # Image coords: y down. Shoulder left, knee right; hip above the line = over-extended bridge.
    sh, knee = np.array([0.0, 0.5]), np.array([1.0, 0.5])
    hip_above = np.array([0.5, 0.45])
    hip_below = np.array([0.5, 0.55])
    above = angles.signed_joint_angle_deg(sh, hip_above, knee, "above")
    below = angles.signed_joint_angle_deg(sh, hip_below, knee, "above")
    assert above > 180.0 > below
    assert above - 180.0 == pytest.approx(180.0 - below)  # symmetric around straight
    # The same geometry with the "below" convention (plank sag) flips the reading.
    assert angles.signed_joint_angle_deg(sh, hip_below, knee, "below") == pytest.approx(above)


def test_signed_angle_is_continuous_through_straight():
    sh, knee = np.array([0.0, 0.5]), np.array([1.0, 0.5])
    ys = np.linspace(0.52, 0.48, 41)
    vals = np.array([angles.signed_joint_angle_deg(sh, np.array([0.5, y]), knee) for y in ys])
    assert np.all(np.diff(vals) > 0)  # rises monotonically as the hip goes up
    assert np.max(np.abs(np.diff(vals))) < 1.0


def test_signed_angle_does_not_depend_on_facing_direction():
    sh, hip, knee = np.array([0.0, 0.5]), np.array([0.5, 0.45]), np.array([1.0, 0.5])
    mirror = lambda p: np.array([1.0 - p[0], p[1]])  # noqa: E731
    assert angles.signed_joint_angle_deg(sh, hip, knee) == pytest.approx(
        angles.signed_joint_angle_deg(mirror(sh), mirror(hip), mirror(knee)))


def test_signed_angle_in_world_space_uses_y_down():
    sh, knee = np.array([-0.5, 0.0, 0.0]), np.array([0.5, 0.0, 0.0])
    hip_up = np.array([0.0, -0.05, 0.0])
    assert angles.signed_joint_angle_deg(sh, hip_up, knee) > 180.0


def test_segment_angle_horizontal_is_elevation_regardless_of_facing():
    hip = np.array([0.5, 0.5])
    up_right, up_left = np.array([0.6, 0.4]), np.array([0.4, 0.4])  # 45 degrees up, either way
    assert angles.segment_angle_deg(hip, up_right) == pytest.approx(45.0)
    assert angles.segment_angle_deg(hip, up_left) == pytest.approx(45.0)
    assert angles.segment_angle_deg(hip, np.array([0.5, 0.7])) == pytest.approx(-90.0)


def test_segment_angle_vertical():
    a = np.array([0.5, 0.5])
    assert angles.segment_angle_deg(a, np.array([0.5, 0.2]), "vertical") == pytest.approx(0.0)
    assert angles.segment_angle_deg(a, np.array([0.8, 0.5]), "vertical") == pytest.approx(90.0)
    with pytest.raises(ValueError):
        angles.segment_angle_deg(a, a, "diagonal")


def test_segments_angle_between_parallel_and_crossing_segments():
    assert angles.segments_angle_deg([0, 0], [1, 0], [0, 1], [1, 1]) == pytest.approx(0.0)
    assert angles.segments_angle_deg([0, 0], [1, 0], [0, 0], [0, 1]) == pytest.approx(90.0)


def test_line_offset_sign_and_scale():
    sh, knee = np.array([0.0, 0.5]), np.array([1.0, 0.5])
    assert angles.line_offset(sh, np.array([0.5, 0.4]), knee) == pytest.approx(0.1)
    assert angles.line_offset(sh * 2, np.array([1.0, 0.8]), knee * 2) == pytest.approx(0.1)  # scale-free


def test_missing_points_give_nan_not_a_guess():
    nan = np.array([np.nan, np.nan])
    assert np.isnan(angles.joint_angle_deg(nan, [0, 0], [1, 0]))
    assert np.isnan(angles.signed_joint_angle_deg(nan, np.array([0, 0]), np.array([1, 0])))


def test_facing_signed_angle_tells_hips_forward_from_hips_back_on_an_upright_body():
    from posecheck.kinematics.angles import signed_joint_angle_facing_deg

    shoulder, knee = np.array([0.0, -1.0]), np.array([0.0, 1.0])  # a vertical shoulder-knee line (y down)
    heel, toe = np.array([0.0, 2.0]), np.array([0.3, 2.0])  # facing +x
    hips_forward, hips_back = np.array([0.1, 0.0]), np.array([-0.1, 0.0])
    fwd = float(signed_joint_angle_facing_deg(shoulder, hips_forward, knee, heel, toe))
    back = float(signed_joint_angle_facing_deg(shoulder, hips_back, knee, heel, toe))
    assert fwd == pytest.approx(360 - math.degrees(2 * math.atan2(1.0, 0.1)), abs=1e-9) and fwd > 180
    assert back == pytest.approx(math.degrees(2 * math.atan2(1.0, 0.1)), abs=1e-9) and back < 180
    # turning round (toes pointing -x) swaps them; "behind" mirrors the convention
    assert float(signed_joint_angle_facing_deg(shoulder, hips_forward, knee, toe, heel)) == pytest.approx(back)
    assert float(signed_joint_angle_facing_deg(shoulder, hips_back, knee, heel, toe, "behind")) == pytest.approx(fwd)
