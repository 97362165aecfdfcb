"""Where posecheck's data files are: the exercise and routine files and the model pins. Plain Python.

They live at the top of a checkout (``exercises/``, ``routines/``, ``models/``: data that
physiotherapists edit and review), which is what a checkout or an editable install reads; a wheel
installs the same files into ``<prefix>/share/posecheck/`` (``[tool.setuptools.data-files]`` in
pyproject.toml).
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["data_dir"]


def data_dir(name: str) -> Path:
    """The folder ``name`` (``exercises``, ``routines`` or ``models``) of this posecheck."""
    checkout = Path(__file__).resolve().parents[1] / name
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "posecheck" / name
