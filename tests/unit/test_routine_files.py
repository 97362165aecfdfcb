"""Routines are data (issue 13): routines/*.toml load, are checked against the catalogue, and a mistake names
the file and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posecheck.errors import RoutineFileError
from posecheck.exercises.loader import load_catalogue
from posecheck.exercises.schema import Kind
from posecheck.routines.loader import default_routine_dir, load_routine, load_routines

CATALOGUE = load_catalogue()


def test_the_five_programmes_load_in_both_languages():
    routines = load_routines(CATALOGUE)
    assert list(routines) == ["home", "hernia", "pregnancy", "gym", "ball"]  # their order in the app
    for r in routines.values():
        assert r.name.en and r.name.nl and r.description.en and r.description.nl
        for item in r.items:
            ex = CATALOGUE[item.exercise]
            chosen = next(v for v in ex.all_variants if v.variant_id == item.variant) if item.variant else ex
            held = chosen.kind in (Kind.HOLD, Kind.PER_SIDE_HOLD)
            assert item.dose.sets >= 1 and (item.dose.hold_s if held else item.dose.reps), (r.id, item.exercise)
        for a in r.avoid:
            assert a.what.nl and a.reason.nl and a.reason.en


def test_the_home_routine_is_the_guides_one():
    assert load_routines(CATALOGUE)["home"].exercise_ids == ["cat_cow", "bird_dog", "glute_bridge", "dead_bug",
                                                            "childs_pose"]


@pytest.mark.parametrize("routine,exercise", [
    ("pregnancy", "superman"), ("pregnancy", "back_extension"),  # lying on the belly
    ("pregnancy", "plank"), ("pregnancy", "side_plank"),          # planks
    ("pregnancy", "knee_drops"),                                  # hard rotations
    ("hernia", "knee_drops"),                                     # rotations
    ("hernia", "knee_to_chest"), ("hernia", "childs_pose"),       # deep stretches
])
def test_each_programme_names_what_it_advises_against(routine, exercise):
    r = load_routines(CATALOGUE)[routine]
    assert r.avoid_for(exercise) is not None and exercise not in r.exercise_ids


def test_crunches_are_advised_against_in_the_hernia_programme_though_the_catalogue_has_none():
    hernia = load_routines(CATALOGUE)["hernia"]
    assert any("runches" in a.what.en and not a.exercises for a in hernia.avoid)


@pytest.fixture
def home_copy(tmp_path: Path) -> Path:
    p = tmp_path / "home.toml"
    shutil.copy(default_routine_dir() / "home.toml", p)
    return p


@pytest.mark.parametrize("old,new,key", [
    ('exercise = "cat_cow"', 'exercise = "cat_cows"', "exercises[0].exercise"),
    ('exercise = "childs_pose"\nsets = 3\nhold_s = 30', 'exercise = "childs_pose"\nsets = 3\nreps = 30',
     "exercises[4].hold_s"),
    ('exercise = "cat_cow"\nsets = 3\nreps = 10', 'exercise = "cat_cow"\nsets = 3\nhold_s = 10',
     "exercises[0].reps"),
    ('exercise = "cat_cow"', 'exercise = "cat_cow"\nvariant = "seated"', "exercises[0].variant"),
    ('exercise = "cat_cow"', 'exercise = "cat_cow"\nrests = 3', "exercises[0].rests"),
    ('sets = 3\nreps = 10\nrest_s = 45', 'sets = 0\nreps = 10\nrest_s = 45', "exercises[0].sets"),
    ('id = "home"', 'id = "thuis"', "id"),
    ('nl = "Thuisroutine"\n', '', "name.nl"),
])
def test_a_mistake_names_the_file_and_the_key(home_copy: Path, old, new, key):
    text = home_copy.read_text(encoding="utf-8")
    assert old in text
    home_copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RoutineFileError) as err:
        load_routine(home_copy, CATALOGUE)
    assert str(home_copy) in str(err.value) and key in str(err.value)


def test_a_routine_cannot_advise_against_its_own_exercise(home_copy: Path):
    home_copy.write_text(home_copy.read_text(encoding="utf-8").replace("[provenance]", (
        '[[avoid]]\nwhat = { en = "x", nl = "x" }\nreason = { en = "x", nl = "x" }\nexercises = ["bird_dog"]\n\n'
        '[provenance]')), encoding="utf-8")
    with pytest.raises(RoutineFileError, match=r"avoid\[0\]\.exercises.*part of this routine"):
        load_routine(home_copy, CATALOGUE)


def test_a_broken_routine_file_is_not_skipped(home_copy: Path):
    home_copy.write_text("schema_version = 1\n[", encoding="utf-8")
    with pytest.raises(RoutineFileError, match="not valid TOML"):
        load_routines(CATALOGUE, home_copy.parent)
