"""A catalog's refusal of a write (ckanapi.ValidationError), said in English and in Thai for the officer.

CKAN answers a refused write with a dict of field errors in English, e.g. `{"title": ["That title is
already in use."], "resources": [{}, {"url": ["Missing value"]}]}`. `explain_refusal` turns it into one
line in each language: for each field, its label (the GD Catalog's Thai label in the Thai text), what the
catalog said, translated, and what to change in the package to be accepted.

The messages known are those of CKAN 2.12 (ckan/logic/validators.py, ckan/lib/navl/validators.py,
ckan/logic/converters.py, ckan/logic/action/*.py, ckan/lib/uploader.py), ckanext-scheming
(validation.py), the GD Catalog plugin thai_gdc (validation.py: its tag, name and title validators) and
the embedded catalog (catalog/server). A message that embeds a value (a tag, a field name, a number) is
matched by a regular expression and its value carried into both texts. A message not known here is still
shown, quoted as the catalog's own words, inside a Thai frame.

Only the standard library and catalog.disclosure.gdc (the GD Catalog's choice lists) are imported: this
runs when a publish has already failed, and must not fail itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from catalog.disclosure import gdc

# ------------------------------------------------------------------------------------------ labels ---
# (English, Thai) labels. GD Catalog fields: the labels of the thai_gdc schema (plugin v2.2.4,
# scripts/realckan-gdc/opal_thai_gdc_ckan_dataset.json), except where the schema's Thai label is English
# ("URL", "Description", "License", "GD-Catalog", "CDP"): officers read Thai.
_GDC_DATASET_LABELS: dict[str, tuple[str, str]] = {
    "data_type": ("Data Type", "ประเภทชุดข้อมูล"),
    "allow_harvest": ("Allow for harvest to GD-Catalog", "ยินยอมให้นำชื่อชุดข้อมูลไปใช้ที่บัญชีข้อมูลภาครัฐ"),
    "reference_url_catalog": ("Reference URL Catalog", "ลิงก์อ้างอิงบัญชีข้อมูล"),
    "objective": ("Objective", "วัตถุประสงค์"),
    "update_frequency_unit": ("Update Frequency Unit", "หน่วยความถี่ของการปรับปรุงข้อมูล"),
    "update_frequency_interval": ("Update Frequency Interval", "ค่าความถี่ของการปรับปรุงข้อมูล (ความถี่น้อยที่สุด)"),
    "geo_coverage": ("Geo Coverage", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"),
    "data_source": ("Data Source", "แหล่งที่มา"),
    "data_format": ("Data Format", "รูปแบบการเก็บข้อมูล"),
    "data_category": ("Data Category", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ"),
    "data_classification": ("Data Classification", "ระดับชั้นข้อมูล"),
    "accessible_condition": ("Accessible Condition", "เงื่อนไขในการเข้าถึงข้อมูล"),
    "data_support": ("Data Support", "ผู้สนับสนุนหรือผู้ร่วมดำเนินการ"),
    "data_collect": ("Data Collect", "หน่วยที่ย่อยที่สุดของการจัดเก็บข้อมูล"),
    "data_language": ("Data Language", "ภาษาที่ใช้"),
    "created_date": ("Created date", "วันที่เริ่มต้นสร้าง"),
    "last_updated_date": ("Last updated date", "วันที่ปรับปรุงข้อมูลล่าสุด"),
    "data_release_calendar": ("Data release calendar", "วันที่กำหนดเผยแพร่ข้อมูล"),
    "first_year_of_data": ("First year of data (Statistical data)", "ปีข้อมูลที่เริ่มต้นจัดทำ (สำหรับชุดข้อมูลสถิติ)"),
    "last_year_of_data": ("Last year of data (Statistical data)", "ปีข้อมูลล่าสุดที่เผยแพร่ (สำหรับชุดข้อมูลสถิติ)"),
    "disaggregate": ("Disaggregate (Statistical data)", "การจัดจำแนก (สำหรับชุดข้อมูลสถิติ)"),
    "unit_of_measure": ("Unit of measure (Statistical data)", "หน่วยวัด (สำหรับชุดข้อมูลสถิติ)"),
    "unit_of_multiplier": ("Unit of multiplier (Statistical data)", "หน่วยตัวคูณ (สำหรับชุดข้อมูลสถิติ)"),
    "calculation_method": ("Calculation method (Statistical data)", "วิธีการคำนวณ (สำหรับชุดข้อมูลสถิติ)"),
    "standard": ("Standard (Statistical data)", "มาตรฐานการจัดทำข้อมูล (สำหรับชุดข้อมูลสถิติ)"),
    "geographic_data_set": ("Geographic dataset (Geoinformatics data)",
                            "ชุดข้อมูลภูมิศาสตร์ (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "equivalent_scale": ("Equivalent scale (Geoinformatics data)", "มาตราส่วน (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "west_bound_longitude": ("West bound longitude (Geoinformatics data)",
                             "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันตก (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "east_bound_longitude": ("East bound longitude (Geoinformatics data)",
                             "ค่าพิกัดกรอบพื้นที่ด้านทิศตะวันออก (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "north_bound_longitude": ("North bound longitude (Geoinformatics data)",
                              "ค่าพิกัดกรอบพื้นที่ด้านทิศเหนือ (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "south_bound_longitude": ("South bound longitude (Geoinformatics data)",
                              "ค่าพิกัดกรอบพื้นที่ด้านทิศใต้ (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "positional_accuracy": ("Positional accuracy (Geoinformatics data)",
                            "ความถูกต้องของตำแหน่ง (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "reference_period": ("Reference period (Geoinformatics data)", "เวลาอ้างอิง (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "data_release_date": ("Data release date (Geoinformatics data)",
                          "วันที่เผยแพร่ข้อมูล (สำหรับชุดข้อมูลภูมิศาสตร์สารสนเทศ)"),
    "high_value_dataset": ("High Value Dataset", "ชุดข้อมูลที่มีคุณค่าสูง"),
    "reference_data": ("Reference Data", "ข้อมูลอ้างอิง"),
    "official_statistics": ("Official Statistics", "สถิติทางการ"),
}

_GDC_RESOURCE_LABELS: dict[str, tuple[str, str]] = {
    "resource_accessible_condition": ("Accessible Condition", "เงื่อนไขในการเข้าถึงข้อมูล"),
    "resource_data_collect": ("Data Collect", "หน่วยที่ย่อยที่สุดของการจัดเก็บข้อมูล"),
    "resource_cdp": ("CDP", "หน่วยงานต้องการส่งข้อมูลไปยังแพลตฟอร์มข้อมูลเมืองหรือไม่"),
    "resource_first_year_of_data": ("First year of data", "ปีข้อมูลที่เริ่มต้นจัดทำ"),
    "resource_last_year_of_data": ("Last year of data", "ปีข้อมูลล่าสุดที่เผยแพร่"),
    "resource_disaggregate": ("Disaggregate", "การจัดจำแนก"),
    "resource_unit_of_measure": ("Unit of measure", "หน่วยวัด"),
    "resource_unit_of_multiplier": ("Unit of multiplier", "หน่วยตัวคูณ"),
    "resource_geographic_data_set": ("Geographic dataset", "ชุดข้อมูลภูมิศาสตร์"),
    "resource_equivalent_scale": ("Equivalent scale", "มาตราส่วน"),
    "resource_positional_accuracy": ("Positional accuracy", "ความถูกต้องของตำแหน่ง"),
    "resource_created_date": ("Created date", "วันที่เริ่มต้นสร้าง"),
    "resource_last_updated_date": ("Last updated date", "วันที่ปรับปรุงข้อมูลล่าสุด"),
    "resource_data_release_calendar": ("Data release calendar", "วันที่กำหนดเผยแพร่ข้อมูล"),
    "resource_official_statistics": ("Official Statistics", "สถิติทางการ"),
    "resource_data_release_date": ("Data release date", "วันที่เผยแพร่ข้อมูล"),
}

_CKAN_DATASET_LABELS: dict[str, tuple[str, str]] = {
    "id": ("dataset id", "รหัสชุดข้อมูล"),
    "name": ("URL name", "ชื่อสำหรับลิงก์ของชุดข้อมูล"),
    "title": ("Dataset Name", "ชื่อชุดข้อมูล"),
    "notes": ("Description", "คำอธิบายชุดข้อมูล"),
    "owner_org": ("Organization", "หน่วยงานเจ้าของชุดข้อมูล"),
    "tags": ("Tags", "คำสำคัญ"),
    "tag_string": ("Tags", "คำสำคัญ"),
    "url": ("Source URL", "ลิงก์หน้าเว็บของชุดข้อมูล"),
    "version": ("Version", "รุ่นของชุดข้อมูล"),
    "license_id": ("License", "สัญญาอนุญาตการใช้ข้อมูล"),
    "maintainer": ("Contact Person", "ชื่อฝ่ายงานสำหรับติดต่อ"),
    "maintainer_email": ("Contact Email", "อีเมลสำหรับติดต่อ"),
    "author": ("Author", "ผู้จัดทำ"),
    "author_email": ("Author Email", "อีเมลผู้จัดทำ"),
    "extras": ("extra fields", "ข้อมูลเพิ่มเติม"),
    "extras_validation": ("extra fields", "ข้อมูลเพิ่มเติม"),
    "resources": ("resources", "ทรัพยากร"),
    "groups": ("groups", "กลุ่ม"),
    "type": ("dataset type", "ประเภทรายการในแคตตาล็อก"),
    "private": ("visibility", "การเปิดเผย (สาธารณะหรือส่วนตัว)"),
    "state": ("state", "สถานะ"),
    "plugin_data": ("plugin data", "ข้อมูลของส่วนเสริม"),
    "metadata_modified": ("last modified", "เวลาที่แก้ไขล่าสุด"),
    "__junk": ("unknown fields", "ช่องที่แคตตาล็อกไม่รู้จัก"),
    "package_id": ("dataset of the resource", "ชุดข้อมูลของทรัพยากร"),
    "match": ("dataset to change", "ชุดข้อมูลที่จะแก้ไข"),
    "match__id": ("dataset to change", "ชุดข้อมูลที่จะแก้ไข"),
    "update": ("the change", "ส่วนที่แก้ไข"),
    "upload": ("uploaded file", "ไฟล์ที่อัปโหลด"),
}

_CKAN_RESOURCE_LABELS: dict[str, tuple[str, str]] = {
    "id": ("resource id", "รหัสทรัพยากร"),
    "package_id": ("dataset of the resource", "ชุดข้อมูลของทรัพยากร"),
    "url": ("URL or file", "ลิงก์หรือไฟล์ของทรัพยากร"),
    "upload": ("uploaded file", "ไฟล์ที่อัปโหลด"),
    "name": ("resource name", "ชื่อทรัพยากร"),
    "format": ("format", "รูปแบบไฟล์"),
    "description": ("resource description", "คำอธิบายทรัพยากร"),
    "hash": ("hash", "ค่าแฮชของไฟล์"),
    "size": ("size", "ขนาดไฟล์"),
    "mimetype": ("media type", "ชนิดของไฟล์"),
    "mimetype_inner": ("inner media type", "ชนิดของไฟล์ภายใน"),
    "resource_type": ("resource type", "ประเภททรัพยากร"),
    "url_type": ("URL type", "ชนิดของลิงก์"),
    "created": ("created", "วันที่สร้าง"),
    "last_modified": ("last modified", "วันที่แก้ไขล่าสุด"),
    "cache_last_updated": ("cache last updated", "วันที่ปรับปรุงสำเนาล่าสุด"),
    "cache_url": ("cache URL", "ลิงก์สำเนา"),
    "position": ("position", "ลำดับ"),
}

_ORGANIZATION_LABELS: dict[str, tuple[str, str]] = {
    "id": ("organization id", "รหัสหน่วยงาน"),
    "name": ("URL name", "ชื่อสำหรับลิงก์ของหน่วยงาน"),
    "title": ("title", "ชื่อหน่วยงาน"),
    "description": ("description", "คำอธิบายหน่วยงาน"),
    "image_url": ("image", "รูปสัญลักษณ์ของหน่วยงาน"),
    "extras": ("extra fields", "ข้อมูลเพิ่มเติม"),
    "users": ("members", "สมาชิก"),
    "packages": ("datasets", "ชุดข้อมูล"),
    "groups": ("parent groups", "กลุ่มแม่"),
    "type": ("type", "ประเภท"),
    "role": ("role", "บทบาท"),
    "username": ("user", "ผู้ใช้"),
}

_EXTRA_LABELS = {"key": ("extra key", "ชื่อข้อมูลเพิ่มเติม"), "value": ("extra value", "ค่าข้อมูลเพิ่มเติม")}
_GROUP_LABELS = {"name": ("group", "กลุ่ม"), "id": ("group", "กลุ่ม")}
_TAG_LABELS = {"tags": ("Tags", "คำสำคัญ"), "vocabulary_id": ("tag vocabulary", "ชุดคำศัพท์ของคำสำคัญ")}


def _with_other_fields(labels: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The labels, and one for each `<field>_other`: the text asked for when `อื่นๆ` is chosen."""
    out = dict(labels)
    for name, (en, th) in labels.items():
        if name in gdc.DATASET_CHOICES or name in gdc.RESOURCE_CHOICES:
            out.setdefault(f"{name}_other", (f"{en}, other (specify)", f"{th} (อื่นๆ โปรดระบุ)"))
    return out


_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "dataset": _with_other_fields({**_GDC_DATASET_LABELS, **_CKAN_DATASET_LABELS}),
    "resource": _with_other_fields({**_GDC_RESOURCE_LABELS, **_CKAN_RESOURCE_LABELS}),
    "organization": _ORGANIZATION_LABELS,
    "extra": _EXTRA_LABELS,
    "group": _GROUP_LABELS,
    "tag": _TAG_LABELS,
}

# ----------------------------------------------------------------- where a value comes from ---
# What the officer edits to change a field: named in the "what to do" of each refusal.
_DATASET_SOURCES: dict[str, tuple[str, str]] = {
    "name": ('catalog build --name, or "name" in datapackage.json',
             'catalog build --name หรือ "name" ใน datapackage.json'),
    "title": ('catalog build --title, or "title" in datapackage.json',
              'catalog build --title หรือ "title" ใน datapackage.json'),
    "notes": ('"description" in datapackage.json', '"description" ใน datapackage.json'),
    "owner_org": ("catalog build --agency agency.json", "catalog build --agency agency.json"),
    "tags": ('"keywords" in datapackage.json', '"keywords" ใน datapackage.json'),
    "tag_string": ('"keywords" in datapackage.json', '"keywords" ใน datapackage.json'),
    "url": ('"homepage" in datapackage.json', '"homepage" ใน datapackage.json'),
    "license_id": ('"licenses" in datapackage.json', '"licenses" ใน datapackage.json'),
    "maintainer": ('"maintainer" in agency.json, then catalog build --agency agency.json',
                   '"maintainer" ใน agency.json แล้ว catalog build --agency agency.json'),
    "maintainer_email": ('"maintainer_email" in agency.json, then catalog build --agency agency.json',
                         '"maintainer_email" ใน agency.json แล้ว catalog build --agency agency.json'),
    "author": ('"contributors" in datapackage.json', '"contributors" ใน datapackage.json'),
    "author_email": ('"contributors" in datapackage.json', '"contributors" ใน datapackage.json'),
    "extras": ("the other properties of datapackage.json", "คุณสมบัติอื่นๆ ใน datapackage.json"),
    "extras_validation": ("the other properties of datapackage.json", "คุณสมบัติอื่นๆ ใน datapackage.json"),
}
_RESOURCE_SOURCES: dict[str, tuple[str, str]] = {
    "url": ('the resource\'s "path" in datapackage.json', '"path" ของทรัพยากรใน datapackage.json'),
    "upload": ("the resource's file", "ไฟล์ของทรัพยากร"),
}
_ORGANIZATION_SOURCES: dict[str, tuple[str, str]] = {
    "name": ('"slug" in agency.json', '"slug" ใน agency.json'),
    "title": ('"name_th" in agency.json', '"name_th" ใน agency.json'),
}
_PACKAGE = ("datapackage.json", "datapackage.json")


def _source(context: str, name: str) -> tuple[str, str]:
    if context == "resource":
        return _RESOURCE_SOURCES.get(name) or (f'the resource\'s "{name}" in datapackage.json',
                                               f'"{name}" ของทรัพยากรใน datapackage.json')
    if context == "organization":
        return _ORGANIZATION_SOURCES.get(name) or (f'"{name}" in agency.json', f'"{name}" ใน agency.json')
    if context == "tag":
        return _DATASET_SOURCES["tags"]
    if context == "extra":
        return _DATASET_SOURCES["extras"]
    if name in ("message", ""):
        return _PACKAGE
    return _DATASET_SOURCES.get(name) or (f'"{name}" in datapackage.json', f'"{name}" ใน datapackage.json')


# -------------------------------------------------------------------------------------- messages ---
@dataclass(frozen=True)
class _Rule:
    """One kind of message: its patterns, what it means and what to do, in English and Thai.

    Templates take the named groups of the pattern ({value}, {n}, ...; values come quoted), {src} (what
    to edit, see _source) and {choices} (the field's GD Catalog choices). A group `value` the meaning does
    not name is appended after a colon; a group `detail` (a parser's own English words) only to the English.
    """

    kind: str
    patterns: tuple[str, ...]
    en: str
    th: str
    todo_en: str
    todo_th: str
    fields: frozenset[str] | None = None  # only for these fields
    defaults: dict = field(default_factory=dict)  # groups a pattern does not capture

    def match(self, message: str, name: str) -> dict | None:
        if self.fields is not None and name not in self.fields:
            return None
        for pattern in self.patterns:
            found = re.fullmatch(pattern, message, re.DOTALL)
            if found:
                return {**self.defaults, **{k: v for k, v in found.groupdict().items() if v is not None}}
        return None


_TRY_AGAIN = ("plan again and publish (catalog publish --dry-run, then catalog publish)",
              "วางแผนใหม่แล้วเผยแพร่อีกครั้ง (catalog publish --dry-run แล้ว catalog publish)")
_NO_AGENCY = ("the package names no agency: build it with --agency agency.json",
              "แพ็กเกจไม่ได้ระบุหน่วยงาน: สร้างแพ็กเกจใหม่ด้วย catalog build --agency agency.json")
_CHOOSE = ("use one of: {choices} ({src})", "ใช้ค่าใดค่าหนึ่งต่อไปนี้: {choices} ({src})")
_FORM_CHOICE = ("use a value the catalog's form offers ({src})", "ใช้ค่าที่แบบฟอร์มของแคตตาล็อกมีให้เลือก ({src})")
_STOCK_TAG = (r'Tag "(?P<value>.*)" can only contain alphanumeric characters, spaces \(" "\), hyphens \("-"\), '
              r'underscores \("_"\) or dots \("\."\)')


def _rule(kind, patterns, en, th, todo_en, todo_th, **extra) -> _Rule:
    patterns = (patterns,) if isinstance(patterns, str) else tuple(patterns)
    return _Rule(kind, patterns, en, th, todo_en, todo_th, **extra)


# In order: the first rule that matches a message explains it.
_RULES: tuple[_Rule, ...] = (
    # --- required values (navl not_empty / not_missing, scheming_required)
    _rule("missing", r"Missing value",
          "missing (the catalog requires it)", "ไม่มีค่า (แคตตาล็อกกำหนดให้ต้องมี)",
          "fill it in ({src})", "กรอกค่านี้ ({src})"),
    _rule("no_organization", r"An organization must be provided",
          "no organization given (the catalog requires one)", "ไม่ได้ระบุหน่วยงาน (แคตตาล็อกกำหนดให้ต้องมี)",
          *_NO_AGENCY),
    _rule("select_one", r"Select at least one",
          "nothing chosen (the catalog requires at least one choice)",
          "ยังไม่ได้เลือก (แคตตาล็อกกำหนดให้เลือกอย่างน้อยหนึ่งข้อ)", *_CHOOSE),
    # --- organization (owner_org_validator)
    _rule("organization_unknown", r"Organization does not exist",
          "the catalog has no such organization", "แคตตาล็อกไม่มีหน่วยงานนี้",
          'check "slug" in agency.json, or have a sysadmin create the organization first (catalog admin org-create, '
          "or create_organizations = true in the target)",
          'ตรวจ "slug" ใน agency.json หรือให้ผู้ดูแลระบบสร้างหน่วยงานนี้ในแคตตาล็อกก่อน (catalog admin org-create)'),
    _rule("organization_forbidden", r"You cannot add a dataset to this organization",
          "your account may not add datasets to this organization",
          "บัญชีของท่านไม่มีสิทธิ์เพิ่มชุดข้อมูลในหน่วยงานนี้",
          "ask the organization's admin to make you an editor (catalog admin member-add), or use another API token",
          "ขอให้ผู้ดูแลหน่วยงานเพิ่มท่านเป็นบรรณาธิการ (catalog admin member-add) หรือใช้โทเค็นของบัญชีอื่น"),
    _rule("organization_move", r"You cannot move this dataset to another organization",
          "the dataset belongs to another organization and your account may not move it",
          "ชุดข้อมูลนี้เป็นของหน่วยงานอื่น และบัญชีของท่านย้ายหน่วยงานไม่ได้",
          "publish it with its own agency (catalog build --agency agency.json), or ask an admin of both organizations",
          "เผยแพร่ด้วยหน่วยงานเดิมของชุดข้อมูล (catalog build --agency agency.json) "
          "หรือขอให้ผู้ดูแลของทั้งสองหน่วยงานดำเนินการ"),
    _rule("private_without_organization", r"Datasets with no organization can't be private\.?",
          "a dataset without an organization cannot be private", "ชุดข้อมูลที่ไม่มีหน่วยงานตั้งเป็นส่วนตัวไม่ได้",
          "build the package with --agency agency.json", "สร้างแพ็กเกจใหม่ด้วย catalog build --agency agency.json"),
    # --- names and titles (name_validator, package_name_validator, thai_gdc's name and title validators)
    _rule("name_taken", r"That URL is already in use\.?",
          "another dataset already has this name", "มีชุดข้อมูลอื่นใช้ชื่อนี้แล้ว",
          "give the package a different name ({src})", "ตั้งชื่อใหม่ที่ไม่ซ้ำ ({src})"),
    _rule("name_in_trash", r"That URL is already in trash\.?",
          "a deleted dataset, still in the trash, holds this name",
          "ชุดข้อมูลที่ถูกลบแล้วแต่ยังอยู่ในถังขยะใช้ชื่อนี้อยู่",
          "ask a sysadmin to purge it from the trash (dataset_purge), or give the package a different name ({src})",
          "ขอให้ผู้ดูแลระบบล้างชุดข้อมูลนั้นออกจากถังขยะ (dataset_purge) หรือตั้งชื่อใหม่ที่ไม่ซ้ำ ({src})"),
    _rule("title_taken", r"That title is already in use\.?",
          "another dataset already has this title", "มีชุดข้อมูลอื่นใช้ชื่อชุดข้อมูลนี้แล้ว",
          "give the package a different title ({src})", "ตั้งชื่อชุดข้อมูลใหม่ที่ไม่ซ้ำ ({src})"),
    _rule("group_name_taken", r"Group name already exists in database",
          "another organization or group already has this name", "มีหน่วยงานหรือกลุ่มอื่นใช้ชื่อนี้แล้ว",
          "use another name ({src}), or publish into the organization that has it",
          "ใช้ชื่ออื่น ({src}) หรือเผยแพร่เข้าหน่วยงานที่ใช้ชื่อนี้อยู่แล้ว"),
    _rule("login_taken", (r"That login name is not available\.?",
                          r"The username is already associated with another account\..*",
                          r"That login name can not be modified\.?"),
          "another user already has this login name", "มีผู้ใช้อื่นใช้ชื่อเข้าระบบนี้แล้ว",
          "choose another user name", "เลือกชื่อผู้ใช้อื่น"),
    _rule("name_characters", r"Must be purely lowercase alphanumeric \(ascii\) characters and these symbols: -_",
          "only lowercase English letters, digits, - and _ are allowed (no Thai letters, spaces or capitals)",
          "ใช้ได้เฉพาะอักษรอังกฤษตัวพิมพ์เล็ก ตัวเลข ขีด (-) และขีดล่าง (_) ห้ามมีอักษรไทย เว้นวรรค หรือตัวพิมพ์ใหญ่",
          "change it ({src})", "แก้ไขให้ถูกต้อง ({src})"),
    _rule("too_short", r"(?:Name must be|Must be) at least (?P<n>\d+) characters long",
          "too short: at least {n} characters", "สั้นเกินไป ต้องมีอย่างน้อย {n} ตัวอักษร",
          "lengthen it ({src})", "เพิ่มความยาว ({src})"),
    _rule("too_long", (r"(?:Name|Version) must be a maximum of (?P<n>\d+) characters long",
                       r"Length must be less than (?P<n>\d+) characters"),
          "too long: at most {n} characters", "ยาวเกินไป ต้องไม่เกิน {n} ตัวอักษร",
          "shorten it ({src})", "ย่อให้สั้นลง ({src})"),
    _rule("name_shorter", r'Name "(?P<value>.*)" length is less than minimum (?P<n>\d+)',
          "shorter than {n} characters: {value}", "สั้นกว่า {n} ตัวอักษร: {value}",
          "lengthen it ({src})", "เพิ่มความยาว ({src})"),
    _rule("name_longer", r'Name "(?P<value>.*)" length is more than maximum (?P<n>\d+)',
          "longer than {n} characters: {value}", "ยาวเกิน {n} ตัวอักษร: {value}",
          "shorten it ({src})", "ย่อให้สั้นลง ({src})"),
    _rule("name_reserved", r"That name cannot be used",
          "the catalog keeps this name for itself", "แคตตาล็อกสงวนชื่อนี้ไว้ใช้เอง",
          "choose another ({src})", "เลือกชื่ออื่น ({src})"),
    _rule("not_text", (r"(?:User )?[Nn]ames must be strings", r"Must be a Unicode string value",
                       r"Passwords must be strings"),
          "must be text", "ต้องเป็นข้อความ", "write it as text ({src})", "ใส่เป็นข้อความ ({src})"),
    # --- ids
    _rule("id_taken", (r"Dataset id already exists", r"Resource id already exists\.?", r"Id already exists",
                       r"ResourceView id already exists"),
          "this id already belongs to another entry in the catalog", "รหัสนี้เป็นของรายการอื่นในแคตตาล็อกแล้ว",
          *_TRY_AGAIN),
    _rule("bad_id", (r"Invalid id provided", r"Invalid UUID"),
          "not a valid id (the catalog expects a UUID)", "รหัสไม่ถูกต้องตามรูปแบบที่แคตตาล็อกกำหนด", *_TRY_AGAIN),
    _rule("id_for_sysadmins", r"Only sysadmins may choose a dataset id",
          "only a sysadmin may choose a dataset's id", "เฉพาะผู้ดูแลระบบเท่านั้นที่กำหนดรหัสชุดข้อมูลเองได้",
          "publish with a sysadmin's token, or let the catalog choose the id (catalog publish --dry-run, then catalog "
          "publish)",
          "ใช้โทเค็นของผู้ดูแลระบบ หรือให้แคตตาล็อกกำหนดรหัสเอง (catalog publish --dry-run แล้ว catalog publish)"),
    _rule("read_only", r"Cannot change value of key from (?P<old>.*) to (?P<new>.*)\. This key is read-only",
          "this cannot be changed (from {old} to {new})", "เปลี่ยนค่านี้ไม่ได้ (จาก {old} เป็น {new})", *_TRY_AGAIN),
    # --- tags (tag_length_validator, tag_name_validator, tag_string_convert; thai_gdc's own tag rule)
    _rule("no_keywords", r'Tag "" must be alphanumeric characters or symbols: -_\.?',
          "the package has no keywords", "แพ็กเกจไม่มีคำสำคัญ", "give it keywords ({src})", "เพิ่มคำสำคัญ ({src})"),
    _rule("tag_short", r'Tag "(?P<value>.*)" length is less than minimum (?P<n>\d+)',
          "keywords shorter than {n} characters: {value}", "คำสำคัญที่สั้นกว่า {n} ตัวอักษร: {value}",
          "lengthen or remove them ({src})", "เพิ่มความยาวหรือลบออก ({src})"),
    _rule("tag_long", r'Tag "(?P<value>.*)" length is more than maximum (?P<n>\d+)',
          "keywords longer than {n} characters: {value}", "คำสำคัญที่ยาวเกิน {n} ตัวอักษร: {value}",
          "shorten or remove them ({src})", "ย่อหรือลบออก ({src})"),
    _rule("tag_characters", _STOCK_TAG,
          "keywords with characters this catalog refuses (it takes only letters, digits, spaces, -, _ and ., and "
          "stock CKAN refuses Thai vowel and tone marks): {value}",
          "คำสำคัญที่มีอักขระที่แคตตาล็อกนี้ไม่รับ (รับเฉพาะตัวอักษร ตัวเลข เว้นวรรค - _ และ . "
          "และแคตตาล็อกแบบมาตรฐานไม่รับสระบนล่างและวรรณยุกต์ไทย): {value}",
          "change or remove them ({src}), or publish to a catalog with the GD Catalog schema, which takes Thai "
          "keywords",
          "แก้ไขหรือลบคำสำคัญเหล่านี้ ({src}) "
          "หรือเผยแพร่ไปยังแคตตาล็อกที่ใช้แบบข้อมูลของบัญชีข้อมูลภาครัฐซึ่งรับคำสำคัญภาษาไทย"),
    _rule("tag_characters_gdc", r'Tag "(?P<value>.+)" must be alphanumeric characters or symbols: -_\.?',
          "keywords with characters the catalog refuses (it takes only letters, digits, spaces, -, _ and .): {value}",
          "คำสำคัญที่มีอักขระที่แคตตาล็อกไม่รับ (รับเฉพาะตัวอักษร ตัวเลข เว้นวรรค - _ และ .): {value}",
          "change or remove them ({src})", "แก้ไขหรือลบคำสำคัญเหล่านี้ ({src})"),
    _rule("tag_uppercase", r'Tag "(?P<value>.*)" must not be uppercase',
          "keywords in capitals: {value}", "คำสำคัญที่มีตัวพิมพ์ใหญ่: {value}",
          "write them in lowercase ({src})", "เปลี่ยนเป็นตัวพิมพ์เล็ก ({src})"),
    _rule("tag_empty", r"No tag name", "a keyword is empty", "มีคำสำคัญที่ว่างเปล่า",
          "remove empty keywords ({src})", "ลบคำสำคัญที่ว่างออก ({src})"),
    _rule("tag_vocabulary", (r'Tag vocabulary "(?P<value>.*)" does not exist', r"Tag vocabulary was not found\.?",
                             r"Tag (?P<value>.*) does not belong to vocabulary .*",
                             r"Tag (?P<value>.*) already belongs to vocabulary .*"),
          "a keyword names a tag vocabulary the catalog does not have, or is not in it",
          "คำสำคัญอ้างถึงชุดคำศัพท์ที่แคตตาล็อกไม่มี หรือไม่อยู่ในชุดคำศัพท์นั้น",
          "send the keywords as free tags, without vocabulary_id",
          "ส่งคำสำคัญโดยไม่ระบุชุดคำศัพท์ (ไม่มี vocabulary_id)"),
    # --- e-mail (email_validator, and the wording other validators use)
    _rule("email_taken", r"The email address '(?P<value>.*)' belongs to a registered user\.?",
          "another user already has this e-mail address", "มีผู้ใช้อื่นใช้อีเมลนี้แล้ว",
          "use another e-mail address", "ใช้อีเมลอื่น"),
    _rule("email", (r"Email (?P<value>.*) is not a valid format",
                    r"(?i)please (?:enter|provide) a valid e-?mail(?: address)?\.?",
                    r"(?i)invalid e-?mail(?: address)?\.?", r"(?i)e-?mail(?: address)? (?P<value>.*) is not valid\.?",
                    r"(?i)not a valid e-?mail(?: address)?\.?"),
          "not a valid e-mail address", "ไม่ใช่อีเมลที่ถูกต้อง", "correct it ({src})", "แก้ไขให้ถูกต้อง ({src})"),
    # --- numbers, dates, URLs
    _rule("integer", (r"Invalid integer", r"Please enter an integer value"),
          "not a whole number", "ไม่ใช่จำนวนเต็ม",
          "write a whole number, e.g. 1 ({src})", "ใส่เป็นจำนวนเต็ม เช่น 1 ({src})"),
    _rule("natural_number", r"Must be a natural number",
          "must be a whole number, 0 or more", "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป",
          "write a whole number, e.g. 1 ({src})", "ใส่เป็นจำนวนเต็ม เช่น 1 ({src})"),
    _rule("positive_integer", r"Must be a positive integer",
          "must be a whole number, 1 or more", "ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป",
          "write a whole number, e.g. 1 ({src})", "ใส่เป็นจำนวนเต็ม เช่น 1 ({src})"),
    _rule("number", r"Please enter a floating point value",
          "not a number", "ไม่ใช่ตัวเลข", "write a number, e.g. 1.5 ({src})", "ใส่เป็นตัวเลข เช่น 1.5 ({src})"),
    _rule("timestamp", r"Must be a float timestamp",
          "not a timestamp (seconds since 1970)", "ไม่ใช่ค่าเวลาแบบจำนวนวินาทีนับจากปี 1970",
          "correct it ({src})", "แก้ไขให้ถูกต้อง ({src})"),
    # the compliance actions' as_of and fiscal_year
    _rule("day", r"a date as YYYY-MM-DD, Buddhist Era \(2568-11-30\) or Common Era",
          "not a date the catalog can read", "แคตตาล็อกอ่านวันที่นี้ไม่ได้",
          "write it as year-month-day, e.g. 2568-11-30 or 2025-11-30 ({src})",
          "เขียนเป็น ปี-เดือน-วัน เช่น 2568-11-30 หรือ 2025-11-30 ({src})"),
    _rule("fiscal_year", r"a Buddhist Era fiscal year, e\.g\. 2568",
          "not a Buddhist Era fiscal year", "ไม่ใช่ปีงบประมาณแบบ พ.ศ.",
          "write the year as four digits, e.g. 2568 ({src})", "ใส่ปีงบประมาณ พ.ศ. 4 หลัก เช่น 2568 ({src})"),
    _rule("date", r"Date format incorrect\.?",
          "not a date the catalog can read", "แคตตาล็อกอ่านวันที่นี้ไม่ได้",
          "write it as year-month-day in the Christian Era, e.g. 2024-10-01 for 1 October 2567 BE ({src})",
          "เขียนเป็น ปี ค.ศ.-เดือน-วัน เช่น 2024-10-01 สำหรับ 1 ต.ค. 2567 ({src})"),
    _rule("time", r"Time format incorrect\.?",
          "not a time the catalog can read", "แคตตาล็อกอ่านเวลานี้ไม่ได้",
          "write it as hours:minutes, e.g. 13:30 ({src})", "เขียนเป็น ชั่วโมง:นาที เช่น 13:30 ({src})"),
    _rule("time_without_date", r"Date is required when a time is provided",
          "a time was given without a date", "มีเวลาแต่ไม่มีวันที่", "add the date ({src})", "เพิ่มวันที่ ({src})"),
    _rule("timezone", r"Invalid timezone",
          "not a time zone the catalog knows", "แคตตาล็อกไม่รู้จักเขตเวลานี้",
          'use "Asia/Bangkok" ({src})', "ใช้ “Asia/Bangkok” ({src})"),
    _rule("url", (r"Please provide a valid URL", r"(?i)(?:please enter a )?valid url(?: required)?\.?",
                  r"(?i)invalid url\.?"),
          "not a valid web address (it must start with http:// or https://)",
          "ไม่ใช่ที่อยู่เว็บที่ถูกต้อง (ต้องขึ้นต้นด้วย http:// หรือ https://)",
          "correct it ({src})", "แก้ไขให้ถูกต้อง ({src})"),
    # --- fields the catalog does not take (navl __junk; the GD Catalog's fields of other data types)
    _rule("not_for_data_type", r"The input field .* was not expected\.?",
          "only for datasets whose data type is {types}", "ใช้กับชุดข้อมูลที่มีประเภทชุดข้อมูลเป็น {types} เท่านั้น",
          'remove it from datapackage.json, or change "data_type"',
          'ลบช่องนี้ออกจาก datapackage.json หรือแก้ "data_type"',
          fields=frozenset(gdc.FIELD_DATA_TYPES)),
    _rule("unexpected_field", r"The input field (?P<fields>.*) was not expected\.?",
          "the catalog does not take these fields: {fields}", "แคตตาล็อกไม่รับช่องเหล่านี้: {fields}",
          "remove them from datapackage.json", "ลบช่องเหล่านี้ออกจาก datapackage.json"),
    # --- choices (scheming_choices, scheming_multiple_choice, one_of; the classification rule of the GD Catalog)
    _rule("classification", r'unexpected choice "(?P<value>.*)" for data_category "(?P<category>.*)"',
          "{value} does not fit the data category {category}", "{value} ใช้กับหมวดหมู่ข้อมูล {category} ไม่ได้",
          "use one of: {allowed} ({src})", "ใช้ค่าใดค่าหนึ่งต่อไปนี้: {allowed} ({src})"),
    _rule("choice", r'unexpected choice "(?P<value>.*)"',
          "not one of the catalog's choices: {value}", "ไม่ใช่ตัวเลือกของแคตตาล็อก: {value}", *_CHOOSE),
    _rule("one_of", (r"Value must be one of (?P<options>.*)", r"Value must be boolean or one of: (?P<options>.*)",
                     r'Role must be one of:? (?P<options>.*)', r'Capacity must be one of (?P<options>.*)',
                     r"Must be one of: (?P<options>.*)", r"role does not exist\.?"),
          "not one of the allowed values", "ไม่ใช่ค่าที่อนุญาต", "use one of: {options} ({src})",
          "ใช้ค่าใดค่าหนึ่งต่อไปนี้: {options} ({src})"),
    # --- shapes: lists, text, JSON
    _rule("list", (r"expecting list of strings", r"Not a list", r"Must supply order as a list",
                   r"Must be a list of dicts"),
          "must be a list", "ต้องเป็นรายการ", "write it as a list, in square brackets ({src})",
          "เขียนเป็นรายการในวงเล็บเหลี่ยม ({src})"),
    _rule("not_string", (r"Not a string: (?P<value>.*)", r"invalid type for repeating text: (?P<value>.*)"),
          "an item is not text", "มีรายการที่ไม่ใช่ข้อความ", "write every item as text ({src})",
          "ใส่ทุกรายการเป็นข้อความ ({src})"),
    _rule("encoding", r'invalid encoding for "(?P<value>.*)" value',
          "text the catalog cannot decode", "ข้อความมีรหัสอักขระที่แคตตาล็อกอ่านไม่ได้",
          "save the source file as UTF-8 and build the package again (catalog build)",
          "บันทึกไฟล์ต้นฉบับใหม่แล้วสร้างแพ็กเกจอีกครั้ง (catalog build)"),
    _rule("json", (r"Could not parse as valid JSON", r"Invalid JSON", r"Invalid JSON (?:string|object): (?P<detail>.*)",
                   r"Unsupported (?:value|type) for JSON field: (?P<detail>.*)",
                   r"The value should be a valid JSON object",
                   r"Could not parse the value as a valid JSON object", r"Must be a dict",
                   r"Could not parse extra '(?P<value>.*)' as valid JSON"),
          "not valid structured (JSON) data", "ไม่ใช่ข้อมูลที่มีโครงสร้างถูกต้องตามที่แคตตาล็อกอ่านได้",
          "correct it ({src})", "แก้ไขให้ถูกต้อง ({src})"),
    # --- extras (duplicate_extras_key, extra_key_not_in_root_schema)
    _rule("extra_twice", r'Duplicate key "(?P<value>.*)"',
          "an extra field is given twice", "ข้อมูลเพิ่มเติมมีชื่อซ้ำกัน",
          "keep only one ({src})", "เก็บไว้เพียงรายการเดียว ({src})"),
    _rule("extra_shadows_field", r"There is a schema field with the same name",
          "an extra field has the name of one of the catalog's own fields",
          "ข้อมูลเพิ่มเติมมีชื่อซ้ำกับช่องของแคตตาล็อกเอง",
          "rename or remove that property ({src})", "เปลี่ยนชื่อหรือลบคุณสมบัตินั้น ({src})"),
    # --- references to what is not there (converters, *_exists validators, the embedded catalog)
    _rule("not_found", (r"Not found: (?P<thing>.*)",
                        r"(?P<thing>Dataset|Resource|User|Group|Organization) not found\.?",
                        r"(?P<thing>Dataset|Resource|User|Group|Organization) not found: (?P<value>.*)",
                        r"(?P<thing>Resource|Dataset) was not found\.?",
                        r"That group name or ID does not exist\.?", r"Group (?P<value>.*) does not exist"),
          "the catalog has no such {thing}", "แคตตาล็อกไม่มี{thing}นี้",
          "check the name ({src}), or plan again (catalog publish --dry-run)",
          "ตรวจชื่อ ({src}) หรือวางแผนใหม่ (catalog publish --dry-run)", defaults={"thing": "Group"}),
    # --- uploads (ckan/lib/uploader.py, ckan/lib/files)
    _rule("upload_too_large", r"File upload too large",
          "the file is larger than the catalog accepts", "ไฟล์ใหญ่เกินกว่าที่แคตตาล็อกรับได้",
          "ask the catalog's administrator to raise the limit (ckan.max_resource_size; on the embedded catalog: "
          "catalog admin set max_resource_size_mb), or split the file",
          "ขอให้ผู้ดูแลแคตตาล็อกเพิ่มขนาดไฟล์สูงสุดที่รับได้ (catalog admin set max_resource_size_mb) "
          "หรือแบ่งไฟล์ให้เล็กลง"),
    _rule("upload_type", r"Unsupported upload type: (?P<value>.*)",
          "the catalog does not accept files of this type", "แคตตาล็อกไม่รับไฟล์ชนิดนี้",
          "ask its administrator to allow it (ckan.upload.<type>.mimetypes), or convert the file (e.g. to CSV or PDF)",
          "ขอให้ผู้ดูแลแคตตาล็อกอนุญาตไฟล์ชนิดนี้ หรือแปลงไฟล์เป็นชนิดอื่น"),
    _rule("no_uploads", r"No uploads allowed for object type (?P<value>.*)",
          "the catalog accepts no uploaded files here", "แคตตาล็อกไม่รับไฟล์ที่อัปโหลดในส่วนนี้",
          "ask its administrator to allow uploads, or link to the file instead",
          "ขอให้ผู้ดูแลแคตตาล็อกเปิดให้อัปโหลด หรือใช้ลิงก์ไปยังไฟล์แทน"),
    _rule("storage", r"Invalid storage (?:directory|path)",
          "the catalog could not store the file (a fault of its storage settings)",
          "แคตตาล็อกเก็บไฟล์ไม่ได้ (การตั้งค่าที่เก็บไฟล์ของแคตตาล็อกผิดพลาด)",
          "tell the catalog's administrator; the package needs no change", "แจ้งผู้ดูแลแคตตาล็อก แพ็กเกจไม่ต้องแก้ไข"),
    _rule("unreadable_file", (r"Unsupported source type: (?P<detail>.*)", r"Wrong file: (?P<detail>.*)"),
          "the catalog could not read the file sent", "แคตตาล็อกอ่านไฟล์ที่ส่งไปไม่ได้",
          "check the resource's file and publish again", "ตรวจไฟล์ของทรัพยากรแล้วเผยแพร่อีกครั้ง"),
    # --- the embedded catalog's own refusals
    _rule("dataset_type", r"Unsupported dataset type: (?P<value>.*)",
          "the catalog has no such dataset type", "แคตตาล็อกไม่มีประเภทรายการนี้",
          'remove "type" from datapackage.json', 'ลบ "type" ออกจาก datapackage.json'),
    _rule("resource_shape", r"resource (?P<n>\d+) is not an object",
          "resource {n} was not sent as an object", "ข้อมูลทรัพยากรลำดับที่ {n} ที่ส่งไปผิดรูปแบบ",
          "report this to the publisher's maintainers; the package is not at fault",
          "แจ้งผู้ดูแลโปรแกรมเผยแพร่ แพ็กเกจไม่ได้ผิด"),
    _rule("not_as_planned", (r"Must include id or name", r"Match failed", r"(?P<value>[\w.-]+) does not match",
                             r"no element (?P<value>.*)", r"cannot descend into (?P<value>.*)",
                             r"(?P<value>.*): expected a list to extend with",
                             r"resource_id (?P<value>.*) can not be found", r"View (?P<value>.*) does not exist"),
          "the dataset in the catalog is not as planned", "ชุดข้อมูลในแคตตาล็อกไม่ตรงกับที่วางแผนไว้", *_TRY_AGAIN),
    # CKAN's package_revise names the keys of `match` that did not match
    _rule("match_failed", r"(?P<value>[\w-]+(?:__[\w-]+)*)",
          "the dataset in the catalog is not as planned", "ชุดข้อมูลในแคตตาล็อกไม่ตรงกับที่วางแผนไว้", *_TRY_AGAIN,
          fields=frozenset({"match"})),
    # --- organizations and groups
    _rule("organization_has_datasets", r"Organization cannot be (?:deleted|purged) while it still has datasets",
          "the organization still has datasets", "หน่วยงานยังมีชุดข้อมูลอยู่",
          "move or delete its datasets first", "ย้ายหรือลบชุดข้อมูลของหน่วยงานก่อน"),
    _rule("collaborators_off", r"Dataset collaborators not enabled",
          "this catalog does not use dataset collaborators", "แคตตาล็อกนี้ไม่ได้เปิดใช้ผู้ร่วมแก้ไขชุดข้อมูล",
          "publish as a member of the dataset's organization", "เผยแพร่ในฐานะสมาชิกของหน่วยงานเจ้าของชุดข้อมูล"),
    _rule("group_loop", r"This parent would create a loop in the hierarchy",
          "that parent group would make a loop", "กลุ่มแม่ที่เลือกทำให้เกิดการวนซ้ำ",
          "choose another parent group", "เลือกกลุ่มแม่อื่น"),
)

# What to do, where it depends on the field as well as on the message.
_ADVICE: dict[tuple[str, str], tuple[str, str]] = {
    ("missing", "dataset:owner_org"): _NO_AGENCY,
    ("missing", "dataset:tag_string"): ("give the package keywords ({src})", "เพิ่มคำสำคัญให้แพ็กเกจ ({src})"),
    ("missing", "dataset:tags"): ("give the package keywords ({src})", "เพิ่มคำสำคัญให้แพ็กเกจ ({src})"),
    ("missing", "resource:url"): ("the resource has neither a link nor a file: give it one ({src})",
                                  "ทรัพยากรไม่มีทั้งลิงก์และไฟล์: ระบุให้ครบ ({src})"),
    ("missing", "dataset:id"): ("the publisher sent no dataset id: " + _TRY_AGAIN[0],
                                "โปรแกรมเผยแพร่ไม่ได้ส่งรหัสชุดข้อมูล: " + _TRY_AGAIN[1]),
    ("missing", "dataset:match__id"): _TRY_AGAIN,
    ("missing", "dataset:package_id"): _TRY_AGAIN,
    ("missing", "resource:package_id"): _TRY_AGAIN,
    ("not_found", "dataset:package_id"): ("the dataset is not (or no longer) in the catalog: " + _TRY_AGAIN[0],
                                         "ชุดข้อมูลไม่มี (หรือไม่มีแล้ว) ในแคตตาล็อก: " + _TRY_AGAIN[1]),
    ("not_found", "resource:package_id"): ("the dataset is not (or no longer) in the catalog: " + _TRY_AGAIN[0],
                                          "ชุดข้อมูลไม่มี (หรือไม่มีแล้ว) ในแคตตาล็อก: " + _TRY_AGAIN[1]),
    ("not_found", "dataset:groups"): ("remove the group from the package, or ask a sysadmin to create it",
                                      "ลบกลุ่มนี้ออกจากแพ็กเกจ หรือขอให้ผู้ดูแลระบบสร้างกลุ่มนี้"),
    ("not_found", "group:name"): ("remove the group from the package, or ask a sysadmin to create it",
                                  "ลบกลุ่มนี้ออกจากแพ็กเกจ หรือขอให้ผู้ดูแลระบบสร้างกลุ่มนี้"),
}

_THINGS = {"dataset": "ชุดข้อมูล", "resource": "ทรัพยากร", "user": "ผู้ใช้", "group": "กลุ่ม",
           "organization": "หน่วยงาน", "package": "ชุดข้อมูล"}

_UNKNOWN = ('the catalog said "{message}"', "แคตตาล็อกแจ้งว่า “{message}”")
_UNKNOWN_TODO = ("check it ({src})", "ตรวจสอบค่านี้ ({src})")


# -------------------------------------------------------------------------------- flattening ---
@dataclass
class _Found:
    """One message of the catalog, where it was said: location (English, Thai) parts, context, field."""

    where: tuple[tuple[str, str], ...]
    context: str
    name: str
    message: str


def _context_of(action: str) -> str:
    if action.startswith("resource_"):
        return "resource"
    if action.startswith(("organization_", "group_", "member_")):
        return "organization"
    return "dataset"


def _split_flat_key(key: str, where: tuple, context: str) -> tuple[tuple, str, str]:
    """CKAN's package_revise and form posts name nested fields in one key: update__resources__-1__upload."""
    parts = key.split("__")
    if parts[0] == "match":
        return where, context, "match" if len(parts) == 1 else key
    if parts[0] == "update" and len(parts) > 1:
        parts = parts[1:]
    if parts[0] == "resources" and len(parts) > 1:
        index = parts[1]
        if re.fullmatch(r"-?\d+", index):
            number = int(index)
            place = (f"resource {number + 1}", f"ทรัพยากรที่ {number + 1}") if number >= 0 else \
                ("the last resource", "ทรัพยากรรายการสุดท้าย")
        elif index == "extend":
            place = ("the new resource", "ทรัพยากรที่เพิ่มใหม่")
        else:
            place = (f"resource {index}", f"ทรัพยากร {index}")
        return (*where, place), "resource", "__".join(parts[2:]) or "resources"
    return where, context, "__".join(parts)


def _flatten(errors, context: str) -> list[_Found]:
    found: list[_Found] = []

    def message(where, context, name, value) -> None:
        text = value if isinstance(value, str) else str(value)
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            found.append(_Found(where, context, name, text))

    def item(where, context, name, index, value: dict) -> None:
        """One element of a list of dicts: a resource, an extra, a tag, a group."""
        if name == "resources":
            walk_dict((*where, (f"resource {index}", f"ทรัพยากรที่ {index}")), "resource", value)
        elif name == "extras":
            walk_dict((*where, (f"extra {index}", f"ข้อมูลเพิ่มเติมรายการที่ {index}")), "extra", value)
        elif name == "tags":  # the message names the tag; its position says nothing to the officer
            walk_dict(where, "tag", {("tags" if k == "name" else k): v for k, v in value.items()})
        elif name == "groups":
            walk_dict((*where, (f"group {index}", f"กลุ่มที่ {index}")), "group", value)
        else:
            walk_dict((*where, (f"{name} {index}", f"{name} รายการที่ {index}")), context, value)

    def walk(where, context, name, value) -> None:
        if isinstance(value, dict):
            walk_dict((*where, _label(context, name)) if name else where, context, value)
        elif isinstance(value, (list, tuple)):
            for index, element in enumerate(value, 1):
                if isinstance(element, dict):
                    if element:
                        item(where, context, name, index, element)
                elif isinstance(element, (list, tuple)):
                    walk(where, context, name, element)
                elif element is not None:
                    message(where, context, name, element)
        elif value is not None:
            message(where, context, name, value)

    def walk_dict(where, context, value: dict) -> None:
        for key, inner in value.items():
            if key == "__type":
                continue
            key = str(key)
            if "__" in key.strip("_"):
                inner_where, inner_context, inner_key = _split_flat_key(key, where, context)
                walk(inner_where, inner_context, inner_key, inner)
            else:
                walk(where, context, key, inner)

    if isinstance(errors, dict):
        walk_dict((), context, errors)
    else:
        walk((), context, "message", errors)
    return found


# ------------------------------------------------------------------------------------ wording ---
def _label(context: str, name: str) -> tuple[str, str]:
    """(English, Thai) of a field: "Dataset Name (title)", "ชื่อชุดข้อมูล (title)"; an unknown field is named."""
    known = _LABELS.get(context, {}).get(name)
    if known is None:
        return name, f"ช่อง {name}"
    return f"{known[0]} ({name})", f"{known[1]} ({name})"


def _quote(values: list[str]) -> tuple[str, str]:
    return ", ".join(f'"{v}"' for v in values), ", ".join(f"“{v}”" for v in values)


def _options(text: str) -> list[str]:
    """The values a message lists: "['a', 'b']" (a Python list's repr), '"a, b"' or "a, b"."""
    quoted = re.findall(r"'([^']*)'", text)
    if quoted:
        return quoted
    return [v.strip().strip('"') for v in text.strip().strip('"[]').split(",") if v.strip().strip('"')]


def _choices_of(name: str) -> list[str]:
    return list(gdc.DATASET_CHOICES.get(name) or gdc.RESOURCE_CHOICES.get(name) or ())


def _other_field_advice(found: _Found, src: tuple[str, str]) -> tuple[str, str] | None:
    """`<field>_other` missing: the choice field says อื่นๆ, and the catalog needs that other value in words."""
    base = found.name[: -len("_other")] if found.name.endswith("_other") else None
    if not base or not _choices_of(base):
        return None
    other = gdc.DATA_TYPE_OTHER if base == "data_type" else gdc.OTHER
    base_en, base_th = _label(found.context, base)
    return (f'{base_en} is "{other}" (other), which needs the other value in words: write it in {src[0]}',
            f"เลือก “{other}” ใน{base_th} แล้ว ต้องระบุรายละเอียดใน {src[1]}")


def _explain_one(found: _Found, rule: _Rule | None, groups: dict, values: list[str]) -> tuple[str, str]:
    src = _source(found.context, found.name)
    if rule is None:
        en_what, th_what = (t.format(message=found.message) for t in _UNKNOWN)
        en_todo, th_todo = (t.format(src=s) for t, s in zip(_UNKNOWN_TODO, src))
    else:
        fill_en: dict = {"src": src[0]}
        fill_th: dict = {"src": src[1]}
        if "n" in groups:
            fill_en["n"] = fill_th["n"] = groups["n"]
        for key in ("old", "new", "category"):
            if key in groups:
                fill_en[key], fill_th[key] = _quote([groups[key]])
        if values:
            fill_en["value"], fill_th["value"] = _quote(values)
        if "thing" in groups:
            thing = groups["thing"].strip().rstrip(".")
            th_thing = _THINGS.get(thing.lower())
            fill_en["thing"] = thing.lower()
            fill_th["thing"] = th_thing if th_thing else f" “{thing}” "
        if "fields" in groups:
            fill_en["fields"], fill_th["fields"] = _quote(_options(groups["fields"]))
        if "options" in groups:
            fill_en["options"], fill_th["options"] = _quote(_options(groups["options"]))
        elif rule.kind == "one_of":
            fill_en["options"], fill_th["options"] = "the values the catalog offers", "ค่าที่แคตตาล็อกมีให้เลือก"
        if rule.kind == "not_for_data_type":
            fill_en["types"], fill_th["types"] = _quote(list(gdc.FIELD_DATA_TYPES[found.name]))
        if rule.kind == "classification":
            allowed = list(gdc.CLASSIFICATION_BY_CATEGORY.get(groups.get("category", ""), ()))
            fill_en["allowed"], fill_th["allowed"] = _quote(allowed or list(gdc.DATASET_CHOICES["data_classification"]))
        en_what, th_what = rule.en.format(**fill_en), rule.th.format(**fill_th)
        if values and "{value}" not in rule.en:  # the value the message named, kept
            en_what, th_what = f"{en_what}: {fill_en['value']}", f"{th_what}: {fill_th['value']}"
        if groups.get("detail"):  # a parser's own English words: only the English says them
            en_what = f"{en_what} ({groups['detail']})"
        advice = _ADVICE.get((rule.kind, f"{found.context}:{found.name}"))
        if advice is None and rule.kind == "missing":
            advice = _other_field_advice(found, src)
        if advice is None and rule.kind in ("choice", "select_one"):
            choices = _choices_of(found.name)
            if choices:
                fill_en["choices"], fill_th["choices"] = _quote(choices)
            else:
                advice = _FORM_CHOICE
        en_todo, th_todo = advice or (rule.todo_en, rule.todo_th)
        en_todo, th_todo = en_todo.format(**fill_en), th_todo.format(**fill_th)
    if found.name == "message":
        en_head, th_head = [], []
    else:
        en_label, th_label = _label(found.context, found.name)
        en_head, th_head = [en_label], [th_label]
    en_where = ", ".join([en for en, _ in found.where] + en_head)
    th_where = ", ".join([th for _, th in found.where] + th_head)
    en = f"{en_where}: {en_what}" if en_where else en_what
    th = f"{th_where}: {th_what}" if th_where else th_what
    return f"{en} — {en_todo}", f"{th} — {th_todo}"


def _rule_for(message: str, name: str) -> tuple[_Rule | None, dict]:
    for rule in _RULES:
        groups = rule.match(message, name)
        if groups is not None:
            return rule, groups
    return None, {}


def explain_refusal(action: str, error_dict: dict) -> tuple[str, str]:
    """(English, Thai) one-line explanation of a catalog's ValidationError: for each field, its label
    (Thai label in the Thai text), what the catalog said, translated, and what to do about it.

    `action` is the refused action (package_create, resource_update, organization_create, ...): it says
    whether the fields are a dataset's, a resource's or an organization's. `error_dict` is the
    ValidationError's error_dict (its `__type` is ignored); nested errors (resources, extras, tags) are
    said with their place ("resource 2, ..."). The line is meant to follow "<package>: the catalog refused
    <action>: ". Messages of one kind for one field (every refused tag, say) are said once, with all values.
    """
    context = _context_of(action or "")
    merged: dict[tuple, tuple[_Found, _Rule | None, dict, list[str]]] = {}
    for found in _flatten(error_dict, context):
        rule, groups = _rule_for(found.message, found.name)
        value = groups.pop("value", None)
        if rule is None:
            key: tuple = (found.where, found.context, found.name, "unknown", found.message)
        else:
            key = (found.where, found.context, found.name, rule.kind, tuple(sorted(groups.items())))
        if key not in merged:
            merged[key] = (found, rule, groups, [])
        if value is not None and value not in merged[key][3]:
            merged[key][3].append(value)
    if not merged:
        return "the catalog refused it without saying why", "แคตตาล็อกไม่รับโดยไม่แจ้งเหตุผล"
    explained = [_explain_one(*entry) for entry in merged.values()]
    en = "; ".join(en for en, _ in explained)
    th = "; ".join(th for _, th in explained)
    return re.sub(r"\s*[\r\n]+\s*", " ", en), re.sub(r"\s*[\r\n]+\s*", " ", th)
