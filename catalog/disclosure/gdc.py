"""GD Catalog (Thailand's national CKAN, `thai_gdc` scheming schema, plugin v2.2.4) dataset metadata choices.

The choice values below are the stored values of the schema's `choices`, copied exactly (Thai strings;
`license_id` stores the label text, typo "Attributions" included; `data_format` stores "XLS" for the
label "XLS/XLSX"). Stock CKAN does not check them through the API, so `validate_gdc` does.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

OTHER = "อื่นๆ"  # choosing it requires the free-text `<field>_other`

DATASET_CHOICES: dict[str, tuple[str, ...]] = {
    "data_type": (
        "ข้อมูลระเบียน",
        "ข้อมูลสถิติ",
        "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
        "ข้อมูลหลากหลายประเภท",
        "ข้อมูลประเภทอื่นๆ",
    ),
    "allow_harvest": (
        "False",
        "True",
    ),
    "objective": (
        "ยุทธศาสตร์ชาติ",
        "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
        "แผนความมั่นคงแห่งชาติ",
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "แผนปฏิรูปประเทศ",
        "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
        "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี",
        "มติคณะรัฐมนตรี",
        "เพื่อการให้บริการประชาชน",
        "กฎหมายที่เกี่ยวข้อง",
        "พันธกิจหน่วยงาน",
        "ดัชนี/ตัวชี้วัดระดับนานาชาติ",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "update_frequency_unit": (
        "ไม่ทราบ",
        "ปี",
        "ครึ่งปี",
        "ไตรมาส",
        "เดือน",
        "สัปดาห์",
        "วัน",
        "วันทำการ",
        "ชั่วโมง",
        "นาที",
        "ตามเวลาจริง",
        "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
        "อื่นๆ",
    ),
    "geo_coverage": (
        "ไม่มี",
        "โลก",
        "ทวีป/กลุ่มประเทศในทวีป",
        "กลุ่มประเทศทางเศรษฐกิจ",
        "ประเทศ",
        "ภาค",
        "จังหวัด",
        "อำเภอ",
        "ตำบล",
        "หมู่บ้าน",
        "เทศบาล/อบต.",
        "พิกัด",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "data_format": (
        "Database",
        "CSV",
        "XML",
        "Image",
        "Video",
        "Audio",
        "Text",
        "JSON",
        "HTML",
        "DOC/DOCX",
        "XLS",
        "PDF",
        "RDF",
        "NoSQL",
        "Arc/Info Coverage",
        "Shapefile",
        "GeoTiff",
        "GML",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "data_category": (
        "ข้อมูลสาธารณะ",
        "ข้อมูลใช้ภายใน",
        "ข้อมูลส่วนบุคคล",
        "ข้อมูลความมั่นคง",
        "ข้อมูลความลับทางราชการ",
    ),
    "data_classification": (
        "เปิดเผย",
        "ชั้นเผยแพร่ภายในองค์กร",
        "ลับ",
        "ลับมาก",
        "ลับที่สุด",
    ),
    "license_id": (
        "Open Data Common",
        "Creative Commons Attributions",
        "Creative Commons Attribution Non-Commercial",
        "Creative Commons Attribution Share-Alike",
        "Creative Commons Attribution Non-Commercial Share-Alike",
        "Creative Commons Attribution Non-Commercial No-Derivs",
        "Creative Commons Attribution No-Derivs",
        "อื่นๆ",
    ),
    "data_support": (
        "ไม่มี",
        "หน่วยงานของรัฐ",
        "หน่วยงานเอกชน",
        "หน่วยงาน/องค์กรระหว่างประเทศ",
        "มูลนิธิ/สมาคม",
        "สถาบันการศึกษา",
        "อื่นๆ",
    ),
    "data_collect": (
        "ไม่มี",
        "บุคคล",
        "ครัวเรือน/ครอบครัว",
        "บ้าน/ที่อยู่อาศัย",
        "บริษัท/ห้างร้าน/สถานประกอบการ",
        "อาคาร/สิ่งปลูกสร้าง",
        "พื้นที่การเกษตร ประมง ป่าไม้",
        "สัตว์และพันธุ์พืช",
        "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
        "แหล่งน้ำ เช่น แม่น้ำ อ่างเก็บน้ำ",
        "เส้นทางการเดินทาง เช่น ถนน ทางรถไฟ",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "data_language": (
        "ไทย",
        "อังกฤษ",
        "จีน",
        "มลายู",
        "พม่า",
        "ลาว",
        "เขมร",
        "ญี่ปุ่น",
        "เกาหลี",
        "ฝรั่งเศส",
        "เยอรมัน",
        "อารบิก",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "disaggregate": (
        "ไม่มี",
        "เพศ",
        "อายุ/กลุ่มอายุ",
        "สถานภาพสมรส",
        "ศาสนา",
        "ระดับการศึกษา",
        "อาชีพ",
        "สถานภาพการทำงาน",
        "อุตสาหกรรม/ประเภทกิจการ",
        "รายได้",
        "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
        "ผลิตภัณฑ์",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "unit_of_multiplier": (
        "หน่วย",
        "สิบ",
        "ร้อย",
        "พัน",
        "หมื่น",
        "แสน",
        "ล้าน",
        "สิบล้าน",
        "ร้อยล้าน",
        "พันล้าน",
        "หมื่นล้าน",
        "แสนล้าน",
        "ล้านล้าน",
        "ไม่ทราบ",
        "อื่นๆ",
    ),
    "geographic_data_set": (
        "ชั้นข้อมูลแปลงที่ดิน",
        "ชั้นข้อมูลขอบเขตการปกครอง",
        "ชั้นข้อมูลเส้นทางคมนาคม",
        "ชั้นข้อมูลชุมนุม/อาคาร",
        "ชั้นข้อมูลป่าไม้",
        "ชั้นข้อมูลการใช้ประโยชน์ที่ดิน",
        "ชั้นข้อมูลแหล่งน้ำ",
        "ชั้นข้อมูลอุทกศาสตร์",
        "ชั้นข้อมูลหมุดหลักฐานแผนที่",
        "ชั้นข้อมูลความสูงภูมิประเทศเชิงตัวเลข",
        "ชั้นข้อมูลภาพแผนที่ภูมิประเทศ",
        "ชั้นข้อมูลแผนที่ภาพถ่ายทางอากาศ",
        "ชั้นข้อมูลภาพวาดดาวเทียมดัดแก้",
    ),
    "equivalent_scale": (
        "1:4,000",
        "1:10,000",
        "1:25,000",
        "1:50,000",
        "1:250,000",
        "อื่นๆ",
    ),
    "high_value_dataset": (
        "False",
        "True",
    ),
    "reference_data": (
        "False",
        "True",
    ),
    "official_statistics": (
        "False",
        "True",
    ),
}

RESOURCE_CHOICES: dict[str, tuple[str, ...]] = {
    "resource_data_collect": DATASET_CHOICES["data_collect"],  # the same list as the dataset's
    "resource_cdp": (
        "ใช่1",
        "ไม่ใช่",
    ),
    "resource_disaggregate": DATASET_CHOICES["disaggregate"],  # the same list as the dataset's
    "resource_unit_of_multiplier": DATASET_CHOICES["unit_of_multiplier"],  # the same list as the dataset's
    "resource_geographic_data_set": DATASET_CHOICES["geographic_data_set"],  # the same list as the dataset's
    "resource_equivalent_scale": DATASET_CHOICES["equivalent_scale"],  # the same list as the dataset's
    "resource_official_statistics": DATASET_CHOICES["official_statistics"],  # the same list as the dataset's
}

FIELD_DATA_TYPES: dict[str, tuple[str, ...]] = {
    "data_type_other": ("ข้อมูลประเภทอื่นๆ",),
    "data_support": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "data_support_other": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "data_collect": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "data_collect_other": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "created_date": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "data_release_calendar": ("ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "first_year_of_data": ("ข้อมูลสถิติ",),
    "last_year_of_data": ("ข้อมูลสถิติ",),
    "disaggregate": ("ข้อมูลสถิติ",),
    "disaggregate_other": ("ข้อมูลสถิติ",),
    "unit_of_measure": ("ข้อมูลสถิติ",),
    "unit_of_multiplier": ("ข้อมูลสถิติ",),
    "unit_of_multiplier_other": ("ข้อมูลสถิติ",),
    "calculation_method": ("ข้อมูลสถิติ",),
    "standard": ("ข้อมูลสถิติ",),
    "geographic_data_set": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "equivalent_scale": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "equivalent_scale_other": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "west_bound_longitude": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "east_bound_longitude": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "north_bound_longitude": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "south_bound_longitude": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "positional_accuracy": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "reference_period": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "data_release_date": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "high_value_dataset": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "reference_data": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "official_statistics": ("ข้อมูลสถิติ",),
    "resource_data_collect": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "resource_data_collect_other": ("ข้อมูลระเบียน", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "resource_first_year_of_data": ("ข้อมูลสถิติ",),
    "resource_last_year_of_data": ("ข้อมูลสถิติ",),
    "resource_disaggregate": ("ข้อมูลสถิติ",),
    "resource_disaggregate_other": ("ข้อมูลสถิติ",),
    "resource_unit_of_measure": ("ข้อมูลสถิติ",),
    "resource_unit_of_multiplier": ("ข้อมูลสถิติ",),
    "resource_unit_of_multiplier_other": ("ข้อมูลสถิติ",),
    "resource_geographic_data_set": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "resource_equivalent_scale": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "resource_equivalent_scale_other": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "resource_positional_accuracy": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
    "resource_created_date": ("ข้อมูลระเบียน", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ",),
    "resource_data_release_calendar": ("ข้อมูลสถิติ",),
    "resource_official_statistics": ("ข้อมูลสถิติ",),
    "resource_data_release_date": ("ข้อมูลภูมิสารสนเทศเชิงพื้นที่",),
}

REQUIRED_DATASET_FIELDS: tuple[str, ...] = (
    "data_type", "title", "owner_org", "maintainer", "maintainer_email", "tag_string", "notes", "objective",
    "update_frequency_unit", "geo_coverage", "data_source", "data_format", "data_category", "license_id",
)
MULTIPLE_CHOICE_FIELDS: frozenset[str] = frozenset(
    {"objective", "data_format", "data_language", "disaggregate", "resource_disaggregate"})
# the scheming `date` preset: stored as an ISO date
DATE_FIELDS: frozenset[str] = frozenset(
    {"created_date", "last_updated_date", "data_release_calendar", "data_release_date", "resource_created_date",
     "resource_last_updated_date", "resource_data_release_calendar", "resource_data_release_date"})
# data_type's own "other" choice: like OTHER, it asks for the text in data_type_other
DATA_TYPE_OTHER = "ข้อมูลประเภทอื่นๆ"

# data_category -> allowed data_classification
CLASSIFICATION_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "ข้อมูลสาธารณะ": ("เปิดเผย",),
    "ข้อมูลใช้ภายใน": ("ชั้นเผยแพร่ภายในองค์กร",),
    "ข้อมูลส่วนบุคคล": ("ชั้นเผยแพร่ภายในองค์กร", "ลับ", "ลับมาก"),
    "ข้อมูลความมั่นคง": ("ลับ", "ลับมาก", "ลับที่สุด"),
    "ข้อมูลความลับทางราชการ": ("ลับ", "ลับมาก", "ลับที่สุด"),
}

# currency frequency (catalog.disclosure.currency) -> update_frequency_unit
FREQUENCY_UNIT: dict[str, str] = {
    "monthly": "เดือน",
    "quarterly": "ไตรมาส",
    "semiannual": "ครึ่งปี",
    "annual": "ปี",
    "on_change": OTHER,
}

# keys a category's "gdc" defaults may carry besides the schema's fields
EXTRA_KEYS: frozenset[str] = frozenset({"tags"})


def _known_fields() -> frozenset[str]:
    names = set(DATASET_CHOICES) | set(FIELD_DATA_TYPES) | set(REQUIRED_DATASET_FIELDS)
    names |= {f"{name}_other" for name in DATASET_CHOICES}
    names |= {"name", "url", "update_frequency_interval", "accessible_condition", "reference_url_catalog",
              "last_updated_date"}
    return frozenset(n for n in names if not n.startswith("resource_"))


DATASET_FIELDS: frozenset[str] = _known_fields()


class Problem(str):
    """A problem in English (the string itself) that also says itself in Thai (`th`)."""

    th: str

    def __new__(cls, en: str, th: str):
        problem = super().__new__(cls, en)
        problem.th = th
        return problem


def validate_gdc(metadata: Mapping[str, Any], *, complete: bool = False) -> list[Problem]:
    """Problems with GD Catalog dataset metadata (an empty list when it is fine).

    Checks choice values (single and multiple), that `อื่นๆ` comes with its `<field>_other` text, that
    `data_classification` fits `data_category`, that data-type-specific fields fit `data_type`, that
    `update_frequency_interval` is a positive integer, and unknown keys. With `complete=True` the
    schema's required fields must be present too (category defaults are partial: no title, owner_org,
    maintainer ...).
    """
    problems: list[str] = []
    for key in metadata:
        if key not in DATASET_FIELDS and key not in EXTRA_KEYS:
            problems.append(Problem(f"{key}: not a GD Catalog dataset field", f"{key}: ไม่ใช่ฟิลด์ของชุดข้อมูล GD Catalog"))
    for name, allowed in DATASET_CHOICES.items():
        if name not in metadata:
            continue
        value = metadata[name]
        if name in MULTIPLE_CHOICE_FIELDS:
            if not isinstance(value, (list, tuple)) or not value:
                problems.append(Problem(f"{name}: must be a non-empty list of choices",
                                        f"{name}: ต้องเลือกอย่างน้อยหนึ่งตัวเลือก"))
                continue
            values = list(value)
        else:
            if not isinstance(value, str):
                problems.append(Problem(f"{name}: must be one choice (a string), not {value!r}",
                                        f"{name}: ต้องเป็นตัวเลือกเดียว ไม่ใช่ {value!r}"))
                continue
            values = [value]
        for v in values:
            if v not in allowed:
                problems.append(Problem(f"{name}: {v!r} is not one of the GD Catalog choices",
                                        f"{name}: {v!r} ไม่อยู่ในตัวเลือกของ GD Catalog"))
        if OTHER in values and not str(metadata.get(f"{name}_other") or "").strip():
            problems.append(Problem(f"{name}: {OTHER!r} needs the text in {name}_other",
                                    f"{name}: เลือก {OTHER!r} แล้วต้องระบุข้อความใน {name}_other"))
    data_type = metadata.get("data_type")
    if isinstance(data_type, str):
        for name, types in FIELD_DATA_TYPES.items():
            if name in metadata and data_type not in types:
                problems.append(Problem(f"{name}: only for data_type {', '.join(types)}, not {data_type!r}",
                                        f"{name}: ใช้ได้เฉพาะ data_type {', '.join(types)} ไม่ใช่ {data_type!r}"))
    category = metadata.get("data_category")
    classification = metadata.get("data_classification")
    if category in CLASSIFICATION_BY_CATEGORY and classification is not None:
        if classification not in CLASSIFICATION_BY_CATEGORY[category]:
            allowed = ", ".join(CLASSIFICATION_BY_CATEGORY[category])
            problems.append(Problem(f"data_classification: {classification!r} does not fit data_category {category!r} "
                                    f"(allowed: {allowed})",
                                    f"data_classification: {classification!r} ไม่เข้ากับ data_category {category!r} "
                                    f"(ที่ใช้ได้: {allowed})"))
    interval = metadata.get("update_frequency_interval")
    if interval is not None and (isinstance(interval, bool) or not isinstance(interval, int) or interval < 1):
        problems.append(Problem(f"update_frequency_interval: must be a positive integer, not {interval!r}",
                                f"update_frequency_interval: ต้องเป็นจำนวนเต็มบวก ไม่ใช่ {interval!r}"))
    tags = metadata.get("tags")
    if tags is not None and (not isinstance(tags, (list, tuple)) or not all(
            isinstance(t, str) and t.strip() for t in tags)):
        problems.append(Problem("tags: must be a list of non-empty strings", "tags: ต้องเป็นรายการคำที่ไม่ว่าง"))
    if complete:
        for name in REQUIRED_DATASET_FIELDS:
            if name == "tag_string":
                if not (metadata.get("tag_string") or metadata.get("tags")):
                    problems.append(Problem("tag_string: required (or tags)", "tag_string: ต้องมีคำสำคัญ (tags)"))
            elif metadata.get(name) in (None, "", [], ()):
                problems.append(Problem(f"{name}: required", f"{name}: ต้องกรอก"))
    return problems


# GD Catalog licence label -> (SPDX code, licence URL), for the Frictionless `licenses` entry
_LICENSE_CODES = {
    "Creative Commons Attributions": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "Open Data Common": ("ODC-BY-1.0", "https://opendatacommons.org/licenses/by/1-0/"),
}


def license_for_label(label: str) -> dict:
    """The Frictionless licence of a GD Catalog licence label: SPDX code as name, the label as title."""
    code, path = _LICENSE_CODES.get(label, (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "other", None))
    return {"name": code, "title": label, **({"path": path} if path else {})}
