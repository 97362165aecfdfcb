"""Finds, verifies and fetches the pinned MediaPipe model bundles listed in ``models/manifest.toml``.

Resolution order: an explicit path, then ``$POSECHECK_MODEL_DIR``, then this checkout's ``models/``,
then the per-user cache. A file is used only when its SHA-256 matches the manifest, checked before
every load: a truncated download or a different model would silently change the counts (MediaPipe
issue #1765 is a counter that drifted after a model update).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from posecheck.data_files import data_dir
from posecheck.errors import ModelError

__all__ = ["ModelInfo", "ResolvedModel", "load_manifest", "candidate_dirs", "resolve_model", "fetch_model",
           "sha256_of", "user_cache_dir"]

MANIFEST = data_dir("models") / "manifest.toml"


@dataclass(frozen=True)
class ModelInfo:
    variant: str
    file: str
    sha256: str
    size_bytes: int
    url: str
    license: str
    description: str


@dataclass(frozen=True)
class ResolvedModel:
    info: ModelInfo
    path: Path

    @property
    def variant(self) -> str:
        return self.info.variant

    @property
    def sha256(self) -> str:
        return self.info.sha256


def load_manifest(path: Path = MANIFEST) -> dict[str, ModelInfo]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ModelError(f"cannot read the model manifest {path}: {e}", "Restore models/manifest.toml from the repository") from None
    return {name: ModelInfo(variant=name, **v) for name, v in data["variants"].items()}


def user_cache_dir() -> Path:
    try:
        from platformdirs import user_cache_dir as _ucd
        return Path(_ucd("posecheck")) / "models"
    except ImportError:  # platformdirs is a declared dependency; this keeps the core usable without it
        return Path.home() / ".cache" / "posecheck" / "models"


def candidate_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("POSECHECK_MODEL_DIR"):
        dirs.append(Path(os.environ["POSECHECK_MODEL_DIR"]))
    dirs += [MANIFEST.parent, user_cache_dir()]
    return dirs


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _verified(info: ModelInfo, path: Path) -> ResolvedModel:
    digest = sha256_of(path)
    if digest != info.sha256:
        raise ModelError(
            f"model file {path} has SHA-256 {digest[:12]}…, expected {info.sha256[:12]}… for the {info.variant} model",
            f"Delete it and run `posecheck models fetch {info.variant}`, or put Google's original "
            f"{info.file} there",
        )
    return ResolvedModel(info, path)


def resolve_model(variant: str = "full", explicit_path: str | Path | None = None,
                  download: bool = True) -> ResolvedModel:
    """A verified model file for ``variant``; downloads into the cache if it is nowhere on disk."""
    manifest = load_manifest()
    if variant not in manifest:
        raise ModelError(f"unknown model variant {variant!r}", f"Use one of: {', '.join(manifest)}")
    info = manifest[variant]
    if explicit_path is not None:
        p = Path(explicit_path)
        if not p.is_file():
            raise ModelError(f"model file {p} not found", "Check the path, or leave --model-path out to use the pinned models")
        return _verified(info, p)
    for d in candidate_dirs():
        p = d / info.file
        if p.is_file():
            return _verified(info, p)
    if not download:
        raise _missing(info)
    return fetch_model(variant)


def _missing(info: ModelInfo) -> ModelError:
    return ModelError(
        f"the {info.variant} pose model ({info.file}) is not on this computer and could not be downloaded",
        f"Download it from {info.url} and put it in {user_cache_dir()} (or in a folder named by POSECHECK_MODEL_DIR)",
    )


def fetch_model(variant: str, dest_dir: Path | None = None, progress=None) -> ResolvedModel:
    """Download one variant into the cache, verify it, then move it into place (never half a file)."""
    info = load_manifest()[variant]
    dest_dir = dest_dir or user_cache_dir()
    dest = dest_dir / info.file
    if dest.is_file():
        return _verified(info, dest)
    dest_dir.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    progress = progress or _stderr_progress
    try:
        with urllib.request.urlopen(info.url, timeout=30) as resp, open(tmp, "wb") as out:
            total = int(resp.headers.get("Content-Length") or info.size_bytes)
            done = 0
            for chunk in iter(lambda: resp.read(1 << 16), b""):
                out.write(chunk)
                done += len(chunk)
                progress(done, total)
    except (urllib.error.URLError, OSError, TimeoutError) as e:
        tmp.unlink(missing_ok=True)
        raise ModelError(f"{_missing(info).problem} ({e})", _missing(info).hint) from None
    try:
        resolved = _verified(info, tmp)
    except ModelError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(dest)
    return ResolvedModel(resolved.info, dest)


def _stderr_progress(done: int, total: int) -> None:
    width = 30
    frac = min(done / total, 1.0) if total else 0.0
    sys.stderr.write(f"\rdownloading model [{'#' * int(frac * width):<{width}}] {frac:5.1%}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
