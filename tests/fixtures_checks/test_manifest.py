"""The fixture manifest agrees with the clips and landmark files on disk."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecheck.exercises.loader import load_catalogue

FIX = Path(__file__).resolve().parents[1] / "fixtures"
MANIFEST = json.loads((FIX / "manifest.json").read_text())
CLIPS = MANIFEST["clips"]
IDS = [c["file"] for c in CLIPS]
# A scripted fault is one of the exercise file's faults, or one it lists as not judged (rendered as the
# evidence that no landmark signal shows it): the ids come from the files, so a new fault needs no edit here.
FAULT_IDS = {ex_id: {f.id for f in ex.faults} | {n.fault for n in ex.not_judged}
             for ex_id, ex in load_catalogue().items()}


# issue 9: the class of footage each clip stands for, and the exercise variants by exercise (None: the
# exercise file's standard form, where it has no other)
CLASSES = {"standard", "edge", "bystander", "camera_angle", "variant", "small_range", "edited", "back_curve"}  # issue 11: graded lumbar curves
# The variant ids come from the exercise files (variant_id and [[variants]] id), their one home.
VARIANTS = {ex.id: {v.variant_id for v in ex.all_variants} for ex in load_catalogue().values() if ex.variants}
KEYS = {"file", "exercise", "view", "fps", "width", "height", "duration_s", "persons", "look", "reps", "holds",
        "faults", "expected", "class", "variant", "people", "shots", "cuts_s", "cut_off_reps", "reps_per_shot",
        "frame_hold", "pending"}
OPTIONAL_KEYS = {"expected_v2", "pending_v2", "lumbar_ext_frames", "lumbar_ext_keys"}  # the latter: issue 11
EXPECTED_KEYS = {"reps_total", "reps_left", "reps_right", "hold_s", "faults", "error"}
SHOT_KEYS = {"start_s", "skip_s", "view", "height_m", "distance_m", "yaw_deg", "vfov_deg", "target_m"}
VIEWS = {"side", "front", "oblique", "above"}


def test_schema():
    assert MANIFEST["schema"] == 2 and MANIFEST["generator"] == "tools/fixturegen"
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_fields(clip):
    assert KEYS <= set(clip) <= KEYS | OPTIONAL_KEYS, set(clip) ^ KEYS
    assert set(clip["expected"]) == EXPECTED_KEYS
    assert clip["class"] in CLASSES and clip["view"] in VIEWS
    assert clip["variant"] in VARIANTS.get(clip["exercise"], {None})
    if clip["class"] in ("standard", "edge"):   # the first-round clips stay strict
        assert clip["pending"] is None and clip["variant"] in (None, *sorted(VARIANTS.get(clip["exercise"], ())))
    else:
        assert clip["pending"] is None or clip["pending"].startswith(("issue 9: ", "issue 11: "))
    if "expected_v2" in clip:
        assert set(clip["expected_v2"]) == EXPECTED_KEYS and clip["expected_v2"] != clip["expected"]
    assert ("pending_v2" in clip) <= ("expected_v2" in clip)
    assert isinstance(clip["frame_hold"], int) and clip["frame_hold"] >= 1


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_people(clip):
    people = clip["people"]
    assert clip["persons"] == len(people)
    assert all(p["role"] in ("exerciser", "bystander") for p in people)
    assert not people or people[0]["role"] == "exerciser"
    for p in people:
        assert p["action"] is None if p["role"] == "exerciser" else isinstance(p["action"], str)
        for a, b in p["in_view_s"]:
            assert 0 <= a < b <= clip["duration_s"]
    if clip["class"] == "bystander":   # someone else is in the picture for part of the clip at least
        assert len(people) >= 2 and all(p["in_view_s"] for p in people)
    if clip["expected"]["error"] == "two_people" and clip["class"] == "bystander":
        assert [p["role"] for p in people].count("exerciser") >= 2


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_shots_and_cuts(clip):
    shots, cuts = clip["shots"], clip["cuts_s"]
    assert shots and shots[0]["start_s"] == 0 and shots[0]["skip_s"] == 0
    assert all(set(s) == SHOT_KEYS and s["view"] in VIEWS for s in shots)
    assert cuts == [s["start_s"] for s in shots[1:]] == sorted(cuts)
    assert all(0 < c < clip["duration_s"] for c in cuts)
    for r in clip["reps"]:   # no rep across a cut: each lies wholly in one shot
        assert not any(r["start_s"] < c < r["end_s"] for c in cuts), (r, cuts)
    bounds = [0.0, *cuts, clip["duration_s"]]
    assert clip["reps_per_shot"] == [sum(a <= r["start_s"] < b for r in clip["reps"]) for a, b in zip(bounds, bounds[1:])]
    for r in clip["cut_off_reps"]:   # a rep the cut cut off: each part of it shown ends or starts at a cut
        assert cuts and r["shown_s"]
        for a, b in r["shown_s"]:
            assert a < b and any(abs(a - c) < 1e-6 or abs(b - c) < 1e-6 for c in cuts), (r, cuts)
    if clip["class"] == "edited":
        assert cuts or clip["frame_hold"] > 1


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_clip_decodes_as_declared(clip):
    cap = cv2.VideoCapture(str(FIX / clip["file"]))
    assert cap.isOpened()
    assert cap.get(cv2.CAP_PROP_FPS) == pytest.approx(clip["fps"], abs=0.01)
    n = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        assert frame.shape == (clip["height"], clip["width"], 3)
        n += 1
    assert n / clip["fps"] == pytest.approx(clip["duration_s"], abs=1.5 / clip["fps"])


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_truth_is_consistent(clip):
    reps, exp = clip["reps"], clip["expected"]
    assert [r["index"] for r in reps] == list(range(len(reps)))
    for r in reps:
        assert 0 <= r["start_s"] < r["end_s"] <= clip["duration_s"]
        assert r["side"] in (None, "left", "right")
    for h in clip["holds"]:
        assert 0 <= h["start_s"] < h["end_s"] <= clip["duration_s"]
    for f in clip["faults"]:
        assert f["id"] in FAULT_IDS.get(clip["exercise"], set())
        if f["rep_index"] is not None:
            assert f["id"] in reps[f["rep_index"]]["faults"]
    if exp["error"] is not None:
        assert exp["error"] in ("no_person", "two_people")
        assert clip["persons"] == (0 if exp["error"] == "no_person" else 2)
        return
    assert exp["reps_total"] == len(reps)
    if exp["reps_left"] is not None:
        assert exp["reps_left"] == sum(r["side"] == "left" for r in reps)
        assert exp["reps_right"] == sum(r["side"] == "right" for r in reps)
        assert exp["reps_left"] + exp["reps_right"] == exp["reps_total"]
    for fid, idx in exp["faults"].items():
        assert all(0 <= i < len(reps) and fid in reps[i]["faults"] for i in idx)
    for r in reps:
        for fid in r["faults"]:
            assert r["index"] in exp["faults"][fid]
    if exp["hold_s"] is not None:
        assert exp["hold_s"] == pytest.approx(sum(h["end_s"] - h["start_s"] for h in clip["holds"]))


@pytest.mark.parametrize("clip", CLIPS, ids=IDS)
def test_landmark_file_layout(clip):
    d = np.load(FIX / "landmarks" / (Path(clip["file"]).stem + ".npz"))
    T = len(d["t_ms"])
    assert T == round(clip["duration_s"] * clip["fps"])
    assert d["t_ms"].dtype == np.int64
    assert np.array_equal(d["t_ms"], np.round(np.arange(T) * 1000 / clip["fps"]).astype(np.int64))
    assert d["xyz"].shape == (T, 33, 3) and d["xyz"].dtype == np.float32
    assert d["world_xyz"].shape == (T, 33, 3) and d["visibility"].shape == (T, 33)
    assert d["n_poses"].shape == (T,) and list(d["image_size"]) == [clip["width"], clip["height"]]
    none = d["n_poses"] == 0
    assert np.isnan(d["xyz"][none]).all() and (d["visibility"][none] == 0).all()
    assert str(d["model_variant"]) == "full"
    if clip["expected"]["error"] == "no_person":
        assert none.mean() > 0.95
    elif "out_of_frame" in clip["file"]:
        assert 0.05 < none.mean() < 0.5     # the person is away for part of the clip
    elif clip["expected"]["error"] is None:
        assert none.mean() < 0.05
