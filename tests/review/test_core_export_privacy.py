"""The archive a patient sends carries no paths from their computer: those name the home folder, and so
often the patient (issue 14, item 3)."""

from __future__ import annotations

import json
import re
import zipfile

from posecheck.review.archive import export_session_archive, import_session
from posecheck.review.model import load_review

HOME = "/home/anna.de.vries"
# An absolute POSIX or Windows path, or one in a home folder: what must not leave the computer.
ABSOLUTE = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\)")


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_the_exported_meta_json_holds_no_local_path_and_not_the_home_folder(bridge_session, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", HOME)
    folder, _ = bridge_session
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["exercise_file"] = f"{HOME}/posecheck/exercises/glute_bridge.toml"
    meta["source"] = {"spec": f"{HOME}/Videos/oefening maandag.mp4", "is_live": False, "fps": 30.0, "size": [640, 480]}
    meta["settings"] = {"language": "nl", "storage_dir": f"{HOME}/.local/share/posecheck/sessions", "mirror": True}
    meta["subtitle_file"] = "C:\\Users\\anna.de.vries\\Documents\\notes.srt"  # a key a later version might add
    meta["note"] = f"recorded from {HOME}/Videos"
    local = json.dumps(meta, indent=2)
    (folder / "meta.json").write_text(local, encoding="utf-8")

    out = export_session_archive(folder, tmp_path / "for_physio.zip")

    with zipfile.ZipFile(out) as zf:
        raw = zf.read(f"{folder.name}/meta.json").decode("utf-8")
    assert "anna" not in raw and HOME not in raw
    sent = json.loads(raw)
    assert [s for s in _strings(sent) if ABSOLUTE.match(s)] == []
    # What the physiotherapist can use stays: the clip's and the definition's names, the settings.
    assert sent["source"]["spec"] == "oefening maandag.mp4" and sent["exercise_file"] == "glute_bridge.toml"
    assert sent["subtitle_file"] == "notes.srt" and sent["note"] == "recorded from ~/Videos"
    assert sent["settings"] == {"language": "nl", "mirror": True}
    assert sent["exercise_definition_toml"] == meta["exercise_definition_toml"]
    # The patient's own copy is untouched, and the physiotherapist's import opens as before.
    assert (folder / "meta.json").read_text(encoding="utf-8") == local
    dest = import_session(out, tmp_path / "clinic")
    assert len(load_review(dest).reps) == 5
