"""Per-rep fault checks with min_duration_s judge the level a feature kept, not a glitch's peak."""

import dataclasses

from posecheck.engine.faults import FaultMonitor
from posecheck.engine.reps import RepPhase
from posecheck.exercises.loader import get_exercise


def _judge(tilts_deg, min_duration_s, fps=15):
    spec = next(f for f in get_exercise("knee_drops").faults if f.id == "shoulder_lifting")
    mon = FaultMonitor((dataclasses.replace(spec, min_duration_s=min_duration_s),))
    for i, x in enumerate(tilts_deg):
        mon.step(round(i * 1000 / fps), {"shoulder_tilt_deg": x}, RepPhase.TOP, False, True)
    return [h.value for h in mon.rep_ended(round(len(tilts_deg) * 1000 / fps), completed=True)]


def test_a_few_frames_of_mis_fitted_shoulders_are_not_a_lifted_shoulder():
    glitch = [0.0] * 15 + [80.0] * 5 + [0.0] * 15  # 0.33 s of a skeleton with swapped shoulders
    assert _judge(glitch, 0.5) == []
    assert _judge(glitch, 0.0) != [], "without a duration the glitch is the rep's extreme"


def test_a_shoulder_that_stays_lifted_is_flagged_with_the_level_it_kept():
    lifted = [0.0] * 10 + [20.0] * 15 + [0.0] * 10  # 1 s at 20 deg
    (value,) = _judge(lifted, 0.5)
    assert value == 20.0


def test_the_exercise_file_sets_the_duration_for_this_fault_only():
    ex = get_exercise("knee_drops")
    assert next(f for f in ex.faults if f.id == "shoulder_lifting").min_duration_s == 0.5
    bridge = get_exercise("glute_bridge")
    assert next(f for f in bridge.faults if f.id == "incomplete_hip_extension").min_duration_s == 0.0


def test_a_change_fault_is_not_judged_when_its_signal_swings_at_rest():
    """A per-rep change check says nothing when the feature moves as much while the person rests: the rep
    is left unjudged for that fault (and counted as such), never flagged."""
    from posecheck.engine.faults import FaultMonitor
    from posecheck.engine.reps import RepPhase
    from posecheck.exercises.schema import Check, Condition, FaultSpec, Op, Phase

    feature = "pelvis_turn_deg"  # a depth-based signal, as the clamshell's pelvis roll was
    spec = FaultSpec("pelvis_rolling_back", Condition(feature, Op.GT, (15.0,)), Phase.REP, check=Check.REP_CHANGE,
                     min_duration_s=0.0)

    def run(rest_swing: float) -> FaultMonitor:
        mon = FaultMonitor((spec,))
        t = 0
        for k in range(60):  # 2 s at rest, the signal swinging by rest_swing
            mon.step(t, {feature: rest_swing * (k % 2)}, RepPhase.BOTTOM, False, True)
            t += 33
        for k in range(30):  # a rep in which it changes by 18: over the limit
            mon.step(t, {feature: 18.0 * k / 29}, RepPhase.TOP, False, True)
            t += 33
        mon.hits = mon.rep_ended(t, completed=True)
        return mon

    steady = run(rest_swing=1.0)
    assert [h.spec.id for h in steady.hits] == ["pelvis_rolling_back"] and steady.judged == {"pelvis_rolling_back": 1}
    swinging = run(rest_swing=12.0)
    assert swinging.hits == [] and swinging.unsteady == {"pelvis_rolling_back": 1}
