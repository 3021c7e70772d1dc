"""Write the sample source files of the Phuket disclosure tree (deterministic: same code, same bytes).

    python datapackages/make_sample_sources.py      # rewrites datapackages/<agency>/agency.json and sources/
    catalog build-all datapackages                  # builds every package from those sources

The content is SAMPLE content: real agency and place names, invented people, projects, prices and codes.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sample_sources.agencies import AGENCIES  # noqa: E402

CATEGORIES = ["agency", "executives", "staff_roster", "policy_strategy", "action_plan", "plan_progress",
              "procurement_plan", "procurement_monthly", "egp_contract", "manuals_standards", "service_standards",
              "service_statistics", "satisfaction_surveys"]


def main(root: Path = HERE, only: list[str] | None = None) -> None:
    for ag in AGENCIES:
        agency_dir = root / ag.slug
        agency_dir.mkdir(parents=True, exist_ok=True)
        (agency_dir / "agency.json").write_text(json.dumps(ag.agency_json(), ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
        for category in only or CATEGORIES:
            module = importlib.import_module(f"sample_sources.{category}")
            folder = agency_dir / "sources" / category
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            module.write(ag, folder)
            print(f"{ag.slug}/sources/{category}: {', '.join(sorted(p.name for p in folder.iterdir()))}")


if __name__ == "__main__":
    main(only=sys.argv[1:] or None)
