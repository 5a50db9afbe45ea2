"""Where Relais finds its bundled files and keeps its state."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository (or installed source) root: the folder holding config/.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "config"
DEFAULT_CONFIG_FILE = CONFIG_DIR / "relais.toml"


def config_file() -> Path:
    """The TOML defaults file; RELAIS_CONFIG points elsewhere."""
    return Path(os.environ.get("RELAIS_CONFIG") or DEFAULT_CONFIG_FILE)
