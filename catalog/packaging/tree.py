"""Build every package of a disclosure tree: <root>/<agency>/agency.json and <root>/<agency>/sources/<category>/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from catalog.packaging.build import build_package


def source_folders(root: Path) -> Iterator[tuple[dict, str, Path, Path]]:
    """(agency, category, sources folder, package folder) for every category folder under the tree."""
    for agency_file in sorted(Path(root).glob("*/agency.json")):
        agency = json.loads(agency_file.read_text(encoding="utf-8"))
        for folder in sorted((agency_file.parent / "sources").iterdir()):
            if folder.is_dir():
                yield agency, folder.name, folder, agency_file.parent / folder.name


def build_tree(root: Path) -> list[Path]:
    """Build each agency's packages from the sources kept beside them; returns the datapackage.json paths."""
    built = []
    for agency, category, sources, out in source_folders(root):
        files = sorted(p for p in sources.iterdir() if p.is_file() and not p.name.startswith("."))
        built.append(build_package(files, category, out, agency=agency))
    return built
