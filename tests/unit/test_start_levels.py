"""rise_from_start features: measured from the start position held still, lowered by the floor."""

import math

import pytest

from posecheck.engine.derived import STEADY_DEG, FeatureSpeeds, StartLevels
from posecheck.errors import ExerciseFileError
from posecheck.exercises.loader import default_exercise_dir, get_exercise, load_exercise
from posecheck.exercises.schema import FeatureSpec, FeatureType

SPECS = (FeatureSpec("lift_deg", FeatureType.SEGMENT_ANGLE, ("mid_shoulder", "mid_hip")),
         FeatureSpec("rise_deg", FeatureType.RISE_FROM_START, (), of="lift_deg"))


def _feed(levels: StartLevels, samples, armed_from_ms=0, fps=15):
    out = []
    for i, v in enumerate(samples):
        t = round(i * 1000 / fps)
        levels.observe(t, {"lift_deg": v}, in_position=True)
        if t >= armed_from_ms and not levels._armed:
            levels.arm()
        out.append(levels.derive({"lift_deg": v})["rise_deg"])
    return out


def test_level_waits_until_the_start_position_is_held_still():
    lying_down = [-30 + 3 * i for i in range(10)]  # still moving when counting is armed
    still = [0.5 if i % 2 else -0.5 for i in range(15)]
    got = _feed(StartLevels(SPECS, settle_s=0.5), lying_down + still + [20.0])
    assert all(math.isnan(x) for x in got[:10]), "no level while the person is still lying down"
    assert got[-1] == pytest.approx(20.0, abs=0.6), "measured from the still level, not the sweep"


def test_going_lower_than_the_level_lowers_it():
    levels = StartLevels(SPECS, settle_s=0.5)
    got = _feed(levels, [5.0] * 10 + [1.0] * 3 + [21.0])
    assert got[9] == pytest.approx(0.0) and got[-1] == pytest.approx(20.0)


def test_a_wobbly_start_is_not_a_level():
    wobble = [0.0, STEADY_DEG + 1] * 20
    assert all(math.isnan(x) for x in _feed(StartLevels(SPECS, settle_s=0.5), wobble))


def test_disarming_forgets_the_level():
    levels = StartLevels(SPECS, settle_s=0.5)
    _feed(levels, [0.0] * 10)
    levels.disarm()
    assert math.isnan(levels.derive({"lift_deg": 3.0})["rise_deg"])


def test_the_bridge_counts_on_the_rise_from_its_start():
    ex = get_exercise("glute_bridge")
    (rise,) = [f for f in ex.features if f.type is FeatureType.RISE_FROM_START]
    assert ex.rep.driver == rise.name and rise.of == "hip_lift_deg"


@pytest.mark.parametrize("old,new,problem", [
    ('of = "hip_lift_deg"', 'of = "hip_lift"', "'of' must name a measured feature"),
    ('{ feature = "hip_lift_deg", op = "between", value = [-25, 60] }',
     '{ feature = "hip_rise_deg", op = "between", value = [-25, 60] }', "cannot define it"),
])
def test_a_bad_rise_feature_is_refused_with_the_key(tmp_path, old, new, problem):
    text = (default_exercise_dir() / "glute_bridge.toml").read_text()
    assert old in text
    p = tmp_path / "glute_bridge.toml"
    p.write_text(text.replace(old, new))
    with pytest.raises(ExerciseFileError) as e:
        load_exercise(p)
    assert problem in str(e.value) and "glute_bridge.toml" in str(e.value)


SPEED = (SPECS[0], FeatureSpec("lift_speed_deg_s", FeatureType.SPEED_OF, (), of="lift_deg"))


def test_speed_is_the_change_per_second_over_the_window():
    speeds = FeatureSpeeds(SPEED)
    got = [speeds.derive(round(i * 1000 / 15), {"lift_deg": 2.0 * i})["lift_speed_deg_s"] for i in range(10)]
    assert math.isnan(got[0]) and math.isnan(got[1]), "no speed before the window is filled"
    assert got[-1] == pytest.approx(30.0), "2 deg per frame at 15 fps"


def test_a_frame_that_cannot_be_seen_breaks_the_speed_window():
    speeds = FeatureSpeeds(SPEED)
    for i in range(5):
        speeds.derive(i * 67, {"lift_deg": 0.0})
    assert math.isnan(speeds.derive(400, {"lift_deg": math.nan})["lift_speed_deg_s"])
    assert math.isnan(speeds.derive(2000, {"lift_deg": 40.0})["lift_speed_deg_s"]), "no speed across the gap"


def test_the_bridge_hold_is_timed_only_while_the_hips_are_still():
    ex = get_exercise("glute_bridge")
    speed = {f.name for f in ex.features if f.type is FeatureType.SPEED_OF}
    assert speed and any(c.feature in speed for c in ex.hold.conditions)


def test_a_top_counted_as_a_hold_needs_a_hold_section(tmp_path):
    text = (default_exercise_dir() / "glute_bridge.toml").read_text()
    start, end = text.index("[hold]"), text.index("[[faults]]")
    hold_conditions = [line for line in text[start:end].splitlines() if "hip_rise_deg" in line or "speed" in line]
    assert hold_conditions, "the bridge's hold section is where this test expects it"
    p = tmp_path / "glute_bridge.toml"
    p.write_text(text[:start] + text[end:])
    with pytest.raises(ExerciseFileError) as e:
        load_exercise(p)
    assert "rep.top_as_hold_s" in str(e.value)
