import shutil
from pathlib import Path

import pytest

from posecheck.errors import ExerciseFileError, UnknownExerciseError
from posecheck.exercises.loader import default_exercise_dir, get_exercise, load_catalogue, load_exercise
from posecheck.exercises.schema import Kind

CATALOGUE = ["glute_bridge", "bird_dog", "dead_bug", "plank", "side_plank", "cat_cow", "superman", "clamshell",
             "pelvic_tilt", "childs_pose", "knee_drops"]


def test_the_whole_catalogue_loads_with_both_languages():
    cat = load_catalogue()
    assert sorted(cat) == sorted(CATALOGUE)
    for ex in cat.values():
        assert ex.name.en and ex.name.nl and ex.description.nl and ex.camera.nl
        for f in ex.faults:
            assert f.message.en and f.message.nl and f.signal and f.limits, (ex.id, f.id)


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
                 ("clamshell", "pelvis_rolling_back")]:
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
