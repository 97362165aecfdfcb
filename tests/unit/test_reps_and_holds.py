import math

import numpy as np

from posecheck.engine.holds import HoldTimer
from posecheck.engine.reps import RepCounter, RepPhase
from posecheck.exercises.schema import Condition, HoldSpec, Op, RepSpec

SPEC = RepSpec(driver="x", direction="up", top_enter=17, top_exit=14, bottom_exit=11, bottom_enter=8,
               min_top_s=0.2, min_rep_s=0.5)


def run(counter, values, fps=15.0):
    done = []
    for i, v in enumerate(values):
        _, rep = counter.step(int(i * 1000 / fps), v)
        if rep:
            done.append(rep)
    rep = counter.finish(int(len(values) * 1000 / fps))
    if rep:
        done.append(rep)
    return done


def sine_reps(n, fps=15.0, period_s=4.0, lo=2.0, hi=30.0, noise=0.0, seed=0):
    t = np.arange(int((n + 0.5) * period_s * fps)) / fps
    x = lo + (hi - lo) * (0.5 - 0.5 * np.cos(2 * np.pi * t / period_s))
    return x + np.random.default_rng(seed).normal(0, noise, len(t))


def test_noisy_sine_counts_every_rep_once():
    for seed in range(5):
        reps = run(RepCounter(SPEC), sine_reps(6, noise=1.0, seed=seed))
        assert len(reps) == 6, seed


def test_jitter_around_the_top_thresholds_is_not_a_rep():
    x = 15.5 + np.random.default_rng(3).normal(0, 1.2, 300)  # hovers across top_exit and top_enter
    assert run(RepCounter(SPEC), x) == []
    assert run(RepCounter(SPEC), np.concatenate([[2.0] * 10, x])) == []  # up, but never back down


def test_partial_rep_that_never_reaches_the_top_is_not_counted():
    assert run(RepCounter(SPEC), sine_reps(3, hi=15.0)) == []


def test_dropouts_keep_the_state_and_do_not_double_count():
    x = sine_reps(4)
    x[20:26] = np.nan  # lost for 0.4 s while rising
    x[85:92] = np.nan
    assert len(run(RepCounter(SPEC), x)) == 4


def test_one_frame_spike_at_the_top_is_discarded():
    x = np.array([2.0] * 10 + [12, 13, 25, 13, 12] + [2.0] * 10)
    assert run(RepCounter(SPEC), x) == []


def test_clip_starting_at_the_top_counts_once_the_return_is_seen():
    x = np.concatenate([[28.0] * 15, np.linspace(28, 2, 20), [2.0] * 10])
    reps = run(RepCounter(SPEC), x)
    assert len(reps) == 1 and reps[0].up_s == 0.0


def test_rep_on_its_way_down_at_the_end_of_the_stream_counts():
    x = np.concatenate([[2.0] * 10, np.linspace(2, 28, 20), [28.0] * 10, np.linspace(28, 10, 8)])
    assert len(run(RepCounter(SPEC), x)) == 1
    stopped_above = np.concatenate([[2.0] * 10, np.linspace(2, 28, 20), [28.0] * 10, np.linspace(28, 13, 8)])
    assert run(RepCounter(SPEC), stopped_above) == []


def test_rep_timing_and_range_of_motion():
    reps = run(RepCounter(SPEC), sine_reps(2))
    r = reps[0]
    assert r.start_ms < r.top_start_ms < r.top_end_ms < r.end_ms
    assert 25.0 < r.rom <= 28.0 + 1e-6
    assert r.peak_value == max(sine_reps(2)[: int(r.end_ms * 15 / 1000) + 1])


def test_direction_down_mirrors_the_bands():
    down = RepSpec(driver="x", direction="down", top_enter=-17, top_exit=-14, bottom_exit=-11, bottom_enter=-8,
                   min_top_s=0.2, min_rep_s=0.5)
    reps = run(RepCounter(down), -sine_reps(3))
    assert len(reps) == 3 and reps[0].peak_value < -25


def test_disarm_while_rising_drops_the_attempt():
    c = RepCounter(SPEC)
    for i, v in enumerate([2, 2, 5, 12, 15]):
        c.step(i * 66, v)
    assert c.phase is RepPhase.RISING
    assert c.disarm(400) is None and c.phase is RepPhase.IDLE and c.reps == []


HOLD = HoldSpec(conditions=(Condition("x", Op.BETWEEN, (160.0, 196.0)),), grace_s=0.5, min_hold_s=1.0)


def hold_run(flags, fps=10.0):
    h = HoldTimer(HOLD)
    for i, f in enumerate(flags):
        h.step(int(i * 1000 / fps), f)
    h.finish()
    return h.holds


def test_hold_is_timed_only_inside_the_band():
    holds = hold_run([False] * 10 + [True] * 51 + [False] * 10)
    assert len(holds) == 1 and abs(holds[0].duration_s - 5.0) < 1e-9


def test_short_dropout_is_bridged_long_break_ends_the_hold():
    bridged = hold_run([True] * 30 + [None] * 3 + [True] * 31)
    assert len(bridged) == 1 and abs(bridged[0].duration_s - 6.3) < 1e-9
    broken = hold_run([True] * 30 + [False] * 10 + [True] * 30)
    assert [round(h.duration_s, 1) for h in broken] == [2.9, 2.9]


def test_holds_shorter_than_the_minimum_are_not_reported():
    assert hold_run([True] * 5 + [False] * 10) == []


def test_condition_treats_nan_as_not_holding():
    c = Condition("x", Op.GT, (3.0,))
    assert not c.holds(math.nan) and c.holds(4.0) and not c.holds(2.0)
    assert Condition("x", Op.OUTSIDE, (1.0, 2.0)).holds(3.0)


def test_hold_is_dated_from_when_the_posture_was_already_right():
    h = HoldTimer(HOLD)
    h.step(1000, True, since_ms=500)  # posture right since 0.5 s, counting armed at 1.0 s
    h.step(3000, True)
    h.finish()
    assert h.holds[0].start_ms == 500 and h.holds[0].duration_s == 2.5
