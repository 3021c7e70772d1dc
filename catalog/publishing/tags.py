"""Keywords a portal refuses as tags, kept another way instead of lost.

Stock CKAN's tag validator takes letters, digits, spaces, `-`, `_` and `.` only, 2 to 100 characters;
Thai vowel and tone marks (Unicode category Mn) are none of those, so `จัดซื้อจัดจ้าง` is refused. The GD
Catalog's `thai_gdc` plugin replaces that validator and takes them. Which kind of portal a target is
cannot be told from its dataset schema (a GD Catalog-like portal without the plugin's code refuses them
too), so the portal is asked: a package_create whose name is empty can never be saved, and its
ValidationError names every tag the portal refuses. Only keywords that stock CKAN's rule would refuse
are asked about, once per target.

A refused keyword is not sent as a tag; the whole keyword list travels as the extra `keywords` (JSON
text, read back by catalog.ckanmodel; the mapping is catalog.ckanmodel.tags), where the portal's search
still finds it, and the plan says so.
"""

from __future__ import annotations

import ckanapi
import requests

from catalog.ckanmodel.tags import EXTRA, keep_refused, stock_ckan_refuses
from catalog.publishing import failures
from catalog.publishing.targets import API_ERRORS, Target, TargetError

__all__ = ["EXTRA", "keep_refused", "refused_tags", "stock_ckan_refuses"]


def refused_tags(target: Target, tags: list[str], owner_org: str | None) -> list[str]:
    """The tags of `tags` that the target refuses, in their order."""
    unknown = [t for t in tags if stock_ckan_refuses(t) and t not in target.tag_verdicts]
    if unknown:
        refused = _ask(target, unknown, owner_org)
        target.tag_verdicts.update({t: t not in refused for t in unknown})
    return [t for t in tags if target.tag_verdicts.get(t) is False]


def _ask(target: Target, tags: list[str], owner_org: str | None) -> set[str]:
    probe = {"name": "", "tags": [{"name": t} for t in tags]}
    if owner_org:
        probe["owner_org"] = owner_org  # an editor may create datasets only in an organization
    try:
        target.ckan.action.package_create(**probe)
    except ckanapi.ValidationError as exc:
        said = str((getattr(exc, "error_dict", None) or {}).get("tags") or "")
        return {t for t in tags if f'"{t}"' in said}
    except (*API_ERRORS, ValueError, requests.RequestException) as exc:
        if failures.broke_off(exc):  # no answer is not an answer: taken for one, it would decide the tags
            en, th = failures.reason(exc)
            raise TargetError(f"{target.label}: asking which tags the catalog takes failed ({en}); publish again",
                              f"{target.label}: ถามแคตตาล็อกว่ารับแท็กใดไม่สำเร็จ ({th}) "
                              "กรุณาเผยแพร่อีกครั้ง") from None
        return set(tags)  # the portal will not say: assume stock CKAN's rule
    return set(tags)  # not reached: a dataset without a name is never saved
