"""`pip install posecheck` is the command line without Qt; `posecheck[app]` adds the desktop app.

The analysis runs here with PyQt6 and pyqtgraph made unimportable (as in a venv without the app
extra, which is also checked by hand: README, "Install"), and the app commands say what to install."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"

# Runs posecheck's CLI in a fresh interpreter in which Qt cannot be imported.
_WITHOUT_QT = """
import sys
class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PyQt6", "pyqtgraph"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, _NoQt())
from posecheck.cli import main
code = main(sys.argv[1:])
assert not [m for m in sys.modules if m.split(".")[0] in ("PyQt6", "pyqtgraph")]
sys.exit(code)
"""


def _cli_without_qt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _WITHOUT_QT, *args], capture_output=True, text=True, cwd=ROOT)


def test_the_core_install_leaves_qt_to_the_app_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"])
    assert "PyQt6" not in core and "pyqtgraph" not in core and "mediapipe" in core
    assert any(d.startswith("PyQt6") for d in project["optional-dependencies"]["app"])
    assert project["gui-scripts"]["posecheck-app"] == "posecheck.app.application:main"
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    shipped = {folder: files for folder, files in setuptools["data-files"].items()}
    assert shipped["share/posecheck/exercises"] == ["exercises/*.toml"]  # what posecheck/data_files.py reads
    assert "locale/*/LC_MESSAGES/*.po" in setuptools["package-data"]["posecheck"]


def test_the_catalogue_lists_without_qt():
    out = _cli_without_qt("exercises")
    assert out.returncode == 0, out.stderr
    assert "glute_bridge" in out.stdout


@pytest.mark.needs_model
def test_analyze_runs_without_qt(tmp_path):
    out = _cli_without_qt("analyze", str(FIX / "glute_bridge__clean__side__a.mp4"), "-e", "glute_bridge",
                          "--model", "lite", "--json", str(tmp_path / "r.json"))
    assert out.returncode == 0, out.stderr
    assert "reps: 5" in out.stdout and (tmp_path / "r.json").is_file()


@pytest.mark.parametrize("command", [[], ["review"]])
def test_the_app_without_qt_says_what_to_install(command):
    out = _cli_without_qt(*command)
    assert out.returncode == 2
    assert 'pip install "posecheck[app]"' in out.stderr and "Traceback" not in out.stderr
