"""One way to say things in a language: gettext catalogues (posecheck/i18n.py, posecheck/locale/).

Every text the code marks (``tr("…")``, ``N_("…")``, ``Msg("…", context)``) has a Dutch translation
with the same ``{fields}``; the template lists exactly what the Dutch catalogue translates; the
in-memory compiler gives what GNU msgfmt would; a language a practice drops in works without code;
and no module keeps its own (en, nl) tables or ``lang == "nl"`` branches any more."""

from __future__ import annotations

import ast
import gettext
import io
import re
import shutil
import string
from pathlib import Path

import pytest

from posecheck import i18n
from posecheck.i18n import Msg, compile_mo, languages, parse_po, tr

PKG = Path(__file__).resolve().parents[2] / "posecheck"
NL = PKG / "locale" / "nl" / "LC_MESSAGES" / "posecheck.po"
POT = PKG / "locale" / "posecheck.pot"


def _marked_texts() -> set[tuple[str | None, str]]:
    """(context, msgid) of every literal text the package marks for translation."""
    found = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in ("tr", "N_", "Msg", "of"):
                continue
            ctx = node.args[1] if name in ("Msg", "of") and len(node.args) > 1 else None
            ctx = next((k.value for k in node.keywords if k.arg == "context"), ctx)
            ctx = ctx.value if isinstance(ctx, ast.Constant) else None
            first = node.args[0]
            choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]  # tr("a" if x else "b")
            found |= {(ctx, c.value) for c in choices if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value}
    return found


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_marked_text_is_translated_into_dutch():
    marked = _marked_texts()
    assert len(marked) > 300  # the scan reads the package
    dutch = parse_po(NL.read_text(encoding="utf-8"))
    missing = sorted(m for m in marked if m not in dutch)
    assert missing == []


def test_translations_name_the_same_fields():
    for (ctx, msgid), msgstr in parse_po(NL.read_text(encoding="utf-8")).items():
        if msgid:
            assert _fields(msgid) == _fields(msgstr), (ctx, msgid)


def test_the_template_lists_what_the_dutch_catalogue_translates():
    template = POT.read_text(encoding="utf-8")
    ids = set(re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"', template, re.M))
    dutch = {(c or "", m) for c, m in parse_po(NL.read_text(encoding="utf-8")) if m}
    # multi-line ids start with msgid "" in the template: compare the one-line ones exactly, count the rest
    assert {(c, m) for c, m in ids} <= {(c, m.replace("\n", "\\n")) for c, m in dutch}
    assert template.count("\nmsgid ") - 1 == len(dutch)  # minus the header


def test_in_memory_catalogue_equals_gnu_msgfmt_layout():
    entries = {(None, ""): "Content-Type: text/plain; charset=UTF-8\n", (None, "Rest: {s} s"): "Rust: {s} s",
               ("table column", "Reps"): "Herh.", (None, "Reps"): "Herhalingen"}
    t = gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))
    assert t.gettext("Rest: {s} s") == "Rust: {s} s" and t.gettext("unknown") == "unknown"
    assert t.pgettext("table column", "Reps") == "Herh." and t.gettext("Reps") == "Herhalingen"
    if shutil.which("msgfmt"):  # where GNU gettext is installed, its binary is byte for byte the same
        import subprocess
        mo = subprocess.run(["msgfmt", "-o", "-", str(NL)], capture_output=True, check=True).stdout
        ours = compile_mo(parse_po(NL.read_text(encoding="utf-8")))
        assert gettext.GNUTranslations(io.BytesIO(mo))._catalog == gettext.GNUTranslations(io.BytesIO(ours))._catalog


def test_words_in_two_languages():
    assert languages() == ("nl", "en")
    assert tr("Rest: {s} s", "nl", s=5) == "Rust: 5 s" and tr("Rest: {s} s", "en", s=5) == "Rest: 5 s"
    assert tr("Reps", "nl", context="table column") == "Herh." and tr("Reps", "nl") == "Herhalingen"
    assert Msg.of("variant: {name}", name=Msg("side", "camera view")).text("nl") == "variant: zijaanzicht"
    assert tr("not in any catalogue", "nl") == "not in any catalogue"  # English when a catalogue lacks a text


def test_a_practice_adds_a_language_without_touching_code(tmp_path, monkeypatch):
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(NL, tmp_path / "nl" / "LC_MESSAGES" / "posecheck.po")
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "posecheck.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Rest: {s} s"\nmsgstr "Pause: {s} s"\n\n'
        '#, fuzzy\nmsgid "Stop"\nmsgstr "Halt"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._translations.cache_clear()
    try:
        assert languages() == ("de", "nl", "en")
        assert tr("Rest: {s} s", "de", s=3) == "Pause: 3 s"
        assert tr("Stop", "de") == "Stop"  # a fuzzy entry is not used, as msgfmt does
    finally:
        i18n._translations.cache_clear()


@pytest.mark.parametrize("pattern", [r'lang == "nl"', r"lang == 'nl'", r"li = 1 if", r'\(\s*"[^"]+",\s*"[^"]+"\s*\),\s*#\s*\(en, nl\)'])
def test_no_module_keeps_its_own_language_branches(pattern):
    hits = [f"{p.relative_to(PKG.parent)}" for p in PKG.rglob("*.py")
            if p.name != "schema.py" and re.search(pattern, p.read_text(encoding="utf-8"))]
    assert hits == []  # exercises/schema.py's Text.get is the exercise files' own en/nl (data)
