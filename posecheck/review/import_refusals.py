"""Why an import was refused, and what to do, in English and Dutch. Plain Python: no Qt.

:mod:`posecheck.review.archive` refuses a session with a stable code plus the facts that fill the
sentence (``refusal("zip_symlink", archive="x.zip", entry="a/b")``). The words live here, beside the
other review texts, so the CLI and log keep the English line (``str(error)``) while the Dutch
workstation shows ``error.text("nl")``. Same style as :mod:`posecheck.review.texts`: a code maps to
its problem and its hint, each as (en, nl); ``{placeholders}`` are the refusal's fields and are the
same in both languages (``tests/review/test_core_import_refusals.py`` checks every call site).
"""

from __future__ import annotations

from posecheck.errors import ReviewImportError

__all__ = ["REFUSALS", "refusal"]

# Hints shared by several refusals: one wording per advice, so the same advice reads the same.
_EXPORT_AGAIN = ("Ask the patient to export the session again from posecheck",
                 "Vraag de patiënt om de sessie opnieuw te exporteren uit posecheck")
_DAMAGED_EXPORT_AGAIN = ("The session is damaged; ask the patient to export it again",
                         "De sessie is beschadigd; vraag de patiënt om ze opnieuw te exporteren")
_DAMAGED_ASK_AGAIN = ("The session is damaged; ask for it again",
                      "De sessie is beschadigd; vraag de patiënt om ze opnieuw te sturen")
_SEND_AGAIN = ("Ask the patient to send it again", "Vraag de patiënt om het opnieuw te sturen")
_NOT_IMPORTED_NL = "het is niet geïmporteerd"

# code -> ((problem en, problem nl), (hint en, hint nl))
REFUSALS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # --- names that could write outside the session's folder
    "absolute_path": (
        ("{archive} contains an entry with an absolute path ({entry!r}); it was not imported",
         "{archive} bevat een bestand met een absoluut pad ({entry!r}); " + _NOT_IMPORTED_NL),
        ("Ask the patient to export the session again from posecheck (File → Export a session for your physiotherapist)",
         "Vraag de patiënt om de sessie opnieuw te exporteren uit posecheck (Bestand → Sessie exporteren voor je fysiotherapeut)")),
    "outside_folder": (
        ("{archive} contains an entry that points outside its folder ({entry!r}); it was not imported",
         "{archive} bevat een bestand dat naar buiten zijn map wijst ({entry!r}); " + _NOT_IMPORTED_NL),
        ("Do not open this archive; ask the patient to export the session again from posecheck",
         "Open dit archief niet; vraag de patiënt om de sessie opnieuw te exporteren uit posecheck")),
    # --- links and special files
    "folder_symlink": (
        ("{archive} contains a symbolic link ({entry}); it was not imported",
         "{archive} bevat een symbolische koppeling ({entry}); " + _NOT_IMPORTED_NL),
        ("Copy the session folder without links, or export it from posecheck as a .zip",
         "Kopieer de sessiemap zonder koppelingen, of exporteer ze uit posecheck als .zip")),
    "folder_special_file": (
        ("{archive} contains a special file ({entry}); it was not imported",
         "{archive} bevat een speciaal bestand ({entry}); " + _NOT_IMPORTED_NL),
        ("Copy only the session's files", "Kopieer alleen de bestanden van de sessie")),
    "zip_symlink": (
        ("{archive} contains a symbolic link ({entry!r}); it was not imported",
         "{archive} bevat een symbolische koppeling ({entry!r}); " + _NOT_IMPORTED_NL),
        _EXPORT_AGAIN),
    "tar_link": (
        ("{archive} contains a link ({entry!r} -> {target!r}); it was not imported",
         "{archive} bevat een koppeling ({entry!r} -> {target!r}); " + _NOT_IMPORTED_NL),
        ("Ask the patient to export the session again from posecheck (it makes a .zip without links)",
         "Vraag de patiënt om de sessie opnieuw te exporteren uit posecheck (dat maakt een .zip zonder koppelingen)")),
    "tar_special_file": (
        ("{archive} contains a device or pipe entry ({entry!r}); it was not imported",
         "{archive} bevat een apparaat- of pipe-bestand ({entry!r}); " + _NOT_IMPORTED_NL),
        _EXPORT_AGAIN),
    # --- bombs and sizes
    "zip_entry_ratio": (
        ("{archive}: {entry!r} would unpack to {ratio:.0f} times its packed size (a zip bomb?); it was not imported",
         "{archive}: {entry!r} zou uitpakken tot {ratio:.0f} keer zijn ingepakte grootte (een zipbom?); "
         + _NOT_IMPORTED_NL),
        _EXPORT_AGAIN),
    "zip_ratio": (
        ("{archive} would unpack to {ratio:.0f} times its packed size (a zip bomb?); it was not imported",
         "{archive} zou uitpakken tot {ratio:.0f} keer zijn ingepakte grootte (een zipbom?); " + _NOT_IMPORTED_NL),
        _EXPORT_AGAIN),
    "data_too_big": (
        ("{archive} holds {mb:.1f} MB of landmarks and events, more than the {max_mb:.1f} MB of a three-hour session",
         "{archive} bevat {mb:.1f} MB aan lichaamspunten en gebeurtenissen, meer dan de {max_mb:.1f} MB van een "
         "sessie van drie uur"),
        _DAMAGED_EXPORT_AGAIN),
    "tar_ratio": (
        ("{archive} would unpack to {ratio:.0f} times its packed size (a tar bomb?); it was not imported",
         "{archive} zou uitpakken tot {ratio:.0f} keer zijn ingepakte grootte (een tarbom?); " + _NOT_IMPORTED_NL),
        _EXPORT_AGAIN),
    "too_big": (
        ("{archive} would unpack to {gb:.1f} GB, more than the {max_gb:.1f} GB a session may take",
         "{archive} zou uitpakken tot {gb:.1f} GB, meer dan de {max_gb:.1f} GB die een sessie mag innemen"),
        ("Ask the patient to export it without video", "Vraag de patiënt om ze zonder video te exporteren")),
    "tar_too_many_entries": (
        ("{archive} has more than {max_entries} entries, more than a session can have",
         "{archive} bevat meer dan {max_entries} bestanden, meer dan een sessie kan hebben"),
        _EXPORT_AGAIN),
    "too_many_entries": (
        ("{archive} has {entries} entries, more than a session can have ({max_entries})",
         "{archive} bevat {entries} bestanden, meer dan een sessie kan hebben ({max_entries})"),
        _EXPORT_AGAIN),
    "unpacks_larger": (
        ("{archive}: {entry} unpacks to more than it declares (a zip bomb?)",
         "{archive}: {entry} pakt groter uit dan het archief opgeeft (een zipbom?)"),
        ("Do not open this archive; ask the patient to export it again",
         "Open dit archief niet; vraag de patiënt om de sessie opnieuw te exporteren")),
    "no_disk_space": (
        ("not enough disk space to import {archive} ({gb:.1f} GB needed, {free_gb:.1f} GB free)",
         "niet genoeg schijfruimte om {archive} te importeren ({gb:.1f} GB nodig, {free_gb:.1f} GB vrij)"),
        ("Free some space, or ask for the session without video",
         "Maak wat ruimte vrij, of vraag de patiënt om de sessie zonder video")),
    # --- what the session must hold
    "no_session": (
        ("{archive} holds no posecheck session (no {meta} at its top or in one folder)",
         "{archive} bevat geen posecheck-sessie (geen {meta} bovenaan of in één map)"),
        ("Send the whole session folder, or use File → Export a session for your physiotherapist in posecheck",
         "Stuur de hele sessiemap, of gebruik Bestand → Sessie exporteren voor je fysiotherapeut in posecheck")),
    "bad_session_name": (
        ("{archive}: the session name {name!r} is not a plain folder name",
         "{archive}: de sessienaam {name!r} is geen gewone mapnaam"),
        ("Rename the folder or archive to letters, digits, '-', '_' or '.', then import it",
         "Geef de map of het archief een naam met alleen letters, cijfers, '-', '_' of '.', en importeer opnieuw")),
    # The landmarks may be one file or chunks: the alternative is named, so nobody goes looking for a
    # poses.npz that a long recording never has.
    "missing_files": (
        ("{archive} is missing {files}; it was not imported",
         "In {archive} ontbreekt {files}; " + _NOT_IMPORTED_NL),
        ("Ask the patient to send the whole session folder (or use File → Export a session for your physiotherapist)",
         "Vraag de patiënt om de hele sessiemap te sturen (of Bestand → Sessie exporteren voor je fysiotherapeut te gebruiken)")),
    "missing_landmarks": (
        ("{archive} is missing {poses} (or {poses_dir}/part_*.npz); it was not imported",
         "In {archive} ontbreekt {poses} (of {poses_dir}/part_*.npz); " + _NOT_IMPORTED_NL),
        ("Ask the patient to send the whole session folder (or use File → Export a session for your physiotherapist)",
         "Vraag de patiënt om de hele sessiemap te sturen (of Bestand → Sessie exporteren voor je fysiotherapeut te gebruiken)")),
    "missing_files_and_landmarks": (
        ("{archive} is missing {files}, {poses} (or {poses_dir}/part_*.npz); it was not imported",
         "In {archive} ontbreken {files} en {poses} (of {poses_dir}/part_*.npz); " + _NOT_IMPORTED_NL),
        ("Ask the patient to send the whole session folder (or use File → Export a session for your physiotherapist)",
         "Vraag de patiënt om de hele sessiemap te sturen (of Bestand → Sessie exporteren voor je fysiotherapeut te gebruiken)")),
    "meta_too_large": (
        ("{archive}: {meta} is {size} bytes, far too large", "{archive}: {meta} is {size} bytes, veel te groot"),
        ("The session is damaged", "De sessie is beschadigd")),
    "meta_not_json": (
        ("{archive}: {meta} is not readable JSON ({detail})", "{archive}: {meta} is geen leesbare JSON ({detail})"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_not_object": (
        ("{archive}: {meta} is not a JSON object", "{archive}: {meta} is geen JSON-object"),
        _DAMAGED_ASK_AGAIN),
    "meta_no_schema": (
        ("{archive}: {meta} has no session schema_version", "{archive}: in {meta} staat geen schema_version"),
        ("This is not a posecheck session folder", "Dit is geen sessiemap van posecheck")),
    "schema_newer": (
        ("{archive} was written by posecheck schema {version}; this version reads {reads}",
         "{archive} is geschreven met posecheck-schema {version}; deze versie leest {reads}"),
        ("Update posecheck, then import it again", "Werk posecheck bij en importeer de sessie daarna opnieuw")),
    "schema_older": (
        ("{archive} was written by posecheck schema {version}; this version reads {reads}",
         "{archive} is geschreven met posecheck-schema {version}; deze versie leest {reads}"),
        ("Open it with the posecheck version that recorded it, or ask the patient to update posecheck",
         "Open de sessie met de posecheck-versie waarmee ze is opgenomen, of vraag de patiënt om posecheck bij te werken")),
    "meta_too_deep": (
        ("{archive}: {meta} is nested too deeply to be a posecheck session",
         "{archive}: {meta} is te diep genest voor een posecheck-sessie"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_number_too_long": (
        ("{archive}: {meta} holds a number of thousands of digits",
         "{archive}: {meta} bevat een getal van duizenden cijfers"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_bad_exercise_id": (
        ("{archive}: {meta} names the exercise {exercise!r}, which is not an exercise id",
         "{archive}: {meta} noemt de oefening {exercise!r}, maar dat is geen oefeningsnaam"),
        ("Do not open this session; ask the patient to export it again from posecheck",
         "Open deze sessie niet; vraag de patiënt om ze opnieuw te exporteren uit posecheck")),
    "meta_no_exercise": (
        ("{archive}: {meta} names no exercise (exercise_id)", "{archive}: {meta} noemt geen oefening (exercise_id)"),
        _DAMAGED_ASK_AGAIN),
    "events_bad_line": (
        ("{archive}: {events} line {line} is not a posecheck event",
         "{archive}: regel {line} van {events} is geen posecheck-gebeurtenis"),
        _DAMAGED_EXPORT_AGAIN),
    "events_too_deep": (
        ("{archive}: {events} line {line} is nested too deeply to be a posecheck event",
         "{archive}: regel {line} van {events} is te diep genest voor een posecheck-gebeurtenis"),
        _DAMAGED_EXPORT_AGAIN),
    "events_number_too_long": (
        ("{archive}: {events} line {line} holds a number of thousands of digits",
         "{archive}: regel {line} van {events} bevat een getal van duizenden cijfers"),
        _DAMAGED_EXPORT_AGAIN),
    "landmarks_bad_array": (
        ("{archive}: {file}: the array {array!r} is not what posecheck writes ({detail})",
         "{archive}: {file}: de reeks {array!r} is niet wat posecheck schrijft ({detail})"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_pickled": (
        ("{archive}: {file} holds a pickled Python object ({array!r}), which could run code; it was not imported",
         "{archive}: {file} bevat een gepickled Python-object ({array!r}) dat code zou kunnen uitvoeren; "
         + _NOT_IMPORTED_NL),
        ("Do not open this session; ask the patient to export it again from posecheck",
         "Open deze sessie niet; vraag de patiënt om ze opnieuw te exporteren uit posecheck")),
    "landmarks_declared_too_large": (
        ("{archive}: {file}: the array {array!r} claims {values} values, more than the {mb:.1f} MB it holds",
         "{archive}: {file}: de reeks {array!r} zegt {values} waarden te bevatten, meer dan de {mb:.1f} MB die ze "
         "inneemt"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_bad_image_size": (
        ("{archive}: {file}: the image size has shape {shape} instead of two numbers (width, height)",
         "{archive}: {file}: de beeldgrootte heeft vorm {shape} in plaats van twee getallen (breedte, hoogte)"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_lengths_differ": (
        ("{archive}: {file}: {array} has {rows} rows for {stamps} timestamps",
         "{archive}: {file}: {array} heeft {rows} rijen voor {stamps} tijdstippen"),
        _DAMAGED_ASK_AGAIN),
    "video_unreadable": (
        ("{archive}: {video} is not a video posecheck can play ({detail})",
         "{archive}: {video} is geen video die posecheck kan afspelen ({detail})"),
        ("Ask the patient to export the session again, or without the video",
         "Vraag de patiënt om de sessie opnieuw te exporteren, of zonder video")),
    "landmarks_unreadable": (
        ("{archive}: the landmarks are unreadable ({detail})", "{archive}: de lichaamspunten zijn onleesbaar ({detail})"),
        _DAMAGED_ASK_AGAIN),
    "landmark_files_unreadable": (
        ("{archive}: the landmark files are unreadable", "{archive}: de bestanden met lichaamspunten zijn onleesbaar"),
        _DAMAGED_ASK_AGAIN),
    "already_in_library": (
        ("a different session named {name} is already in the library",
         "er staat al een andere sessie met de naam {name} in de bibliotheek"),
        ("Nothing was changed; remove or rename the existing one first if this one should replace it",
         "Er is niets veranderd; verwijder of hernoem eerst de bestaande sessie als de nieuwe die moet vervangen")),
    # --- what was chosen
    "source_missing": (
        ("{path} does not exist", "{path} bestaat niet"),
        ("Choose the session folder or the archive the patient sent",
         "Kies de sessiemap of het archief dat de patiënt heeft gestuurd")),
    "folder_not_a_session": (
        ("{archive} is not a posecheck session folder (no {meta} in it)",
         "{archive} is geen sessiemap van posecheck (er staat geen {meta} in)"),
        ("Choose the session's own folder (named like 20260302-100000-glute_bridge)",
         "Kies de map van de sessie zelf (met een naam als 20260302-100000-glute_bridge)")),
    "zip_damaged": (
        ("{archive} is a damaged zip archive ({detail})", "{archive} is een beschadigd zip-archief ({detail})"),
        _SEND_AGAIN),
    "tar_damaged": (
        ("{archive} is a damaged tar archive ({detail})", "{archive} is een beschadigd tar-archief ({detail})"),
        _SEND_AGAIN),
    "not_an_archive": (
        ("{archive} is not a session folder, .zip or .tar(.gz) archive",
         "{archive} is geen sessiemap en geen .zip- of .tar(.gz)-archief"),
        ("Choose the folder or archive the patient sent", "Kies de map of het archief dat de patiënt heeft gestuurd")),
    # --- the patient's side (export_session_archive)
    "export_not_a_session": (
        ("{folder} is not a posecheck session (no {meta})", "{folder} is geen posecheck-sessie (geen {meta})"),
        ("Choose a session folder", "Kies een sessiemap")),
    "export_meta_unreadable": (
        ("{folder}: {meta} is not readable JSON ({detail}); the session was not exported",
         "{folder}: {meta} is geen leesbare JSON ({detail}); de sessie is niet geëxporteerd"),
        ("This session is damaged and cannot be sent; choose another one",
         "Deze sessie is beschadigd en kan niet worden verstuurd; kies een andere")),
}


def refusal(code: str, **fields) -> ReviewImportError:
    """The error for refusal ``code``: ``str()`` is the English line; ``.text("nl")`` the Dutch one."""
    (problem_en, problem_nl), (hint_en, hint_nl) = REFUSALS[code]
    return ReviewImportError(
        problem_en.format(**fields), hint_en.format(**fields), code=code, fields=fields,
        translations={"nl": (problem_nl.format(**fields), hint_nl.format(**fields))})
