"""SessionRecording: the session folders of one live session (one per exercise of a routine).

Plain Python (no widgets): it names the folder, builds ``meta.json``, owns the current
:class:`SessionRecorder` and writes the SQLite index row when a folder is closed. The presenter
decides when to open and close; this class decides what goes on disk.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

from posecheck import __version__
from posecheck.app.recorder import SessionRecorder
from posecheck.app.settings import Settings
from posecheck.exercises.schema import ExerciseDef
from posecheck.session.index import SessionIndex
from posecheck.session.store import session_folder_name

__all__ = ["SessionRecording", "session_meta"]


def session_meta(ex: ExerciseDef, plan: list[str], source_spec, source_info: dict, lang: str,
                 settings: Settings) -> dict:
    """What ``meta.json`` says about a session: exercise definition, model, app version, source, settings."""
    definition = ""
    if ex.source_path and Path(ex.source_path).is_file():
        definition = Path(ex.source_path).read_text(encoding="utf-8")
    info = source_info
    return {
        "exercise_id": ex.id, "exercise_file": ex.source_path, "exercise_definition_toml": definition,
        "prescription": asdict(ex.prescription), "routine": list(plan) if len(plan) > 1 else [],
        "model": {"variant": info.get("model_variant", ""), "sha256": info.get("model_sha256", "")},
        "app_version": __version__, "language": lang,
        "source": {"spec": str(source_spec), "is_live": info.get("is_live"), "fps": info.get("fps"),
                   "size": list(info.get("size", ()))},
        "settings": asdict(settings),
    }


class SessionRecording:
    def __init__(self, settings: Settings, enabled: bool = True):
        self.settings, self.enabled = settings, enabled
        self.recorder: SessionRecorder | None = None
        self.folders: list[str] = []
        self.problem = ""  # why recording could not start (shown instead of the folder)
        self._error_reported = False

    @property
    def sink(self):
        return self.recorder.submit_frame if self.recorder is not None else None

    @property
    def last_folder(self) -> str:
        return self.folders[-1] if self.folders else ""

    def reset(self) -> None:
        self.folders, self.problem = [], ""

    def open(self, exercise_id: str, meta: dict, fps: float, live: bool) -> SessionRecorder | None:
        """A new folder in the library (safe to call from the worker thread: no widgets)."""
        if not self.enabled:
            return None
        library = self.settings.storage_path
        base = session_folder_name(time.time(), exercise_id)
        folder, n = library / base, 1
        while folder.exists():
            n += 1
            folder = library / f"{base}-{n}"
        try:
            self.recorder = SessionRecorder(folder, meta, fps or 30.0, live)
        except Exception as e:  # noqa: BLE001 (RecordingError, an unwritable folder: coach without recording)
            self.recorder, self.problem = None, str(e)
            return None
        self.folders.append(str(folder))
        self.problem, self._error_reported = "", False
        self._index(folder)  # listed (as unfinished) from the start: a crash later still leaves its row
        return self.recorder

    def add_event(self, event: dict) -> None:
        if self.recorder is not None:
            self.recorder.add_event(event)

    def add_engine_events(self, events: list, set_tag) -> None:
        if self.recorder is not None and events:
            self.recorder.add_engine_events(events, set_tag)

    def new_error(self) -> str | None:
        """The recorder's write error, once (disk full…); None otherwise."""
        r = self.recorder
        if r is not None and r.error and not self._error_reported:
            self._error_reported = True
            return r.error
        return None

    def new_loss(self) -> int:
        """Frames a stalled disk made the recorder leave out, when that grew (0: no news)."""
        return self.recorder.new_loss() if self.recorder is not None else 0

    def close(self, **final_meta) -> str:
        """Finish the current folder and index it; returns a problem with the index ("" when fine)."""
        rec, self.recorder = self.recorder, None
        if rec is None:
            return ""
        rec.close(**final_meta)
        return self._index(rec.folder)

    def _index(self, folder: Path) -> str:
        try:
            idx = SessionIndex(self.settings.storage_path)
            try:
                idx.update(folder)
            finally:
                idx.close()
        except Exception as e:  # noqa: BLE001 (the folder is the truth; the index can be rebuilt)
            return f"index: {e}"
        return ""
