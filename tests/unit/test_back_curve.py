"""The back's outline (issue 11): the mask sampled along the chord (pose layer, numpy only) and the curve
measured on it (numpy core), on hand-made masks and outlines whose shape is known exactly."""
from __future__ import annotations

import math

import numpy as np
import pytest

from posecheck.exercises.loader import get_exercise
from posecheck.kinematics import back_curve as bc
from posecheck.engine.features import evaluate_features
from posecheck.kinematics.points import LandmarkArrays
from posecheck.landmarks import LANDMARK_INDEX, OUTLINE_SHAPE, OUTLINE_STATIONS, N_LANDMARKS, PoseFrame, PoseSequence
from posecheck.pose.outline import trunk_outline

W, H = 640, 480
T = np.linspace(0.0, 1.0, OUTLINE_STATIONS)
LOWER, UPPER = bc.LOWER_T, bc.UPPER_T


def _landmarks(hip_px, shoulder_px, toes_dx: float = 0.0) -> np.ndarray:
    """(33, 3) normalised landmarks: hips and shoulders where given, heel and toes ``toes_dx`` px apart."""
    xyz = np.full((N_LANDMARKS, 3), 0.5, np.float32)
    for side in ("left", "right"):
        xyz[LANDMARK_INDEX[f"{side}_hip"], :2] = np.array(hip_px) / (W, H)
        xyz[LANDMARK_INDEX[f"{side}_shoulder"], :2] = np.array(shoulder_px) / (W, H)
        xyz[LANDMARK_INDEX[f"{side}_heel"], :2] = (np.array(hip_px) + (0, 150)) / (W, H)
        xyz[LANDMARK_INDEX[f"{side}_foot_index"], :2] = (np.array(hip_px) + (toes_dx, 150)) / (W, H)
    return xyz


def _aspect_xy(xyz: np.ndarray) -> np.ndarray:
    return (xyz[None, :, :2] * (W / H, 1.0)).astype(np.float64)


def _outline(plus: np.ndarray, minus: np.ndarray, soft: float = 0.01) -> np.ndarray:
    out = np.empty(OUTLINE_SHAPE, np.float32)
    out[0, 0], out[1, 0] = plus, minus
    out[:, 1] = soft
    return out[None]


def _expected_bend(a: float) -> float:
    """Bend of the parabola e(t) = a (t - 0.5)^2 between its least-squares slopes over LOWER and UPPER:
    a least-squares line through a parabola over a window has the parabola's slope at the window's middle."""
    lower = 2 * a * (sum(LOWER) / 2 - 0.5)
    upper = 2 * a * (sum(UPPER) / 2 - 0.5)
    return math.degrees(math.atan(upper) - math.atan(lower))


# ---------------------------------------------------------------- the core: curve on a known outline
def test_a_straight_edge_has_no_curve_and_no_depth():
    xyz = _landmarks((400, 300), (200, 300))
    off, soft = bc.edge_of(_outline(np.full(OUTLINE_STATIONS, 0.2), np.full(OUTLINE_STATIONS, -0.2)),
                           _aspect_xy(xyz), "upper", "back")
    assert bc.curve_deg(off)[0] == pytest.approx(0.0, abs=1e-9)
    assert bc.depth_ratio(off)[0] == pytest.approx(0.0, abs=1e-9)
    assert bc.outline_quality(off, soft)["ok"][0]


@pytest.mark.parametrize("a", [0.4, 0.8, -0.6])
def test_a_hollow_back_reads_as_extension_and_a_round_one_as_flexion(a):
    """A person facing the floor, hips right, shoulders left: +n (chord turned toward +x from up) points up.
    The back's edge there sinks in (a > 0: a hollow) or bulges out (a < 0: rounded)."""
    xyz = _landmarks((400, 300), (200, 300))
    edge = 0.25 + a * (T - 0.5) ** 2  # outward offset along +n
    la_xy = _aspect_xy(xyz)
    value = bc.back_curve_measure(_outline(edge, np.full(OUTLINE_STATIONS, -0.2)), la_xy, "upper", "back", "curve_deg")[0]
    assert value == pytest.approx(_expected_bend(a), abs=1e-3)  # the outline is stored as float32
    assert math.copysign(1, value) == math.copysign(1, a)
    depth = bc.back_curve_measure(_outline(edge, np.full(OUTLINE_STATIONS, -0.2)), la_xy, "upper", "back", "depth_ratio")[0]
    assert math.copysign(1, depth) == math.copysign(1, a) and abs(depth) > 0.005


def test_the_same_outline_is_turned_round_for_the_front():
    xyz = _landmarks((400, 300), (200, 300))
    edge = 0.25 + 0.5 * (T - 0.5) ** 2
    o = _outline(edge, np.full(OUTLINE_STATIONS, -0.2))
    back = bc.back_curve_measure(o, _aspect_xy(xyz), "upper", "back", "curve_deg")[0]
    front = bc.back_curve_measure(o, _aspect_xy(xyz), "upper", "front", "curve_deg")[0]
    assert front == pytest.approx(-back)


def test_the_upper_edge_is_found_whichever_way_the_person_lies():
    """Shoulders to the right of the hips: +n points down, so the upper edge is the -n one (stored along n)."""
    edge = 0.25 + 0.5 * (T - 0.5) ** 2
    left = bc.back_curve_measure(_outline(edge, np.full(OUTLINE_STATIONS, -0.2)),
                                 _aspect_xy(_landmarks((400, 300), (200, 300))), "upper", "back", "curve_deg")[0]
    right = bc.back_curve_measure(_outline(np.full(OUTLINE_STATIONS, 0.2), -edge),
                                  _aspect_xy(_landmarks((200, 300), (400, 300))), "upper", "back", "curve_deg")[0]
    assert right == pytest.approx(left)


def test_behind_is_the_side_away_from_the_toes_whatever_the_lean():
    """Standing (chord straight up) and hinged forward (chord level), facing +x: the back is -n."""
    edge = 0.2 + 0.6 * (T - 0.5) ** 2
    for hip, shoulder in (((300, 300), (300, 100)), ((300, 300), (500, 300)), ((300, 300), (450, 200))):
        facing_right = _aspect_xy(_landmarks(hip, shoulder, toes_dx=30))
        v = bc.back_curve_measure(_outline(np.full(OUTLINE_STATIONS, 0.2), -edge), facing_right, "behind", "back",
                                  "curve_deg")[0]
        assert v == pytest.approx(_expected_bend(0.6), abs=1e-3)
        mirrored_hip, mirrored_sh = (W - hip[0], hip[1]), (W - shoulder[0], shoulder[1])
        facing_left = _aspect_xy(_landmarks(mirrored_hip, mirrored_sh, toes_dx=-30))
        v2 = bc.back_curve_measure(_outline(edge, np.full(OUTLINE_STATIONS, -0.2)), facing_left, "behind", "back",
                                   "curve_deg")[0]
        assert v2 == pytest.approx(v)


@pytest.mark.parametrize("spoil", ["ragged", "step", "blurred", "missing"])
def test_an_outline_that_cannot_be_trusted_is_not_judged(spoil):
    xyz = _landmarks((400, 300), (200, 300))
    edge = 0.25 + 0.5 * (T - 0.5) ** 2
    soft = 0.01
    if spoil == "ragged":   # folds of a loose shirt
        edge = edge + 0.03 * np.sin(2 * np.pi * T * 8)
    elif spoil == "step":   # an arm or a second person against the trunk
        edge = edge + np.where(T > 0.5, 0.12, 0.0)
    elif spoil == "blurred":
        soft = 0.2
    else:
        edge = edge.copy()
        edge[6] = np.nan
    o = _outline(edge, np.full(OUTLINE_STATIONS, -0.2), soft)
    assert math.isnan(bc.back_curve_measure(o, _aspect_xy(xyz), "upper", "back", "curve_deg")[0])
    # and the clean outline is judged
    clean = _outline(0.25 + 0.5 * (T - 0.5) ** 2, np.full(OUTLINE_STATIONS, -0.2))
    assert not math.isnan(bc.back_curve_measure(clean, _aspect_xy(xyz), "upper", "back", "curve_deg")[0])


def test_exercise_features_read_the_outline_and_say_cannot_see_without_it():
    ex = get_exercise("plank")
    assert ex.needs_outline and not get_exercise("clamshell").needs_outline
    xyz = _landmarks((400, 300), (200, 300))[None]
    vis = np.ones((1, N_LANDMARKS))
    world = np.zeros((1, N_LANDMARKS, 3))
    edge = 0.25 + 0.5 * (T - 0.5) ** 2
    la = LandmarkArrays.build(xyz, vis, world, (W, H), np.array([True]), _outline(edge, np.full(OUTLINE_STATIONS, -0.2)))
    feats = evaluate_features(ex.features, la)
    assert feats["lumbar_curve_deg"][0] == pytest.approx(_expected_bend(0.5), abs=1e-3)
    assert feats["lumbar_depth_ratio"][0] > 0
    la_without = LandmarkArrays.build(xyz, vis, world, (W, H), np.array([True]))
    assert math.isnan(evaluate_features(ex.features, la_without)["lumbar_curve_deg"][0])
    hidden = vis.copy()
    hidden[0, LANDMARK_INDEX["left_hip"]] = hidden[0, LANDMARK_INDEX["right_hip"]] = 0.0
    la_hidden = LandmarkArrays.build(xyz, hidden, world, (W, H), np.array([True]),
                                     _outline(edge, np.full(OUTLINE_STATIONS, -0.2)))
    assert math.isnan(evaluate_features(ex.features, la_hidden)["lumbar_curve_deg"][0])


# ---------------------------------------------------------------- the pose layer: outline from a mask
def _trunk_mask(hip, shoulder, top, bottom, blur_px: float = 0.0) -> np.ndarray:
    """A mask filled between two edges given as offsets (px) along +n and -n from the chord, per pixel."""
    hip, shoulder = np.asarray(hip, float), np.asarray(shoulder, float)
    chord = shoulder - hip
    length = np.hypot(*chord)
    u = chord / length
    n = np.array([-u[1], u[0]])
    yy, xx = np.mgrid[0:H, 0:W].astype(float)
    rel = np.stack([xx - hip[0], yy - hip[1]], -1)
    t = (rel @ u) / length
    o = rel @ n
    lo, hi = bottom(np.clip(t, 0, 1)), top(np.clip(t, 0, 1))
    if blur_px <= 0:
        inside = (o <= hi) & (o >= lo) & (t > -0.3) & (t < 1.3)
        return inside.astype(np.float32)
    # a soft edge: a logistic fall over about blur_px
    k = 4.0 / blur_px
    m = 1 / (1 + np.exp(-k * (hi - o))) * 1 / (1 + np.exp(-k * (o - lo)))
    return (m * ((t > -0.3) & (t < 1.3))).astype(np.float32)


def test_the_outline_follows_a_drawn_trunk_to_a_fraction_of_a_pixel():
    """MediaPipe's masks are soft (a confidence falling over a pixel or two), as this one."""
    hip, shoulder = (420.0, 260.0), (220.0, 250.0)
    length = np.hypot(200.0, 10.0)
    top = lambda t: 40.0 + 60.0 * (t - 0.5) ** 2  # noqa: E731  a hollow 15 px deep between raised ends
    bottom = lambda t: -35.0 + 0 * t  # noqa: E731
    mask = _trunk_mask(hip, shoulder, top, bottom, blur_px=2.0)
    xyz = _landmarks(hip, shoulder)
    out = trunk_outline(mask, xyz, (W, H))
    assert out.shape == OUTLINE_SHAPE
    np.testing.assert_allclose(out[0, 0] * length, top(T), atol=0.3)
    np.testing.assert_allclose(out[1, 0] * length, bottom(T), atol=0.3)
    assert np.all(out[:, 1] < 0.02)  # a hard edge: the 0.8 and 0.2 levels within a pixel or two


def test_a_blurred_mask_reads_as_soft_and_no_person_as_nothing():
    hip, shoulder = (420.0, 260.0), (220.0, 250.0)
    top = lambda t: 40.0 + 0 * t  # noqa: E731
    bottom = lambda t: -35.0 + 0 * t  # noqa: E731
    soft = trunk_outline(_trunk_mask(hip, shoulder, top, bottom, blur_px=25.0), _landmarks(hip, shoulder), (W, H))
    assert np.nanmedian(soft[:, 1]) > bc.SOFT_MAX
    empty = trunk_outline(np.zeros((H, W), np.float32), _landmarks(hip, shoulder), (W, H))
    assert np.isnan(empty).all()
    nowhere = _landmarks(hip, hip)  # hips and shoulders in one spot: no chord
    assert trunk_outline(np.ones((H, W), np.float32), nowhere, (W, H)) is None


# ---------------------------------------------------------------- the containers carry it, never a mask
def test_outlines_travel_with_the_person_and_through_npz(tmp_path):
    from posecheck.landmarks import PersonPose

    xyz = _landmarks((400, 300), (200, 300))
    a = _outline(np.full(OUTLINE_STATIONS, 0.2), np.full(OUTLINE_STATIONS, -0.2))[0]
    b = a + 0.05
    people = (PersonPose(xyz, np.ones(N_LANDMARKS, np.float32), None, a),
              PersonPose(xyz + 0.1, np.ones(N_LANDMARKS, np.float32), None, b))
    f = PoseFrame(0, 0, (W, H), xyz=xyz, visibility=np.ones(N_LANDMARKS, np.float32), n_poses=2, people=people,
                  outline=a)
    assert np.array_equal(f.following(people[1]).outline, b)
    assert f.following(None).outline is None
    seq = PoseSequence.from_frames([f, f])
    assert seq.outline.shape == (2, *OUTLINE_SHAPE) and seq.people_outline.shape == (2, 2, *OUTLINE_SHAPE)
    seq.save(tmp_path / "s.npz")
    back = PoseSequence.load(tmp_path / "s.npz")
    np.testing.assert_array_equal(back.outline, seq.outline)
    assert np.array_equal(back.people_at(1)[1].outline, b)
    with np.load(tmp_path / "s.npz") as z:   # a few numbers per person and frame, never a picture
        assert all(z[k].size <= 2 * 2 * 2 * OUTLINE_STATIONS * 2 for k in z.files if "outline" in k)
    plain = PoseSequence.from_frames([PoseFrame(0, 0, (W, H), xyz=xyz, visibility=np.ones(N_LANDMARKS, np.float32),
                                                n_poses=1)])
    assert plain.outline is None


# ---------------------------------------------------------------- the renders: truth the outline is scored on
FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures"
FIVE = ("glute_bridge", "plank", "bird_dog", "dead_bug", "cat_cow")


@pytest.mark.parametrize("exercise", FIVE)
def test_the_five_exercises_write_the_lower_back_curve_in_the_csv_and_the_report(exercise, tmp_path):
    from posecheck.analysis import analyze_sequence
    from posecheck.report import write_frames_csv

    seq = PoseSequence.load(FIXTURES / "landmarks" / "glute_bridge__curve_graded__side__tight.npz")
    an = analyze_sequence(seq, exercise, source="x").analyzer
    write_frames_csv(an, tmp_path / "f.csv")
    header = (tmp_path / "f.csv").read_text().splitlines()[0].split(",")
    assert {"lumbar_curve_deg_raw", "lumbar_curve_deg_filtered", "lumbar_curve_deg_smooth"} <= set(header)
    from posecheck.report import feature_summary

    curve = next(f for f in feature_summary(an) if f["name"] == "lumbar_curve_deg")
    assert curve["label"] == "Lower-back curve" and curve["unit"] == "deg"


def test_over_arch_with_the_hips_on_the_line_is_caught_from_the_outline_and_not_the_hip_angle():
    """The graded bridge render: the hips on the shoulder-knee line at every top, the lumbar spine extended
    0, 10, 20, 30 and -10 degrees. The outline flags the 20 and 30 degree reps, the hip angle none."""
    from posecheck.analysis import analyze_sequence

    seq = PoseSequence.load(FIXTURES / "landmarks" / "glute_bridge__curve_graded__side__tight.npz")
    report = analyze_sequence(seq, "glute_bridge", source="x").report
    assert [r["faults"] for r in report["rep_list"]] == [[], [], ["lower_back_arched"], ["lower_back_arched"], []]
    # the same bridges without the outline (masks off): nothing can be said about the lower back
    blind = __import__("dataclasses").replace(seq, outline=None, people_outline=None)
    report = analyze_sequence(blind, "glute_bridge", source="x").report
    assert all(r["faults"] == [] for r in report["rep_list"])


@pytest.mark.parametrize("name", ["glute_bridge__clean__side__a", "edge__two_people__side__a",
                                  "glute_bridge__incomplete__side__a"])
def test_clean_bridges_are_not_called_arched_from_the_outline(name):
    from posecheck.analysis import analyze_sequence

    seq = PoseSequence.load(FIXTURES / "landmarks" / f"{name}.npz")
    report = analyze_sequence(seq, "glute_bridge", source="x").report
    assert not any("lower_back_arched" in r["faults"] for r in report["rep_list"])


def test_the_renders_lumbar_truth_is_kept_as_straight_runs_within_its_rounding():
    import sys

    sys.path.insert(0, str(FIXTURES.parents[1]))
    from tools.fixturegen.spine_truth import truth_from_keys, truth_keys

    t = np.arange(300)
    truth = np.round(np.clip((t - 50) * 0.4, 0, 30) - np.clip((t - 200) * 0.6, 0, 40) + 2 * np.sin(t / 9.0), 1)
    keys = truth_keys(truth)
    back = truth_from_keys(keys, len(truth))
    assert np.max(np.abs(back - truth)) <= 0.15
    assert len(keys.split()) < len(truth) / 2


def test_a_ragged_outline_is_reported_as_cannot_judge_and_landmarks_without_masks_are_not_called_ragged():
    """The bridge render's outline spoilt on every frame (a loose shirt's folds): the arched-back fault is not
    raised and the report says why; the same landmarks without any outline say nothing about it."""
    import dataclasses

    from posecheck.analysis import analyze_sequence

    seq = PoseSequence.load(FIXTURES / "landmarks" / "glute_bridge__curve_graded__side__tight.npz")
    spoilt = seq.outline.copy()
    folds = 0.04 * np.sign(np.sin(np.arange(OUTLINE_STATIONS) * 2.1))  # ±4% of the trunk, station to station
    spoilt[:, :, 0, :] += folds
    ragged = analyze_sequence(dataclasses.replace(seq, outline=spoilt, people_outline=None), "glute_bridge").report
    assert all("lower_back_arched" not in r["faults"] for r in ragged["rep_list"])
    assert any("arched lower back" in c and "outline" in c for c in ragged["cannot_judge"])
    assert any("holle onderrug" in c for c in ragged["cannot_judge_nl"])
    assert next(f for f in ragged["features"] if f["name"] == "lumbar_curve_deg")["judged_share"] == 0.0
    plain = analyze_sequence(dataclasses.replace(seq, outline=None, people_outline=None), "glute_bridge").report
    assert not any("outline" in c for c in plain["cannot_judge"])
