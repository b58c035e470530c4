"""Scheme presets: the founding service models, kept as JSON data beside this file."""

import json
from pathlib import Path

PRESET_DIR = Path(__file__).resolve().parent / "presets"


def preset_names():
    return sorted(path.stem for path in PRESET_DIR.glob("*.json"))


def load_preset(name):
    path = PRESET_DIR / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"No scheme preset called {name!r}. Presets: {', '.join(preset_names())}.")
    return json.loads(path.read_text(encoding="utf-8"))
