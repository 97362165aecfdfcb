"""The second count (movement cycles) and the bands fitted to the person's own range (issue 9)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from synthetic import bridge_joints, bridge_trace, sequence, batch_and_live

from posecheck.analysis import analyze_sequence
from posecheck.engine.analyzer import Analyzer
from posecheck.engine.count_check import CountCheck, check_count
from posecheck.engine.cycles import CycleTracker, cycles_in_recording
from posecheck.exercises.loader import get_exercise

FPS = 30.0


def _wave(n_cycles: int, amplitude: float, period_s: float = 2.0, rest_s: float = 1.0, base: float = 0.0,
          noise: float = 0.0, seed: int = 0, pause_after: int | None = None, pause_s: float = 5.0):
    """t_ms, values: ``n_cycles`` raised-cosine bumps of ``amplitude`` above ``base`` with rests between."""
    rng = np.random.default_rng(seed)
    vals: list[float] = [base] * int(rest_s * FPS)
    for k in range(n_cycles):
        m = int(period_s * FPS)
        vals += [base + amplitude * 0.5 * (1 - math.cos(2 * math.pi * j / m)) for j in range(m)]
        vals += [base] * int((pause_s if k == pause_after else rest_s) * FPS)
    v = np.array(vals) + (rng.normal(0, noise, len(vals)) if noise else 0.0)
    return np.round(np.arange(len(v)) * 1000.0 / FPS).astype(np.int64), v


def _online(t, v, direction="up", amp=8.0):
    tr = CycleTracker(direction, amp)
    for a, b in zip(t, v):
        tr.update(int(a), float(b))
    return tr.cycles


# ---------------------------------------------------------------- the cycle counter
@pytest.mark.parametrize("count", [_online, lambda t, v, d="up", a=8.0: cycles_in_recording(t, v, d, a)],
                         ids=["online", "recording"])
class TestCycles:
    def test_clean_cycles_are_counted(self, count):
        t, v = _wave(5, 20.0)
        cycles = count(t, v)
        assert len(cycles) == 5
        assert all(18.0 < c.amplitude <= 20.5 for c in cycles)
        assert [c.peak_ms for c in cycles] == sorted(c.peak_ms for c in cycles)

    def test_noise_within_the_minimum_amplitude_adds_none(self, count):
        t, v = _wave(5, 20.0, noise=1.5, seed=3)
        assert len(count(t, v)) == 5
        t, v = _wave(0, 0.0, rest_s=20.0, noise=1.0, seed=4)  # lying still, jittery landmarks
        assert count(t, v) == []

    def test_short_dropouts_do_not_split_a_cycle(self, count):
        t, v = _wave(5, 20.0)
        v = v.copy()
        for start in (40, 100, 160):  # 0.2 s without the driver, mid-movement
            v[start:start + 6] = np.nan
        assert len(count(t, v)) == 5

    def test_a_pause_mid_set_is_not_a_cycle(self, count):
        t, v = _wave(5, 20.0, pause_after=1, pause_s=6.0, noise=0.5, seed=1)
        assert len(count(t, v)) == 5

    def test_down_drivers_count_the_same(self, count):
        t, v = _wave(4, 20.0, base=100.0)
        assert len(count(t, 200.0 - v, "down")) == 4

    def test_movement_smaller_than_the_minimum_is_not_a_cycle(self, count):
        t, v = _wave(5, 6.0)
        assert count(t, v) == []


def test_a_long_gap_splits_the_recording():
    t, v = _wave(4, 20.0)
    v = v.copy()
    v[50:110] = np.nan  # 2 s unseen across the first cycle's return: no cycle may span it
    cycles = cycles_in_recording(t, v, "up", 8.0)
    assert len(cycles) == 3
    assert all(not (c.start_ms < t[50] < c.end_ms) for c in cycles)


def test_breaks_split_the_recording_like_a_cut():
    t, v = _wave(3, 20.0)
    cut = np.zeros(len(t), bool)
    cut[int(1.0 * FPS) + 30] = True  # a cut at the first cycle's peak
    assert len(cycles_in_recording(t, v, "up", 8.0, breaks=cut)) == 2


def test_held_tops_are_holds_not_repetitions():
    spec = get_exercise("glute_bridge").rep  # a top held 5 s or more is a hold
    t, v = _wave(2, 20.0, period_s=12.0)
    cycles = cycles_in_recording(t, v, "up", spec.min_amplitude)
    assert len(cycles) == 2 and all(c.top_s >= spec.top_as_hold_s for c in cycles)
    assert check_count(0, cycles, spec) == CountCheck(reps=0, cycles=0)


@pytest.mark.parametrize("reps,cycles,uncertain", [(5, 5, False), (4, 5, False), (3, 5, True), (0, 1, True),
                                                   (7, 5, True), (0, 0, False)])
def test_the_count_is_uncertain_when_the_two_counts_disagree(reps, cycles, uncertain):
    assert CountCheck(reps, cycles).uncertain is uncertain


# ---------------------------------------------------------------- bands fitted to the person
def _bridge(lift_top: float, n: int = 5, noise: float = 0.0, seed: int = 0):
    return sequence([bridge_joints(a, b) for a, b in bridge_trace(n, lift_top_deg=lift_top, noise_deg=noise,
                                                                      seed=seed)])


def _bridge_with_bands(top_enter: float, top_exit: float):
    """The bridge with bands written for a bigger movement than the person makes."""
    ex = get_exercise("glute_bridge")
    return dataclasses.replace(ex, rep=dataclasses.replace(ex.rep, top_enter=top_enter, top_exit=top_exit))


def test_a_range_smaller_than_the_bands_is_counted_after_two_cycles():
    ex = _bridge_with_bands(top_enter=22.0, top_exit=20.0)  # hips rise about 13 degrees: never reach 22
    report = analyze_sequence(_bridge(16.0), ex).report
    assert report["reps"]["total"] == 5
    assert report["uncertain"] == []
    an = Analyzer(ex)
    an.analyze(_bridge(16.0))
    assert an.reps.fitted_at_ms is not None and an.reps.bands.top_enter < 13.0


def test_a_range_larger_than_the_bands_keeps_the_file_bands():
    ex = get_exercise("glute_bridge")
    an = Analyzer(ex)
    an.analyze(_bridge(30.0))
    assert len(an.reps.reps) == 5 and an.reps.fitted_at_ms is None and an.reps.credited == set()


def test_a_noisy_small_range_is_still_exact():
    ex = _bridge_with_bands(top_enter=22.0, top_exit=20.0)
    assert analyze_sequence(_bridge(16.0, noise=0.6, seed=5), ex).report["reps"]["total"] == 5


def test_noise_alone_never_fits_bands():
    ex = _bridge_with_bands(top_enter=22.0, top_exit=20.0)
    lying = sequence([bridge_joints(3.0 + d, 135.0) for d in np.random.default_rng(2).normal(0, 1.0, 600)])
    an = Analyzer(ex)
    an.analyze(lying)
    assert an.reps.reps == [] and an.reps.fitted_at_ms is None


def test_one_small_cycle_between_full_reps_is_a_partial_not_a_rep():
    trace = bridge_trace(2, lift_top_deg=30.0) + bridge_trace(1, lift_top_deg=13.0, lead_s=0.5) \
        + bridge_trace(2, lift_top_deg=30.0, lead_s=0.5)
    an = Analyzer(get_exercise("glute_bridge"))
    an.analyze(sequence([bridge_joints(a, b) for a, b in trace]))
    roms = [round(r.rom) for r in an.reps.reps]
    assert len(an.reps.reps) == 5, roms  # the file's bands (3..7) count the shallow one too
    ex = _bridge_with_bands(top_enter=20.0, top_exit=18.0)  # bands the shallow rep does not reach
    an = Analyzer(ex)
    an.analyze(sequence([bridge_joints(a, b) for a, b in trace]))
    assert len(an.reps.reps) == 4 and an.reps.credited == set()


def test_batch_equals_streaming_while_the_bands_are_fitted():
    ex = _bridge_with_bands(top_enter=22.0, top_exit=20.0)
    seq = _bridge(16.0, noise=0.4, seed=9)
    batch, _, streamed = batch_and_live(ex, seq)
    assert streamed == batch.events
    assert len(batch.reps.credited) == 2


def test_a_long_time_in_position_without_any_movement_is_not_a_sure_zero():
    lying = sequence([bridge_joints(3.0, 135.0)] * int(15 * 15))  # 15 s lying in the start position, still
    r = analyze_sequence(lying, "glute_bridge").report
    assert r["reps"]["total"] == 0
    assert r["uncertain"] and "no repetition seen in 14 s" in r["uncertain"][0]  # 15 s less the settle time
    assert "geen herhaling gezien" in r["uncertain_nl"][0]
    short = sequence([bridge_joints(3.0, 135.0)] * int(5 * 15))  # 5 s: too short to doubt
    assert analyze_sequence(short, "glute_bridge").report["uncertain"] == []
