"""Why an import was refused, and what to do. Plain Python: no Qt.

:mod:`posecheck.review.archive` refuses a session with a stable code plus the facts that fill the
sentence (``refusal("zip_symlink", archive="x.zip", entry="a/b")``). The sentences live here as
English message ids of the gettext catalogue (:mod:`posecheck.i18n`), so the CLI and log keep the
English line (``str(error)``) while the Dutch workstation shows ``error.text("nl")``. A code maps to
its problem and its hint; ``{placeholders}`` are the refusal's fields
(``tests/review/test_core_import_refusals.py`` checks every call site, ``tests/unit/test_catalogue.py``
that every translation names the same fields).
"""

from __future__ import annotations

from posecheck.errors import ReviewImportError
from posecheck.i18n import N_, languages, tr

__all__ = ["REFUSALS", "refusal"]

# Hints shared by several refusals: one wording per advice, so the same advice reads the same.
_EXPORT_AGAIN = N_("Ask the patient to export the session again from posecheck")
_DAMAGED_EXPORT_AGAIN = N_("The session is damaged; ask the patient to export it again")
_DAMAGED_ASK_AGAIN = N_("The session is damaged; ask for it again")
_SEND_AGAIN = N_("Ask the patient to send it again")

# code -> (problem, hint)
REFUSALS: dict[str, tuple[str, str]] = {
    # --- names that could write outside the session's folder
    "absolute_path": (
        N_("{archive} contains an entry with an absolute path ({entry!r}); it was not imported"),
        N_("Ask the patient to export the session again from posecheck (File → Export a session for your "
           "physiotherapist)")),
    "outside_folder": (
        N_("{archive} contains an entry that points outside its folder ({entry!r}); it was not imported"),
        N_("Do not open this archive; ask the patient to export the session again from posecheck")),
    # --- links and special files
    "folder_symlink": (
        N_("{archive} contains a symbolic link ({entry}); it was not imported"),
        N_("Copy the session folder without links, or export it from posecheck as a .zip")),
    "folder_special_file": (
        N_("{archive} contains a special file ({entry}); it was not imported"),
        N_("Copy only the session's files")),
    "zip_symlink": (
        N_("{archive} contains a symbolic link ({entry!r}); it was not imported"),
        _EXPORT_AGAIN),
    "tar_link": (
        N_("{archive} contains a link ({entry!r} -> {target!r}); it was not imported"),
        N_("Ask the patient to export the session again from posecheck (it makes a .zip without links)")),
    "tar_special_file": (
        N_("{archive} contains a device or pipe entry ({entry!r}); it was not imported"),
        _EXPORT_AGAIN),
    # --- bombs and sizes
    "zip_entry_ratio": (
        N_("{archive}: {entry!r} would unpack to {ratio:.0f} times its packed size (a zip bomb?); it was "
           "not imported"),
        _EXPORT_AGAIN),
    "zip_ratio": (
        N_("{archive} would unpack to {ratio:.0f} times its packed size (a zip bomb?); it was not "
           "imported"),
        _EXPORT_AGAIN),
    "data_too_big": (
        N_("{archive} holds {mb:.1f} MB of landmarks and events, more than the {max_mb:.1f} MB of a "
           "three-hour session"),
        _DAMAGED_EXPORT_AGAIN),
    "tar_ratio": (
        N_("{archive} would unpack to {ratio:.0f} times its packed size (a tar bomb?); it was not "
           "imported"),
        _EXPORT_AGAIN),
    "too_big": (
        N_("{archive} would unpack to {gb:.1f} GB, more than the {max_gb:.1f} GB a session may take"),
        N_("Ask the patient to export it without video")),
    "tar_too_many_entries": (
        N_("{archive} has more than {max_entries} entries, more than a session can have"),
        _EXPORT_AGAIN),
    "too_many_entries": (
        N_("{archive} has {entries} entries, more than a session can have ({max_entries})"),
        _EXPORT_AGAIN),
    "unpacks_larger": (
        N_("{archive}: {entry} unpacks to more than it declares (a zip bomb?)"),
        N_("Do not open this archive; ask the patient to export it again")),
    "no_disk_space": (
        N_("not enough disk space to import {archive} ({gb:.1f} GB needed, {free_gb:.1f} GB free)"),
        N_("Free some space, or ask for the session without video")),
    # --- what the session must hold
    "no_session": (
        N_("{archive} holds no posecheck session (no {meta} at its top or in one folder)"),
        N_("Send the whole session folder, or use File → Export a session for your physiotherapist in "
           "posecheck")),
    "bad_session_name": (
        N_("{archive}: the session name {name!r} is not a plain folder name"),
        N_("Rename the folder or archive to letters, digits, '-', '_' or '.', then import it")),
    # The landmarks may be one file or chunks: the alternative is named, so nobody goes looking for a
    # poses.npz that a long recording never has.
    "missing_files": (
        N_("{archive} is missing {files}; it was not imported"),
        N_("Ask the patient to send the whole session folder (or use File → Export a session for your "
           "physiotherapist)")),
    "missing_landmarks": (
        N_("{archive} is missing {poses} (or {poses_dir}/part_*.npz); it was not imported"),
        N_("Ask the patient to send the whole session folder (or use File → Export a session for your "
           "physiotherapist)")),
    "missing_files_and_landmarks": (
        N_("{archive} is missing {files}, {poses} (or {poses_dir}/part_*.npz); it was not imported"),
        N_("Ask the patient to send the whole session folder (or use File → Export a session for your "
           "physiotherapist)")),
    "meta_too_large": (
        N_("{archive}: {meta} is {size} bytes, far too large"),
        N_("The session is damaged")),
    "meta_not_json": (
        N_("{archive}: {meta} is not readable JSON ({detail})"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_not_object": (
        N_("{archive}: {meta} is not a JSON object"),
        _DAMAGED_ASK_AGAIN),
    "meta_no_schema": (
        N_("{archive}: {meta} has no session schema_version"),
        N_("This is not a posecheck session folder")),
    "schema_newer": (
        N_("{archive} was written by posecheck schema {version}; this version reads {reads}"),
        N_("Update posecheck, then import it again")),
    "schema_older": (
        N_("{archive} was written by posecheck schema {version}; this version reads {reads}"),
        N_("Open it with the posecheck version that recorded it, or ask the patient to update posecheck")),
    "meta_too_deep": (
        N_("{archive}: {meta} is nested too deeply to be a posecheck session"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_number_too_long": (
        N_("{archive}: {meta} holds a number of thousands of digits"),
        _DAMAGED_EXPORT_AGAIN),
    "meta_bad_exercise_id": (
        N_("{archive}: {meta} names the exercise {exercise!r}, which is not an exercise id"),
        N_("Do not open this session; ask the patient to export it again from posecheck")),
    "meta_no_exercise": (
        N_("{archive}: {meta} names no exercise (exercise_id)"),
        _DAMAGED_ASK_AGAIN),
    "events_bad_line": (
        N_("{archive}: {events} line {line} is not a posecheck event"),
        _DAMAGED_EXPORT_AGAIN),
    "events_too_deep": (
        N_("{archive}: {events} line {line} is nested too deeply to be a posecheck event"),
        _DAMAGED_EXPORT_AGAIN),
    "events_number_too_long": (
        N_("{archive}: {events} line {line} holds a number of thousands of digits"),
        _DAMAGED_EXPORT_AGAIN),
    "landmarks_bad_array": (
        N_("{archive}: {file}: the array {array!r} is not what posecheck writes ({detail})"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_pickled": (
        N_("{archive}: {file} holds a pickled Python object ({array!r}), which could run code; it was "
           "not imported"),
        N_("Do not open this session; ask the patient to export it again from posecheck")),
    "landmarks_declared_too_large": (
        N_("{archive}: {file}: the array {array!r} claims {values} values, more than the {mb:.1f} MB it "
           "holds"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_bad_image_size": (
        N_("{archive}: {file}: the image size has shape {shape} instead of two numbers (width, height)"),
        _DAMAGED_ASK_AGAIN),
    "landmarks_lengths_differ": (
        N_("{archive}: {file}: {array} has {rows} rows for {stamps} timestamps"),
        _DAMAGED_ASK_AGAIN),
    "video_unreadable": (
        N_("{archive}: {video} is not a video posecheck can play ({detail})"),
        N_("Ask the patient to export the session again, or without the video")),
    "landmarks_unreadable": (
        N_("{archive}: the landmarks are unreadable ({detail})"),
        _DAMAGED_ASK_AGAIN),
    "landmark_files_unreadable": (
        N_("{archive}: the landmark files are unreadable"),
        _DAMAGED_ASK_AGAIN),
    "already_in_library": (
        N_("a different session named {name} is already in the library"),
        N_("Nothing was changed; remove or rename the existing one first if this one should replace it")),
    # --- what was chosen
    "source_missing": (
        N_("{path} does not exist"),
        N_("Choose the session folder or the archive the patient sent")),
    "folder_not_a_session": (
        N_("{archive} is not a posecheck session folder (no {meta} in it)"),
        N_("Choose the session's own folder (named like 20260302-100000-glute_bridge)")),
    "zip_damaged": (
        N_("{archive} is a damaged zip archive ({detail})"),
        _SEND_AGAIN),
    "tar_damaged": (
        N_("{archive} is a damaged tar archive ({detail})"),
        _SEND_AGAIN),
    "not_an_archive": (
        N_("{archive} is not a session folder, .zip or .tar(.gz) archive"),
        N_("Choose the folder or archive the patient sent")),
    # --- the patient's side (export_session_archive)
    "export_not_a_session": (
        N_("{folder} is not a posecheck session (no {meta})"),
        N_("Choose a session folder")),
    "export_meta_unreadable": (
        N_("{folder}: {meta} is not readable JSON ({detail}); the session was not exported"),
        N_("This session is damaged and cannot be sent; choose another one")),
}


def refusal(code: str, **fields) -> ReviewImportError:
    """The error for refusal ``code``: ``str()`` is the English line; ``.text(lang)`` the line in any
    language with a catalogue."""
    problem, hint = REFUSALS[code]
    return ReviewImportError(
        tr(problem, "en", **fields), tr(hint, "en", **fields), code=code, fields=fields,
        translations={lang: (tr(problem, lang, **fields), tr(hint, lang, **fields)) for lang in languages() if lang != "en"})
