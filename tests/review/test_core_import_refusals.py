"""Import refusals in both languages: every refusal code has an English and a Dutch problem and hint
with the same fields, every call site in archive.py (and the checks it hands work to) passes exactly
those fields, and a real bad archive or folder is refused in Dutch for ``text("nl")`` while ``str()``
stays English."""

from __future__ import annotations

import ast
import json
import stat
import string
import zipfile
from pathlib import Path

import pytest

import posecheck.review.archive as archive
from posecheck.errors import ReviewImportError
from posecheck.review.archive import import_session
from posecheck.i18n import tr
from posecheck.review.import_refusals import REFUSALS, refusal


def _fields(template: str) -> dict[str, str]:
    """field name -> format spec, of one template."""
    return {name: spec or "" for _lit, name, spec, _conv in string.Formatter().parse(template) if name}


def _sample(spec: str):
    return 1234.5 if spec and spec[-1] in "fgde%" else "x"


def _refusing_modules() -> list[Path]:
    """archive.py and the checks it hands parts of the import to: every review module that raises refusals."""
    modules = [p for p in sorted(Path(archive.__file__).parent.glob("*.py"))
               if "refusal as _refuse" in p.read_text(encoding="utf-8")]
    assert Path(archive.__file__) in modules
    return modules


def _refuse_calls() -> list[tuple[str, set[str]]]:
    """(code, keyword names) of every ``_refuse(...)`` call in those modules, read from their source."""
    out = []
    for module in _refusing_modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_refuse":
                first = node.args[0] if node.args else None
                where = f"{module.name} line {node.lineno}"
                # A literal code keeps every refusal checkable here; a computed one would hide its fields.
                assert isinstance(first, ast.Constant), f"{where}: the refusal code must be a literal"
                assert all(k.arg for k in node.keywords), f"{where}: no **fields"
                out.append((first.value, {k.arg for k in node.keywords}))
    return out


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_every_refusal_has_both_languages_with_the_same_fields(code):
    problem_en, hint_en = REFUSALS[code]
    problem_nl, hint_nl = tr(problem_en, "nl"), tr(hint_en, "nl")
    assert all(t.strip() for t in (problem_en, problem_nl, hint_en, hint_nl))
    en_fields = {**_fields(problem_en), **_fields(hint_en)}
    nl_fields = {**_fields(problem_nl), **_fields(hint_nl)}
    assert set(en_fields) == set(nl_fields), f"{code}: the Dutch sentence names other facts than the English"
    err = refusal(code, **{name: _sample(spec) for name, spec in en_fields.items()})
    assert err.code == code and err.text("nl") != err.text("en") == str(err)


def test_every_call_site_passes_exactly_the_fields_of_its_sentences():
    calls = _refuse_calls()
    assert len(calls) >= 30, "the AST scan found too few refusals: it is not reading archive.py"
    for code, names in calls:
        assert code in REFUSALS, f"an import check refuses with unknown code {code!r}"
        problem_en, hint_en = REFUSALS[code]
        wanted = {*_fields(problem_en), *_fields(hint_en)}
        assert names == wanted, f"{code}: passes {sorted(names)}, its sentences name {sorted(wanted)}"
    assert {c for c, _ in calls} == set(REFUSALS), "a refusal code in the table is never raised"


def test_a_refusal_field_missing_fails_loudly():
    # The scan above would not help if refusal() silently left a placeholder unfilled.
    with pytest.raises(KeyError):
        refusal("zip_symlink", archive="a.zip")


# ------------------------------------------------------------------------------------ real archives
def _session_files() -> dict[str, bytes]:
    return {"s/meta.json": json.dumps({"schema_version": 1, "exercise_id": "glute_bridge"}).encode(),
            "s/events.jsonl": b'{"type": "SessionStarted"}\n'}


def _refused(src: Path, library: Path) -> ReviewImportError:
    with pytest.raises(ReviewImportError) as info:
        import_session(src, library)
    assert not library.exists(), "a refused import must write nothing"
    return info.value


def test_a_zip_with_a_symbolic_link_is_refused_in_dutch_and_english(tmp_path):
    src = tmp_path / "from_patient.zip"
    with zipfile.ZipFile(src, "w") as zf:
        for name, data in _session_files().items():
            zf.writestr(name, data)
        link = zipfile.ZipInfo("s/poses.npz")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    err = _refused(src, tmp_path / "lib")
    assert err.code == "zip_symlink" and err.fields == {"archive": "from_patient.zip", "entry": "s/poses.npz"}
    assert str(err) == err.text("en") == ("from_patient.zip contains a symbolic link ('s/poses.npz'); it was not "
                                          "imported. Ask the patient to export the session again from posecheck")
    assert err.text("nl") == ("from_patient.zip bevat een symbolische koppeling ('s/poses.npz'); het is niet "
                              "geïmporteerd. Vraag de patiënt om de sessie opnieuw te exporteren uit posecheck")


def test_a_zip_with_an_absolute_path_is_refused_in_dutch(tmp_path):
    src = tmp_path / "abs.zip"
    with zipfile.ZipFile(src, "w") as zf:
        for name, data in _session_files().items():
            zf.writestr(name, data)
        zf.writestr(zipfile.ZipInfo("C:/Windows/evil.dll"), b"MZ")  # zipfile strips a leading '/', not a drive
    err = _refused(src, tmp_path / "lib")
    assert err.code == "absolute_path"
    assert "contains an entry with an absolute path ('C:/Windows/evil.dll')" in str(err)
    nl = err.text("nl")
    assert "bevat een bestand met een absoluut pad ('C:/Windows/evil.dll')" in nl and "Vraag de patiënt" in nl
    assert "absolute path" not in nl and "Ask the patient" not in nl


def test_a_folder_without_meta_json_is_refused_in_dutch(tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    err = _refused(folder, tmp_path / "lib")
    assert err.code == "folder_not_a_session"
    assert "is not a posecheck session folder (no meta.json in it)" in str(err)
    assert err.text("nl").startswith("Downloads is geen sessiemap van posecheck (er staat geen meta.json in). "
                                     "Kies de map van de sessie zelf")
    assert err.text("fr") == str(err), "a language without wording falls back to English"
