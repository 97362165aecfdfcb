"""Everything posecheck says to a person, in their language, through gettext catalogues. Plain Python: no Qt.

English is the source language: a text is its own message id, so code reads as what the person sees::

    tr("Rest: {s} s", lang, s=12)              # "Rust: 12 s" in Dutch
    tr("Start (s)", lang, context="report")   # the same English, translated differently in the PDF

Other languages are gettext catalogues, ``posecheck/locale/<lang>/LC_MESSAGES/posecheck.po``. A
practice adds German by translating the template ``posecheck/locale/posecheck.pot`` into
``posecheck/locale/de/LC_MESSAGES/posecheck.po`` (with Poedit, Weblate or any PO editor): the language
then appears in the settings and the report, with no change to the code. Babel regenerates the
template from the code: ``pybabel extract -k tr -k N_ -k Msg:1,2c -k of:1,2c -o posecheck/locale/posecheck.pot
posecheck`` (a text that needs a context, because the same English is translated differently in two
places, is written as ``Msg("Reps", "table column")``).

Why gettext and not Qt Linguist: the numpy core (the report, the review, import refusals) speaks too,
and it must not import Qt. Why .po read at run time: the catalogues are compiled in memory to
gettext's binary .mo format by :func:`compile_mo` (the format of ``msgfmt``, in 40 lines), so neither a
build step nor a build dependency is needed, and a .po that a practice drops in works at once.

Exercise and routine files keep their own en/nl texts inline (``Text``): they are data, and a text
argument that is a ``Text`` (or a :class:`Msg`) is put in the language of the sentence around it.
"""

from __future__ import annotations

import ast
import gettext
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["DOMAIN", "LOCALE_DIR", "Msg", "N_", "compile_mo", "languages", "parse_po", "tr"]

DOMAIN = "posecheck"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANG = "en"


def N_(msgid: str) -> str:
    """Marks a text for the catalogue where it is defined (tables of texts); :func:`tr` translates it
    where it is shown."""
    return msgid


@dataclass(frozen=True)
class Msg:
    """A sentence not yet put into a language: the message id, its context and the facts that fill it.
    What the core says (reasons a recording cannot be judged, doubts about a count) is kept as these,
    and turned into words per language where it is shown or written (the JSON report writes en and nl)."""

    msgid: str
    context: str | None = None
    fields: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, msgid: str, context: str | None = None, **fields) -> "Msg":
        """A sentence with its facts: ``Msg.of("Rest: {s} s", s=12)``."""
        return cls(msgid, context, tuple(fields.items()))

    def text(self, lang: str) -> str:
        return tr(self.msgid, lang, self.context, **dict(self.fields))


def tr(msgid: str, lang: str = SOURCE_LANG, context: str | None = None, **fields) -> str:
    """``msgid`` in ``lang`` (English when the catalogue lacks it), with ``{fields}`` filled in. A field
    that is a :class:`Msg` or an exercise file's ``Text`` is given in ``lang`` too."""
    t = _translations(lang)
    text = t.pgettext(context, msgid) if context else t.gettext(msgid)
    if not fields:
        return text
    return text.format(**{k: _in_language(v, lang) for k, v in fields.items()})


def _in_language(value, lang: str):
    if isinstance(value, Msg):
        return value.text(lang)
    get = getattr(value, "get", None)
    if callable(get) and hasattr(value, "en") and hasattr(value, "nl"):  # exercises.schema.Text
        return get(lang)
    return value


def languages() -> tuple[str, ...]:
    """The languages posecheck speaks: every language with a catalogue (sorted), then English."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (*[lang for lang in found if lang != SOURCE_LANG], SOURCE_LANG)


@lru_cache(maxsize=None)
def _translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == SOURCE_LANG or not po.is_file():
        return gettext.NullTranslations()
    import io

    return gettext.GNUTranslations(io.BytesIO(compile_mo(parse_po(po.read_text(encoding="utf-8")))))


# ------------------------------------------------------------------------------------ .po → .mo
def parse_po(text: str) -> dict[tuple[str | None, str], str]:
    """{(msgctxt, msgid): msgstr} of a .po file, the header included (msgid ""); fuzzy and untranslated
    entries are left out, as ``msgfmt`` does."""
    entries: dict[tuple[str | None, str], str] = {}
    cur: dict[str, str] = {}
    key, fuzzy = None, False

    def flush():
        nonlocal cur, fuzzy
        if "msgid" in cur and cur.get("msgstr") and not fuzzy:
            entries[(cur.get("msgctxt"), cur["msgid"])] = cur["msgstr"]
        cur, fuzzy = {}, False

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            cur[key] += ast.literal_eval(line)
        else:
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and "msgstr" in cur:
                flush()
            key = word
            cur[key] = ast.literal_eval(rest)
    return entries


def compile_mo(entries: dict[tuple[str | None, str], str]) -> bytes:
    """GNU .mo bytes of ``entries`` (the layout ``msgfmt`` writes: sorted ids, no hash table)."""
    keys = sorted(((f"{c}\x04{m}" if c else m).encode("utf-8"), s.encode("utf-8")) for (c, m), s in entries.items())
    ids = b"".join(k + b"\0" for k, _ in keys)
    strs = b"".join(v + b"\0" for _, v in keys)
    n = len(keys)
    start = 7 * 4 + 16 * n  # header, then the two tables of (length, offset)
    offsets, id_at, str_at = [], start, start + len(ids)
    for k, v in keys:
        offsets.append((len(k), id_at, len(v), str_at))
        id_at, str_at = id_at + len(k) + 1, str_at + len(v) + 1
    out = struct.pack("<7I", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    out += b"".join(struct.pack("<2I", a, b) for a, b, _, _ in offsets)
    out += b"".join(struct.pack("<2I", c, d) for _, _, c, d in offsets)
    return out + ids + strs
