"""The benchmark scripts' scoring and tables, on hand-made results (no model, no clips)."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rep(index, start, end, faults=()):
    return {"index": index, "side": None, "start_s": start, "end_s": end, "faults": list(faults)}


def test_fixture_faults_are_matched_per_rep_by_time():
    acc = load("clips_accuracy")
    clip = {"reps": [{"index": 0, "start_s": 0.0, "end_s": 2.0}, {"index": 1, "start_s": 2.5, "end_s": 4.5},
                     {"index": 2, "start_s": 5.0, "end_s": 7.0}],
            "expected": {"faults": {"over_arched_back": [1]}}}
    # posecheck found an extra rep at the start, so its indices are shifted by one
    report = {"rep_list": [rep(0, 0.0, 0.3), rep(1, 0.1, 2.0), rep(2, 2.6, 4.4, ["over_arched_back"]),
                           rep(3, 5.1, 7.0, ["over_arched_back"])],
              "faults": [{"id": "over_arched_back", "rep_index": 2}, {"id": "over_arched_back", "rep_index": 3}]}
    f = acc._fixture_faults(clip, report)
    assert f["hits"] == ["over_arched_back@1"] and f["misses"] == []
    assert f["false_alarms"] == ["over_arched_back@3"]
    assert (f["clean_reps"], f["clean_reps_flagged"]) == (2, 1)


def test_summary_keeps_cannot_judge_clips_and_scores_sides():
    acc = load("clips_accuracy")
    rows = []
    for name, pred, truth, status, side in (("a", 4, 4, "ok", (2, 2)), ("b", 1, 2, "cannot judge", None),
                                            ("c", 3, 2, "ok", (1, 2))):
        r = {"file": name, "usable": True, "status": status, "reps_pred": pred, "reps_truth": truth,
             "left_pred": side[0] if side else None, "right_pred": side[1] if side else None,
             "by_side_truth": {"left": 2, "right": 2} if side else None, "hold_truth_s": None,
             "faults": {"hits": [], "misses": [], "false_alarms": [], "clean_reps": pred, "clean_reps_flagged": 0}}
        acc._count_figures(r)
        rows.append(r)
    s = acc.summarise(rows)
    assert s["counted_clips"] == 3 and s["exact_rate"] == round(1 / 3, 3) and s["obo_rate"] == 1.0
    assert s["mae"] == round((0 + 0.5 + 0.5) / 3, 3)
    assert (s["per_side_abs_error_left"], s["per_side_abs_error_right"]) == (1, 0)
    assert s["cannot_judge_clips"] == ["b"]
    assert acc._target("mae", s["mae"], acc.TARGETS)[1] == "MISSED"


def test_speed_table_reports_overhead_against_bare_inference():
    speed = load("speed")
    r = {"frames": 100, "size": [640, 480], "video_s": 4.0, "bare_s": 2.0, "pipeline_s": 2.2, "plain_pipeline_s": 2.5,
         "decode_ms": 3.0, "bgr2rgb_ms": 0.5, "core_recording_ms": 0.1, "core_live_ms": 0.2, "live_fps": 50.0,
         "peak_rss_mb": 300.0, "bare_np2_cpu_s": 2.0, "pipeline_cpu_s": 2.4, "bare_np1_s": 1.0, "bare_640_s": 2.0,
         "backend_s": 2.05, "model_load_s": 0.1}
    res = {"models": {"lite": r}, "batch": {"model": "full", "videos": ["a", "b"], "frames": 10, "video_s": 20.0,
                                           "sequential": {"jobs": 1, "wall_s": 10.0}, "parallel": {"jobs": 2, "wall_s": 6.0}}}
    table = speed.table(res)
    assert "| lite | 50.0 | 45.5 | +10% | 40.0 / +25% |" in table
    assert "| speed-up | 1.67× | |" in table


def test_fixture_summary_per_class_and_cuts():
    acc = load("clips_accuracy")
    clip = {"cuts_s": [10.0]}
    report = {"rep_list": [rep(0, 1.0, 5.0), rep(1, 8.0, 12.0), rep(2, 13.0, 17.0)]}
    assert acc._reps_across_cuts(clip, report) == 1
    rows = [{"file": f, "usable": True, "status": "ok", "class": cls, "pending": pend, "exact": ok, "obo": ok}
            for f, cls, pend, ok in (("a", "standard", None, True), ("b", "edge", None, True),
                                     ("c", "variant", "issue 9: variants", False), ("d", "variant", None, True))]
    s = acc.summarise(rows, fixtures=True)
    assert s["exact_by_class"] == ["edge 1/1", "standard 1/1", "variant 1/2"]
    assert s["exact_rate_first_round"] == 1.0 and s["exact_rate"] == 0.75
    assert s["pending_clips"] == ["c"]
    assert acc._target("exact_rate_first_round", 1.0, acc.FIXTURE_TARGETS)[1] == "met"


def test_whole_process_table_gives_analyze_against_both_bare_loops():
    speed = load("speed")
    names = ("bare_np1", "bare_np2", "analyze", "analyze_1_instance")
    r = {"median_s": dict(zip(names, (10.0, 20.0, 8.5, 17.0))), "pose_workers": 2,
         "cores_busy": dict(zip(names, (1.0, 1.0, 1.9, 1.05))), "cpu_s": dict(zip(names, (10.0, 20.0, 16.1, 17.8))),
         "load_1min": [0.5, 1.2]}
    table = speed.whole_table({"lite": r})
    assert "| lite | 10.0 | 20.0 | 8.5 (pose workers: 2) | 0.85× | 0.42× | 17.0 (0.85×) | 1.0 / 1.0 / 1.9 / 1.05 |" in table
    assert "| 0.5–1.2 |" in table
