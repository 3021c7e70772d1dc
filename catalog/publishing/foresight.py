"""What the target would refuse, said in the plan before anything is written.

A dry run that promises "create 1.0.0" must not be followed by a publish that fails on its first write.
Before planning any write, the publisher asks the catalog what CKAN's validators would ask: does the
package name an organization, is its name one CKAN takes, is the name already used by another agency's
dataset, and on a GD Catalog portal (whose plugin makes titles unique) is the title already used.
"""

from __future__ import annotations

import re

import requests

from catalog.publishing import failures
from catalog.publishing.plans import Plan
from catalog.publishing.targets import API_ERRORS, Target, unique_titles

NAME = re.compile(r"^[a-z0-9_-]+$")
NAME_LIMIT = {"ckan": 100, "gdc": 70}  # the GD Catalog plugin allows 70 characters


def foresee(target: Target, plan: Plan) -> None:
    """Add to `plan.problems` what the target would refuse of this publish."""
    checks = (_owner, _name, _name_in_use, _title_in_use)
    for check in checks:
        problem = check(target, plan)
        if problem:
            plan.problems.append(problem)


def _owner(target: Target, plan: Plan) -> tuple[str, str] | None:
    # the GD Catalog schema requires an organization; stock CKAN does as configured (its refusal is translated)
    if plan.organization or target.dataset_schema != "gdc":
        return None
    return ("the package names no agency (owner_org), and the catalog keeps every dataset under its agency: "
            "build the package again with --agency agency.json",
            "แพ็กเกจไม่ได้ระบุหน่วยงานเจ้าของ (owner_org) แต่แคตตาล็อกเก็บทุกชุดข้อมูลไว้ใต้หน่วยงาน: "
            "สร้างแพ็กเกจใหม่ด้วย --agency agency.json")


def _name(target: Target, plan: Plan) -> tuple[str, str] | None:
    name, limit = plan.name, NAME_LIMIT.get(target.dataset_schema, 100)
    if NAME.match(name) and 2 <= len(name) <= limit:
        return None
    return (f"the package name '{name}' is not one the catalog takes: 2 to {limit} lowercase letters a-z, digits, "
            "'-' or '_'; build it again with --name",
            f"ชื่อแพ็กเกจ '{name}' ใช้ในแคตตาล็อกไม่ได้: ต้องเป็นอักษร a-z ตัวเล็ก ตัวเลข '-' หรือ '_' "
            f"ยาว 2 ถึง {limit} ตัว กรุณาสร้างใหม่ด้วย --name")


def _organization_of(dataset: dict) -> str | None:
    return (dataset.get("organization") or {}).get("name") or dataset.get("owner_org")


def _name_in_use(target: Target, plan: Plan) -> tuple[str, str] | None:
    if plan.remote is None or not plan.organization:
        return None
    owner = _organization_of(plan.remote)
    organization_id = (plan.remote.get("organization") or {}).get("id")
    if owner in (None, plan.organization) or organization_id == plan.organization:
        return None
    return (f"the name {plan.name} is already used by a dataset of {owner}; give this package another name "
            "(catalog build --name)",
            f"ชื่อ {plan.name} ถูกใช้แล้วโดยชุดข้อมูลของหน่วยงาน {owner} กรุณาตั้งชื่อแพ็กเกจใหม่ (catalog build --name)")


def _title_in_use(target: Target, plan: Plan) -> tuple[str, str] | None:
    title = plan.dataset.get("title")
    if not title or (plan.remote is not None and "title" not in plan.fields) or not unique_titles(target):
        return None  # a dataset keeps its own title: only a new one, or a new title, can collide
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    try:
        found = target.ckan.action.package_search(q=f'title:"{escaped}"', rows=50, include_private=True,
                                                  fl="name,title")
    except (*API_ERRORS, requests.RequestException) as exc:
        if failures.broke_off(exc):
            raise  # no answer is not "no such title": publishing again asks again
        return None  # a catalog whose search cannot say: its own refusal is translated if it comes
    others = [d.get("name") for d in found.get("results") or []
              if d.get("title") == title and d.get("name") != plan.name]
    if not others:
        return None
    return (f"another dataset ({others[0]}) already has the title '{title}', and this catalog keeps titles unique: "
            "give the package a title of its own (catalog build --title, or the title in datapackage.json)",
            f"ชุดข้อมูลอื่น ({others[0]}) ใช้ชื่อเรื่อง '{title}' แล้ว และแคตตาล็อกนี้ไม่ให้ชื่อเรื่องซ้ำกัน: "
            "กรุณาตั้งชื่อเรื่องของแพ็กเกจใหม่ (catalog build --title หรือแก้ title ใน datapackage.json)")
