import json
import re
import shutil
from pathlib import Path

import pytest

from posecheck.errors import ExerciseFileError, UnknownExerciseError
from posecheck.exercises.loader import default_exercise_dir, get_exercise, load_catalogue, load_exercise
from posecheck.exercises.schema import Kind

CATALOGUE = ["glute_bridge", "bird_dog", "dead_bug", "plank", "side_plank", "cat_cow", "superman", "clamshell",
             "pelvic_tilt", "childs_pose", "knee_drops",
             # issue 13: the guides' whole programme
             "knee_to_chest", "lying_marching", "wall_sit", "hip_thrust", "romanian_deadlift", "back_extension"]


def test_the_whole_catalogue_loads_with_both_languages():
    cat = load_catalogue()
    assert sorted(cat) == sorted(CATALOGUE)
    for ex in cat.values():
        assert ex.name.en and ex.name.nl and ex.description.nl and ex.camera.nl
        for f in ex.faults:
            assert f.message.en and f.message.nl and f.signal and f.limits, (ex.id, f.id)
            assert f.label is not None and f.label.en and f.label.nl, (ex.id, f.id)
        for n in ex.not_judged:
            assert n.label.en and n.label.nl and n.reason.en and n.reason.nl, (ex.id, n.fault)


def test_kinds_match_the_catalogue():
    cat = load_catalogue()
    assert cat["bird_dog"].kind is Kind.ALTERNATING_REPS and cat["bird_dog"].rep.sides == ("left", "right")
    assert cat["dead_bug"].kind is Kind.ALTERNATING_REPS
    assert cat["clamshell"].kind is Kind.PER_SIDE_REPS
    assert cat["side_plank"].kind is Kind.PER_SIDE_HOLD
    assert cat["plank"].kind is Kind.HOLD and cat["plank"].hold is not None


def test_required_faults_exist():
    cat = load_catalogue()
    have = {(ex_id, f.id) for ex_id, ex in cat.items() for f in ex.faults}
    for pair in [("glute_bridge", "over_arched_back"), ("glute_bridge", "incomplete_hip_extension"),
                 ("bird_dog", "pelvis_rocking"), ("bird_dog", "leg_above_hip"), ("dead_bug", "lower_back_lifting"),
                 ("plank", "hips_sagging"), ("plank", "hips_piked"), ("side_plank", "hips_dropping"),
                 ("clamshell", "feet_apart")]:
        assert pair in have


@pytest.fixture
def bridge_copy(tmp_path: Path) -> Path:
    p = tmp_path / "glute_bridge.toml"
    shutil.copy(default_exercise_dir() / "glute_bridge.toml", p)
    return p


@pytest.mark.parametrize("old,new,key", [
    ('top_enter = 7', 'top_enter = 4', "rep.top_enter"),
    ('min_top_s = 0.2', 'min_top_s = 0.2\nmin_top = 3', "rep.min_top"),
    ('op = ">", value = 196', 'op = "≥", value = 196', "op"),
    ('feature = "hip_angle_deg", op = "<", value = 160', 'feature = "hip_angel_deg", op = "<", value = 160', "feature"),
    ('kind = "reps"', 'kind = "repetitions"', "kind"),
    ('points = ["mid_shoulder", "mid_hip"]', 'points = ["mid_shoulder", "belly_button"]', "points"),
    ('sets = 3', 'sets = "three"', "prescription.sets"),
    ('id = "glute_bridge"', 'id = "bridge"', "id"),
])
def test_malformed_files_name_the_file_and_the_key(bridge_copy: Path, old, new, key):
    text = bridge_copy.read_text()
    assert old in text
    bridge_copy.write_text(text.replace(old, new, 1))
    with pytest.raises(ExerciseFileError) as err:
        load_exercise(bridge_copy)
    assert str(bridge_copy) in str(err.value) and key in str(err.value)


def test_toml_syntax_error_is_reported_with_the_file(bridge_copy: Path):
    bridge_copy.write_text(bridge_copy.read_text() + "\n[rep\n")
    with pytest.raises(ExerciseFileError, match="not valid TOML"):
        load_exercise(bridge_copy)


def test_unknown_exercise_lists_the_choices():
    with pytest.raises(UnknownExerciseError, match="glute_bridge"):
        get_exercise("squat")


def test_a_broken_file_does_not_block_other_exercises(bridge_copy: Path, tmp_path: Path):
    shutil.copy(default_exercise_dir() / "plank.toml", tmp_path / "plank.toml")
    bridge_copy.write_text("schema_version = 1\n")
    assert get_exercise("plank", tmp_path).id == "plank"
    with pytest.raises(ExerciseFileError):
        load_catalogue(tmp_path)


def test_fault_documentation_matches_the_exercise_files():
    import subprocess
    import sys

    script = default_exercise_dir().parent / "scripts" / "faults_doc.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_every_feature_has_a_label_in_both_languages():
    # Screens and reports name features by these labels (the Dutch plot must not say "hip rise").
    for ex in load_catalogue().values():
        for f in ex.features:
            assert f.label is not None and f.label.en and f.label.nl, (ex.id, f.name)
            assert f.title("nl") == f.label.nl


# ------------------------------------------------------------------ issue 14, item 7: files that slipped through
def test_a_file_that_is_not_utf8_is_refused_naming_the_file(bridge_copy: Path):
    # Saved as Latin-1 by an old editor: "knieën" becomes the single byte 0xEB.
    bridge_copy.write_bytes(bridge_copy.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    with pytest.raises(ExerciseFileError) as err:
        load_exercise(bridge_copy)
    assert str(bridge_copy) in str(err.value) and "UTF-8" in str(err.value)


@pytest.mark.parametrize("old,new,key", [
    ("top_enter = 7", "top_enter = nan", "rep.top_enter"),
    ("top_enter = 7", "top_enter = inf", "rep.top_enter"),
    ('op = "<", value = 196', 'op = "<", value = nan', "value"),
    ('op = ">", value = 196', 'op = ">", value = -inf', "value"),
    ('op = "between", value = [-25, 60]', 'op = "between", value = [-25, nan]', "value"),
    ("sets = 3", "sets = nan", "prescription.sets"),
    ("min_cutoff_hz = 1.0", "min_cutoff_hz = inf", "filter.min_cutoff_hz"),
])
def test_nan_and_inf_thresholds_are_refused_naming_file_and_key(bridge_copy: Path, old, new, key):
    # With nan every comparison is false: the condition could never hold and nobody would notice.
    text = bridge_copy.read_text()
    assert old in text
    bridge_copy.write_text(text.replace(old, new, 1))
    with pytest.raises(ExerciseFileError) as err:
        load_exercise(bridge_copy)
    assert str(bridge_copy) in str(err.value) and key in str(err.value) and "finite" in str(err.value)


def _evil_exercise_beside(catalogue: Path) -> Path:
    """A valid exercise file outside the catalogue folder, as an attacker or a typo would reach it."""
    evil = catalogue.parent / "evil.toml"
    evil.write_text((default_exercise_dir() / "glute_bridge.toml").read_text().replace(
        'id = "glute_bridge"', 'id = "evil"'))
    return evil


@pytest.mark.parametrize("name", ["../evil", "{abs}", "Glute_Bridge", "glute_bridge.toml", ""])
def test_an_exercise_id_is_never_a_path(tmp_path: Path, name):
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    shutil.copy(default_exercise_dir() / "glute_bridge.toml", catalogue / "glute_bridge.toml")
    evil = _evil_exercise_beside(catalogue)
    name = name.replace("{abs}", str(evil.with_suffix("")))
    with pytest.raises(UnknownExerciseError, match="not an exercise id"):
        get_exercise(name, catalogue)


def test_an_exercise_file_must_have_a_plain_lower_case_id(tmp_path: Path):
    p = tmp_path / "Glute-Bridge.toml"
    p.write_text((default_exercise_dir() / "glute_bridge.toml").read_text().replace(
        'id = "glute_bridge"', 'id = "Glute-Bridge"'))
    with pytest.raises(ExerciseFileError) as err:
        load_exercise(p)
    assert str(p) in str(err.value) and "id" in str(err.value) and "lower-case" in str(err.value)


def test_an_imported_sessions_exercise_id_cannot_load_a_file_from_elsewhere(tmp_path: Path, monkeypatch):
    from posecheck.errors import ReviewError
    from posecheck.review.model import load_review
    from synthetic import bridge_sequence

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "review"))
    from recorded_sessions import record_session

    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    shutil.copy(default_exercise_dir() / "glute_bridge.toml", catalogue / "glute_bridge.toml")
    _evil_exercise_beside(catalogue)
    monkeypatch.setenv("POSECHECK_EXERCISE_DIR", str(catalogue))
    folder = tmp_path / "library" / "20260302-100000-glute_bridge"
    record_session(folder, [bridge_sequence(2)])
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["exercise_id"], meta["exercise_definition_toml"] = "../evil", ""  # as a crafted meta.json says
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ReviewError, match="'../evil'"):
        load_review(folder)


def test_variants_are_whole_definitions_recognised_by_their_start():
    from posecheck.exercises.loader import get_exercise

    tilt = get_exercise("pelvic_tilt")
    assert [v.variant_id for v in tilt.all_variants] == ["standing", "lying", "seated"]
    lying = tilt.variants[0]
    assert lying.id == "pelvic_tilt" and lying.rep.driver == "hip_open_deg" and lying.features == tilt.features
    assert lying.variant_name.nl == "Liggend op je rug" and lying.position != tilt.position


def test_a_variant_naming_an_unknown_fault_is_refused(tmp_path):
    import pytest

    from posecheck.errors import ExerciseFileError
    from posecheck.exercises.loader import default_exercise_dir, load_exercise

    text = (default_exercise_dir() / "superman.toml").read_text(encoding="utf-8")
    bad = tmp_path / "superman.toml"
    bad.write_text(text.replace('faults = []', 'faults = ["no_such_fault"]', 1), encoding="utf-8")
    with pytest.raises(ExerciseFileError, match="no fault 'no_such_fault'"):
        load_exercise(bad)


# ------------------------------------------------------------------ issue 13: every fault the guides name is judged or listed
# The faults ../shared/EXERCISES.md and issue 13 name, per exercise, under posecheck's ids: each one must be a
# [[faults]] entry (judged, with its signal and limits) or a [[not_judged]] entry (with the reason).
NAMED_FAULTS = {
    "glute_bridge": {"over_arched_back", "incomplete_hip_extension", "knees_in_or_out", "feet_too_close",
                     "feet_too_far", "one_hip_lower", "no_pause_at_top", "lowering_too_fast"},
    "bird_dog": {"pelvis_rocking", "lower_back_sagging", "leg_above_hip", "leg_not_extended", "arm_not_extended",
                 "no_hold", "weight_shifting", "head_dropping", "head_cranked"},
    "dead_bug": {"lower_back_lifting", "moving_fast", "not_returning"},
    "plank": {"hips_sagging", "hips_piked", "head_dropping"},
    "side_plank": {"hips_dropping", "hips_too_high", "hips_behind_line"},
    "superman": {"head_cranked", "legs_not_lifted", "arms_not_lifted"},
    "clamshell": {"pelvis_rolling_back", "feet_apart"},
    "knee_drops": {"shoulder_lifting"},
    "lying_marching": {"pelvis_rocking", "back_arching"},
    "wall_sit": {"knees_not_bent_enough", "knees_too_deep", "back_off_wall"},
    "hip_thrust": {"over_arched_back", "incomplete_hip_extension"},
    "romanian_deadlift": {"rounded_back", "knees_locked", "knees_bent_too_far", "bar_drifting"},
    "back_extension": {"over_extension"},
}


@pytest.mark.parametrize("exercise_id", sorted(NAMED_FAULTS))
def test_every_fault_the_guides_name_is_judged_or_listed_with_its_reason(exercise_id):
    ex = load_catalogue()[exercise_id]
    covered = {f.id for f in ex.faults} | {n.fault for n in ex.not_judged}
    assert NAMED_FAULTS[exercise_id] <= covered, NAMED_FAULTS[exercise_id] - covered


def test_the_rounded_back_is_judged_in_the_romanian_deadlift_and_says_what_it_cannot_see():
    f = next(f for f in load_catalogue()["romanian_deadlift"].faults if f.id == "rounded_back")
    assert "ear" in f.signal and "not seen" in f.limits and "segmentation" in f.limits


@pytest.mark.parametrize("old,new,key,why", [
    ('fault = "knees_in_or_out"', 'fault = "over_arched_back"', "not_judged[0].fault", "judged in [[faults]]"),
    ('fault = "one_hip_lower"', 'fault = "knees_in_or_out"', "not_judged", "listed once"),
    ('fault = "knees_in_or_out"', 'fault = "Knees in"', "not_judged[0].fault", "lower-case"),
    ('reason = { en = "That shows from the feet', 'reasons = { en = "That shows from the feet',
     "not_judged[0].reason", "missing"),
])
def test_a_malformed_not_judged_entry_names_the_file_and_the_key(bridge_copy: Path, old, new, key, why):
    text = bridge_copy.read_text(encoding="utf-8")
    assert old in text
    bridge_copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ExerciseFileError) as err:
        load_exercise(bridge_copy)
    assert str(bridge_copy) in str(err.value) and key in str(err.value) and why in str(err.value)


def test_posecheck_exercises_verbose_lists_variants_faults_and_what_is_not_judged(capsys):
    from argparse import Namespace

    from posecheck.cli import _cmd_exercises

    assert _cmd_exercises(Namespace(dir=None, verbose=True, lang="en")) == 0
    out = capsys.readouterr().out
    for ex_id in ("knee_to_chest", "lying_marching", "wall_sit", "hip_thrust", "romanian_deadlift", "back_extension"):
        assert re.search(rf"^{ex_id} ", out, re.M), ex_id
    assert "variant stretch: Held as a stretch" in out  # knee to chest
    assert "fault rounded_back:" in out
    assert "not judged knees_in_or_out (Knees falling in or out): That shows from the feet" in out
