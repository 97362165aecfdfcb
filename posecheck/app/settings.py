"""The app's settings, stored as a small TOML file in the per-user config folder. Plain Python: no Qt.

Where: ``$POSECHECK_CONFIG_DIR`` or platformdirs' user config dir (``~/.config/posecheck`` on Linux).
Sessions go to ``storage_dir``: by default ``$POSECHECK_DATA_DIR/sessions`` or platformdirs' user
data dir. The language defaults to Dutch when the system locale is Dutch, else English.
"""

from __future__ import annotations

import locale
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from posecheck.i18n import languages

__all__ = ["SETTINGS_SCHEMA_VERSION", "Settings", "config_dir", "default_storage_dir", "system_language"]

SETTINGS_SCHEMA_VERSION = 1
SETTINGS_FILE = "settings.toml"
MAX_POSE_WORKERS_SETTING = 8  # what the dialog offers; the pose stage keeps it within the cores


def config_dir() -> Path:
    env = os.environ.get("POSECHECK_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir("posecheck"))


def default_storage_dir() -> Path:
    env = os.environ.get("POSECHECK_DATA_DIR")
    base = Path(env) if env else Path(platformdirs.user_data_dir("posecheck"))
    return base / "sessions"


def system_language() -> str:
    """The system locale's language when posecheck speaks it (``nl`` for Dutch or Flemish), else ``en``."""
    names = [os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    try:
        names.append(locale.getlocale()[0] or "")
    except ValueError:
        pass
    for n in names:
        if n:
            code = n.lower()[:2]
            return code if code in languages() else "en"
    return "en"


@dataclass
class Settings:
    language: str = ""  # a language of posecheck.i18n.languages() ("nl", "en"); empty = from the system
    camera_index: int = 0
    model_variant: str = "full"  # lite | full | heavy
    pose_workers: int = 0  # pose model instances on alternate frames; 0 = one per core, at most 4
    mirror: bool = True  # show the camera like a mirror (files are never mirrored)
    cue_volume: float = 0.8  # 0..1
    muted: bool = False
    storage_dir: str = ""  # empty = default_storage_dir()
    safety_confirmed: bool = False  # the first-run red-flag check was answered "none apply"
    programme: str = ""  # the routine (routines/*.toml) the person follows; its "avoid" list is asked about
    schema_version: int = SETTINGS_SCHEMA_VERSION

    def __post_init__(self):
        if self.language not in languages():
            self.language = system_language()
        if self.model_variant not in ("lite", "full", "heavy"):
            self.model_variant = "full"
        self.cue_volume = min(1.0, max(0.0, float(self.cue_volume)))
        self.pose_workers = min(MAX_POSE_WORKERS_SETTING, max(0, int(self.pose_workers)))

    @property
    def storage_path(self) -> Path:
        return Path(self.storage_dir) if self.storage_dir else default_storage_dir()

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = (folder or config_dir()) / SETTINGS_FILE
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        try:
            return cls(**kwargs)
        except (TypeError, ValueError):
            return cls()

    def save(self, folder: Path | None = None) -> Path:
        folder = folder or config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["# posecheck settings (written by the app; safe to edit while it is closed)"]
        for k, v in asdict(self).items():
            if isinstance(v, bool):
                lines.append(f"{k} = {'true' if v else 'false'}")
            elif isinstance(v, (int, float)):
                lines.append(f"{k} = {v}")
            else:
                lines.append(f"{k} = {_toml_str(str(v))}")
        path = folder / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
