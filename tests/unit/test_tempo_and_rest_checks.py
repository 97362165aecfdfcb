"""Issue 13's engine additions: per-rep tempo checks (rep_s, rep_up_s, rep_top_s, rep_down_s) judged on the
rep's own times, and per-rep changes measured from the rest before the rep instead of its first frame."""

from __future__ import annotations

import dataclasses

import pytest

from posecheck.engine.analyzer import Analyzer
from posecheck.engine.events import FaultRaised, RepCompleted, RepRecord
from posecheck.engine.faults import FaultMonitor
from posecheck.engine.reps import RepCounter, RepPhase
from posecheck.errors import ExerciseFileError
from posecheck.exercises.loader import default_exercise_dir, get_exercise, load_exercise
from posecheck.exercises.schema import Check, Condition, FaultSpec, Op, Phase
from tests.synthetic import bridge_joints, bridge_trace, sequence

TEMPO = {"no_pause_at_top", "lowering_too_fast"}


def _bridge_faults(**tempo) -> tuple[list[RepCompleted], list[FaultRaised]]:
    an = Analyzer(get_exercise("glute_bridge"))
    events = an.analyze(sequence([bridge_joints(lift, hip) for lift, hip in bridge_trace(3, **tempo)]))
    return ([e for e in events if isinstance(e, RepCompleted)],
            [e for e in events if isinstance(e, FaultRaised) and e.fault_id in TEMPO])


def test_slow_reps_with_a_pause_are_not_rushed():
    reps, faults = _bridge_faults(up_s=2.0, top_s=1.0, down_s=2.0)
    assert len(reps) == 3 and faults == []


def test_reps_without_a_pause_that_drop_back_down_are_flagged_on_every_rep():
    reps, faults = _bridge_faults(up_s=0.8, top_s=0.0, down_s=0.3)
    assert len(reps) == 3
    assert sorted((f.fault_id, f.rep_index) for f in faults) == sorted(
        (fid, i) for fid in TEMPO for i in range(3))
    assert all(r.rep.faults and set(r.rep.faults) == TEMPO for r in reps)


def test_a_rep_counting_joined_at_its_top_is_not_judged_on_tempo():
    # a recording that starts with the hips up: the rise was never seen, so its "up" and "top" are unknown
    counter = RepCounter(get_exercise("glute_bridge").rep)
    t = 0
    for v in [20.0] * 5 + [15.0, 8.0, 4.0, 1.0] + [0.0] * 10 + [4.0, 8.0, 15.0, 20.0, 20.0, 20.0, 20.0, 15.0, 8.0, 4.0, 1.0]:
        _, rep = counter.step(t, v)
        if rep is not None:
            assert counter.last_rise_seen is (rep.index == 1), rep
        t += 100
    assert len(counter.reps) == 2


@pytest.mark.parametrize("check,attr", [(Check.REP_S, "duration_s"), (Check.REP_UP_S, "up_s"),
                                        (Check.REP_TOP_S, "top_s"), (Check.REP_DOWN_S, "down_s")])
def test_each_tempo_check_compares_its_own_time(check, attr):
    rep = RepRecord(index=0, side=None, start_ms=0, top_start_ms=700, top_end_ms=900, end_ms=2000,
                    peak_value=30.0, rom=25.0)
    seconds = getattr(rep, attr)
    spec = FaultSpec("quick", Condition("", Op.LT, (seconds + 0.01,)), Phase.REP, check=check)
    slow = dataclasses.replace(spec, condition=Condition("", Op.LT, (seconds - 0.01,)))
    mon = FaultMonitor((spec, slow))
    hits = mon.rep_ended(2000, completed=True, rep=rep)
    assert [(h.spec.condition.value, h.value) for h in hits] == [((seconds + 0.01,), seconds)]
    assert FaultMonitor((spec,)).rep_ended(2000, completed=True, rep=None) == [], "no record, no tempo"


def test_a_change_in_a_rep_is_measured_from_the_rest_before_it():
    """The head moves with the trunk as a hinge starts: by the time the rep leaves the bottom band the
    feature has already moved. Measured from there a 8-degree curl reads 4."""
    spec = FaultSpec("curl", Condition("x", Op.GT, (6.0,)), Phase.REP, check=Check.REP_DROP, min_duration_s=0.0)
    mon = FaultMonitor((spec,))
    t = 0
    for _ in range(15):  # 1 s at rest
        mon.step(t, {"x": 170.0}, RepPhase.BOTTOM, False, True)
        t += 67
    for x in (166.0, 164.0, 162.0, 162.0, 164.0, 168.0):  # the rep: first in-rep frame already 4 lower
        mon.step(t, {"x": x}, RepPhase.RISING, False, True)
        t += 67
    (hit,) = mon.rep_ended(t, completed=True)
    assert hit.value == pytest.approx(8.0)


def test_a_tempo_check_takes_no_feature_and_judges_the_whole_rep(tmp_path):
    path = tmp_path / "glute_bridge.toml"
    text = (default_exercise_dir() / "glute_bridge.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('when = { op = "<", value = 0.5 }',
                                 'when = { feature = "hip_angle_deg", op = "<", value = 0.5 }'), encoding="utf-8")
    with pytest.raises(ExerciseFileError, match=r"faults\[4\]\.when\.feature.*leave out feature"):
        load_exercise(path)
    path.write_text(text.replace('during = "rep"\ncheck = "rep_top_s"', 'during = "top"\ncheck = "rep_top_s"'),
                    encoding="utf-8")
    with pytest.raises(ExerciseFileError, match=r"faults\[4\]\.during"):
        load_exercise(path)
