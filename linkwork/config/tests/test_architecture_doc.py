"""docs/architecture.md's app table names every Linkwork package, so the map a newcomer reads is whole."""

import re
from pathlib import Path

from django.apps import apps

import linkwork

PACKAGE_ROOT = Path(linkwork.__file__).resolve().parent
ARCHITECTURE = PACKAGE_ROOT.parent / "docs" / "architecture.md"


def documented_apps() -> set[str]:
    table = ARCHITECTURE.read_text(encoding="utf-8").split("## Layout and direction of dependencies")[1]
    return set(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))


def test_every_installed_app_and_package_is_in_the_table():
    installed = {
        config.name.split(".")[1] for config in apps.get_app_configs() if config.name.startswith("linkwork.")
    }
    packages = {path.parent.name for path in PACKAGE_ROOT.glob("*/__init__.py")}

    assert installed <= packages
    assert sorted(packages - documented_apps()) == []


def test_the_table_names_no_package_that_does_not_exist():
    packages = {path.parent.name for path in PACKAGE_ROOT.glob("*/__init__.py")}

    assert sorted(documented_apps() - packages) == []
