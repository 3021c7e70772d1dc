"""The licences a dataset may name: CKAN's default list, plus the GD Catalog's label-text licences."""

from __future__ import annotations

# (id, title, url, open) as CKAN's default licence register has them
_CKAN = [
    ("notspecified", "License not specified", "", False),
    ("odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)",
     "http://www.opendefinition.org/licenses/odc-pddl", True),
    ("odc-odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl",
     True),
    ("odc-by", "Open Data Commons Attribution License", "http://www.opendefinition.org/licenses/odc-by", True),
    ("cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero", True),
    ("cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", True),
    ("cc-by-sa", "Creative Commons Attribution Share-Alike", "http://www.opendefinition.org/licenses/cc-by-sa", True),
    ("gfdl", "GNU Free Documentation License", "http://www.opendefinition.org/licenses/gfdl", True),
    ("other-open", "Other (Open)", "", True),
    ("other-pd", "Other (Public Domain)", "", True),
    ("other-at", "Other (Attribution)", "", True),
    ("uk-ogl", "UK Open Government Licence (OGL)", "http://reference.data.gov.uk/id/open-government-licence", True),
    ("cc-nc", "Creative Commons Non-Commercial (Any)", "http://creativecommons.org/licenses/by-nc/2.0/", False),
    ("other-nc", "Other (Non-Commercial)", "", False),
    ("other-closed", "Other (Not Open)", "", False),
]

# the GD Catalog stores the label text itself as license_id (typo included)
_GDC = [
    ("Open Data Common", "Open Data Common", "", True),
    ("Creative Commons Attributions", "Creative Commons Attributions", "https://creativecommons.org/licenses/by/4.0/",
     True),
    ("Creative Commons Attribution Non-Commercial", "Creative Commons Attribution Non-Commercial", "", False),
    ("Creative Commons Attribution Share-Alike", "Creative Commons Attribution Share-Alike", "", True),
    ("Creative Commons Attribution Non-Commercial Share-Alike", "Creative Commons Attribution Non-Commercial Share-Alike",
     "", False),
    ("Creative Commons Attribution Non-Commercial No-Derivs", "Creative Commons Attribution Non-Commercial No-Derivs",
     "", False),
    ("Creative Commons Attribution No-Derivs", "Creative Commons Attribution No-Derivs", "", False),
    ("อื่นๆ", "อื่นๆ", "", False),
]


def license_list() -> list[dict]:
    out = []
    for license_id, title, url, is_open in _CKAN + _GDC:
        out.append({"id": license_id, "title": title, "url": url, "status": "active", "maintainer": "",
                    "family": "", "domain_content": False, "domain_data": False, "domain_software": False,
                    "is_generic": not url, "is_okd_compliant": is_open, "is_osi_compliant": False,
                    "od_conformance": "approved" if is_open else "not reviewed",
                    "osd_conformance": "not reviewed"})
    return out


_BY_ID = {lic[0]: lic for lic in _CKAN + _GDC}


def license_facts(license_id: str | None) -> tuple[str | None, str | None, bool]:
    """(title, url, isopen) for a dataset's license_id; an unknown id is its own title, as in CKAN."""
    if not license_id:
        return None, None, False
    known = _BY_ID.get(license_id)
    if known is None:
        return license_id, None, False
    return known[1], known[2] or None, known[3]
