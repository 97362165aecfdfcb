"""Replay every rendered fixture's stored landmarks through the real analysis engine and
compare with the scripted truth in tests/fixtures/manifest.json (issue 3).

Counts must be exact (total and per side), hold durations within 0.5 s, every injected fault
flagged on its rep (or, for hold faults, inside its time span), and no fault on clean reps.
A fault that no honest landmark signal reveals is a strict expected failure naming why.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from posecheck.analysis import analyze_sequence, check_people, refuse_ambiguous
from posecheck.landmarks import PoseSequence

FIX = Path(__file__).resolve().parents[1] / "fixtures"
# the first-round clips; the issue-9 classes (bystanders, camera angles, variants, ...) are replayed
# by test_fixture_classes.py, where an engine still learning a class is a non-strict xfail
CLIPS = [c for c in json.loads((FIX / "manifest.json").read_text())["clips"] if c["class"] in ("standard", "edge")]

# (exercise, fault) for which the renders carry no honest landmark signal (tools/fixturegen/FINDINGS.md)
UNOBSERVABLE = {
    ("bird_dog", "pelvis_rocking"):
        "MediaPipe's hip line follows the lifted leg, not the pelvis: a 16 deg pelvis roll/twist is not "
        "recoverable from the landmarks (FINDINGS.md)",
    ("bird_dog", "head_dropping"):
        "a head hanging 50 deg moves the back-to-ear angle by 20 deg, within the 40 deg spread between people "
        "(exercises/bird_dog.toml, not judged)",
    ("bird_dog", "head_cranked"):
        "a head tipped back 50 deg moves the back-to-ear angle by under 10 deg (exercises/bird_dog.toml, not judged)",
}


# where the engine (as of this commit) disagrees with the scripted truth: strict expected
# failures naming the numbers, so a fix shows up as XPASS -> remove the entry then.
ENGINE_MISSES = {
    ("holds", "knee_drops__stretch__above__a.mp4"):
        "stretch held 20.53 s against 20.0 (10.2 + 10.33 for 10 + 10): seen from the feet the thighs' image angle "
        "saturates near the floor and does not change in the first 0.2-0.6 s of the knees coming back up, so "
        "each hold ends late",
    ("faults", "lying_marching__back_arching__side__a.mp4"):
        "back_arching flagged on rep 4 (trunk tilt change 4.1 deg) but not rep 1 (2.5 deg, the far leg), both "
        "scripted with a 16 deg pelvic tilt; clean reps read up to 1.7, the limit is 3",
    ("faults", "clamshell__pelvis_rolling_back__front__a.mp4"):
        "pelvis_rolling_back is not judged (exercises/clamshell.toml [[not_judged]]): MediaPipe's world hip line turns 11.0 and 9.4 deg on the "
        "reps scripted with a 24 deg pelvis roll (limit 15), and 11.1-13.1 deg on the clean reps of "
        "clamshell__clean__front__right, so no limit on pelvis_turn_deg separates them",
}


def _seq(clip) -> PoseSequence:
    return PoseSequence.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))


def _report(clip) -> dict:
    return analyze_sequence(_seq(clip), clip["exercise"], source=clip["file"]).report


def _params(kind: str):
    out = []
    for c in CLIPS:
        miss = ENGINE_MISSES.get((kind, c["file"]))
        if miss and kind not in ("faults", "error"):
            out.append(pytest.param(c, id=c["file"], marks=pytest.mark.xfail(strict=True, reason=miss)))
            continue
        if kind == "error" and c["expected"]["error"]:
            marks = [pytest.mark.xfail(strict=True, reason=miss)] if miss else []
            out.append(pytest.param(c, id=c["file"], marks=marks))
        if kind == "counts" and not c["expected"]["error"] and c["expected"]["reps_total"]:
            out.append(pytest.param(c, id=c["file"]))
        if kind == "holds" and not c["expected"]["error"] and c["expected"]["hold_s"] is not None:
            out.append(pytest.param(c, id=c["file"]))
        if kind == "faults" and not c["expected"]["error"]:
            marks = [pytest.mark.xfail(strict=True, reason=UNOBSERVABLE[(c["exercise"], f)])
                     for f in c["expected"]["faults"] if (c["exercise"], f) in UNOBSERVABLE]
            if miss:
                marks = [pytest.mark.xfail(strict=True, reason=miss)]
            out.append(pytest.param(c, id=c["file"], marks=marks[:1]))
    return out


@pytest.mark.parametrize("clip", _params("error"))
def test_edge_clips_are_refused(clip):
    from posecheck.errors import PosecheckError
    with pytest.raises(PosecheckError) as err:
        check_people(_seq(clip), clip["file"])
        refuse_ambiguous(analyze_sequence(_seq(clip), clip["exercise"]), clip["file"])
    name = type(err.value).__name__
    assert {"no_person": "NoPerson", "two_people": "MultiplePeople"}[clip["expected"]["error"]] in name


@pytest.mark.parametrize("clip", _params("counts"))
def test_rep_counts_are_exact(clip):
    r, exp = _report(clip), clip["expected"]
    assert r["reps"]["total"] == exp["reps_total"], r["rep_list"]
    if exp["reps_left"] is not None:
        assert (r["reps"]["left"], r["reps"]["right"]) == (exp["reps_left"], exp["reps_right"])


@pytest.mark.parametrize("clip", _params("holds"))
def test_hold_duration_within_half_a_second(clip):
    r = _report(clip)
    assert r["hold_total_s"] == pytest.approx(clip["expected"]["hold_s"], abs=0.5), r["holds"]


def _rep_of(rep_list, truth_rep):
    mid = (truth_rep["start_s"] + truth_rep["end_s"]) / 2
    return next((r for r in rep_list if r["start_s"] - 0.5 <= mid <= r["end_s"] + 0.5), None)


@pytest.mark.parametrize("clip", _params("faults"))
def test_faults_flagged_on_the_right_reps_only(clip):
    r = _report(clip)
    for truth in clip["reps"]:
        got = _rep_of(r["rep_list"], truth)
        assert got is not None, f"rep {truth['index']} not found in {r['rep_list']}"
        assert sorted(got["faults"]) == sorted(truth["faults"]), (truth, got)
    for f in clip["faults"]:
        if f["rep_index"] is None:
            hits = [e for e in r["faults"] if e["id"] == f["id"]
                    and f["start_s"] - 1.0 <= e["t_s"] <= f["end_s"] + 1.0]
            assert hits, (f, r["faults"])
    hold_fault_ids = {f["id"] for f in clip["faults"] if f["rep_index"] is None}
    if not clip["reps"]:
        stray = [e for e in r["faults"] if e["id"] not in hold_fault_ids]
        assert not stray, stray
