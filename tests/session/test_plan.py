"""The session plan (sets, rests, next exercise, set completion, SetEnded) without Qt."""

import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace

from posecheck.engine.events import SetEnded
from posecheck.exercises.loader import load_catalogue
from posecheck.session.plan import SessionPlan, set_ended

CATALOGUE = load_catalogue()


def state(total=0, left=0, right=0, hold_total_s=0.0, hold_s=0.0):
    return SimpleNamespace(reps_total=total, reps_left=left, reps_right=right, hold_total_s=hold_total_s,
                           hold_s=hold_s)


def test_the_plan_imports_no_qt():
    code = "import sys, posecheck.session.plan; print(any(m.startswith('PyQt6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_sets_then_rest_then_the_next_exercise_of_a_routine():
    bridge = replace(CATALOGUE["glute_bridge"].prescription, sets=2, reps=3, rest_s=30)
    plank = replace(CATALOGUE["plank"].prescription, sets=1, hold_s=20, rest_s=10)
    plan = SessionPlan(CATALOGUE, ["glute_bridge", "plank"], [bridge, plank], rest_between_s=45)
    assert plan.exercise.prescription == bridge and plan.set_tag() == {"exercise_id": "glute_bridge", "set_index": 1}
    assert not plan.set_complete(state(2)) and plan.set_complete(state(3))
    rest = plan.after_set()
    assert (rest.seconds_left, rest.next_exercise) == (30, None)  # the exercise's own rest between its sets
    assert [plan.tick_rest() for _ in range(30)] == [False] * 29 + [True]
    assert plan.begin_next_set() is False and plan.set_index == 2
    rest = plan.after_set()
    assert rest.seconds_left == 45 and rest.next_exercise.id == "plank"  # the routine's rest between exercises
    assert plan.begin_next_set() is True
    assert plan.set_tag() == {"exercise_id": "plank", "set_index": 1} and plan.exercise.prescription == plank
    assert plan.is_hold and not plan.set_complete(state(hold_total_s=12.0, hold_s=7.5))
    assert plan.set_complete(state(hold_total_s=12.0, hold_s=8.0))
    assert plan.after_set() is None  # the last set of the last exercise: the session is over


def test_a_per_side_exercise_counts_the_side_with_fewer_reps():
    plan = SessionPlan(CATALOGUE, ["bird_dog"], [replace(CATALOGUE["bird_dog"].prescription, reps=4)])
    assert plan.reps_done(state(9, 5, 4)) == 4 and plan.set_complete(state(9, 5, 4))
    assert not plan.set_complete(state(9, 6, 3))


def test_set_ended_carries_the_counts_and_the_running_hold():
    assert set_ended(state(5, 2, 3, hold_total_s=10.004, hold_s=2.5), "done", 9000) == \
        SetEnded(9000, reason="done", reps_total=5, reps_left=2, reps_right=3, hold_s=12.5)
    assert set_ended(None, "video_ended", 10) == SetEnded(10, reason="video_ended")
