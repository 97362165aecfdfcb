import numpy as np

from posecheck.kinematics.filters import OneEuroFilter, OneEuroParams, one_euro_sequence, zero_phase_smooth


def test_one_euro_smooths_jitter_on_a_still_signal():
    rng = np.random.default_rng(1)
    t = np.arange(300) * 33
    x = 170 + rng.normal(0, 2.0, 300)
    y = one_euro_sequence(x, t)
    assert np.std(y[30:]) < 0.5 * np.std(x[30:])


def test_one_euro_follows_a_step_quickly_when_moving():
    t = np.arange(90) * 33
    x = np.where(np.arange(90) < 30, 130.0, 180.0)
    y = one_euro_sequence(x, t, OneEuroParams(min_cutoff_hz=1.0, beta=0.02))
    assert y[29] == 130.0
    assert y[30 + 15] > 175.0  # within half a second
    assert y[30 + 3] < 180.0  # but not a copy of the input


def test_streaming_and_sequence_filtering_are_identical():
    t = np.arange(100) * 40
    x = np.sin(np.arange(100) / 7.0) * 20 + 150
    f = OneEuroFilter()
    streamed = [f(v, ti) for v, ti in zip(x, t)]
    np.testing.assert_array_equal(streamed, one_euro_sequence(x, t))


def test_one_euro_passes_nan_and_restarts_after_a_long_gap():
    f = OneEuroFilter(OneEuroParams(reset_after_s=0.5))
    f(100.0, 0)
    f(100.0, 33)
    assert np.isnan(f(float("nan"), 66))
    assert f(150.0, 1000) == 150.0  # gap > 0.5 s: no smoothing across it


def test_zero_phase_has_no_lag_on_a_slow_sine():
    t = np.arange(0, 10000, 33)
    rng = np.random.default_rng(2)
    clean = 150 + 20 * np.sin(2 * np.pi * 0.25 * t / 1000)
    y = zero_phase_smooth(clean + rng.normal(0, 2, len(t)), t, cutoff_hz=2.0)
    inner = slice(30, -30)
    errors = {lag: np.mean(np.abs(np.roll(y, lag)[inner] - clean[inner])) for lag in range(-5, 6)}
    assert min(errors, key=errors.get) == 0  # best alignment at zero lag
    assert errors[0] < 1.0


def test_zero_phase_keeps_gaps_as_nan_and_bridges_short_ones():
    t = np.arange(0, 6000, 33)
    x = 150 + 10 * np.sin(t / 700.0)
    x[50:53] = np.nan  # 0.1 s: bridged for filtering, still NaN in the output
    x[100:140] = np.nan  # 1.3 s: not bridged
    y = zero_phase_smooth(x, t, cutoff_hz=3.0, max_gap_s=0.5)
    assert np.isnan(y[50:53]).all() and np.isnan(y[100:140]).all()
    assert np.isfinite(y[:50]).all() and np.isfinite(y[53:100]).all() and np.isfinite(y[140:]).all()
