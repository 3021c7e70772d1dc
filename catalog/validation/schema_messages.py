"""One-line English and Thai messages for schema-check findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frictionless import Field

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "integer": ("an integer", "จำนวนเต็ม"),
    "number": ("a number", "ตัวเลข"),
    "boolean": ("a boolean", "ค่าจริง/เท็จ"),
    "date": ("a date", "วันที่"),
    "datetime": ("a date and time", "วันที่และเวลา"),
    "time": ("a time", "เวลา"),
    "year": ("a year", "ปี"),
    "yearmonth": ("a year and month", "ปีและเดือน"),
    "duration": ("a duration", "ช่วงเวลา"),
    "string": ("text", "ข้อความ"),
    "object": ("a JSON object", "ออบเจกต์ JSON"),
    "array": ("a JSON array", "อาร์เรย์ JSON"),
    "geopoint": ("a geographic point", "พิกัดภูมิศาสตร์"),
}
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "email": ("an email address", "อีเมล"),
    "uri": ("a URI", "URI"),
    "uuid": ("a UUID", "UUID"),
    "binary": ("base64 data", "ข้อมูล base64"),
}


def show(cell: Any, limit: int = 60) -> str:
    """A cell as it fits in a one-line message."""
    text = "" if cell is None else str(cell)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def type_error(field: Field, cell: str) -> tuple[str, str]:
    name_en, name_th = FORMAT_NAMES.get(field.format) or TYPE_NAMES.get(field.type, (field.type,) * 2)
    hint_en = hint_th = ""
    if field.type == "date":
        pattern = "YYYY-MM-DD" if field.format == "default" else field.format
        hint_en, hint_th = f" (expected {pattern})", f" (ต้องเป็นรูปแบบ {pattern})"
    elif field.type == "datetime" and field.format == "default":
        hint_en, hint_th = " (expected YYYY-MM-DDThh:mm:ss)", " (ต้องเป็นรูปแบบ YYYY-MM-DDThh:mm:ss)"
    elif field.type == "boolean":
        accepted = ", ".join(list(field.true_values) + list(field.false_values))  # type: ignore[attr-defined]
        hint_en, hint_th = f" (accepted: {accepted})", f" (ใช้ได้: {accepted})"
    return f"'{show(cell)}' is not {name_en}{hint_en}", f"'{show(cell)}' ไม่ใช่{name_th}{hint_th}"


def constraint_error(name: str, constraint: Any, cell: str) -> tuple[str, str]:
    value = show(cell)
    if name == "required":
        return "value is required", "ต้องกรอกค่านี้"
    if name == "minimum":
        return (f"'{value}' is less than the minimum {constraint}",
                f"'{value}' น้อยกว่าค่าต่ำสุด {constraint}")
    if name == "maximum":
        return (f"'{value}' is greater than the maximum {constraint}",
                f"'{value}' มากกว่าค่าสูงสุด {constraint}")
    if name == "exclusiveMinimum":
        return f"'{value}' must be greater than {constraint}", f"'{value}' ต้องมากกว่า {constraint}"
    if name == "exclusiveMaximum":
        return f"'{value}' must be less than {constraint}", f"'{value}' ต้องน้อยกว่า {constraint}"
    if name == "enum":
        allowed = show(", ".join(str(option) for option in constraint), 200)
        return (f"'{value}' is not one of: {allowed}",
                f"'{value}' ไม่ใช่ค่าใดค่าหนึ่งใน: {allowed}")
    if name == "pattern":
        return (f"'{value}' does not match the pattern {constraint}",
                f"'{value}' ไม่ตรงกับรูปแบบ {constraint}")
    if name == "minLength":
        return (f"'{value}' is shorter than {constraint} characters",
                f"'{value}' สั้นกว่า {constraint} ตัวอักษร")
    if name == "maxLength":
        return (f"'{value}' is longer than {constraint} characters",
                f"'{value}' ยาวเกิน {constraint} ตัวอักษร")
    return (f"'{value}' breaks the constraint {name} = {constraint}",
            f"'{value}' ไม่เป็นไปตามเงื่อนไข {name} = {constraint}")


def unique_error(cell: str, first_row: int) -> tuple[str, str]:
    return (f"'{show(cell)}' is repeated: it is already in row {first_row}",
            f"'{show(cell)}' ซ้ำกับค่าในแถวที่ {first_row}")


def primary_key_repeated(fields: list[str], cells: str, first_row: int) -> tuple[str, str]:
    names = ", ".join(fields)
    return (f"primary key ({names}) '{show(cells)}' is repeated: it is already in row {first_row}",
            f"คีย์หลัก ({names}) '{show(cells)}' ซ้ำกับแถวที่ {first_row}")


def primary_key_empty(fields: list[str]) -> tuple[str, str]:
    names = ", ".join(fields)
    return f"primary key ({names}) has no value", f"คีย์หลัก ({names}) ไม่มีค่า"


def foreign_key_error(fields: list[str], cells: str, reference: str,
                      reference_fields: list[str]) -> tuple[str, str]:
    names, targets = ", ".join(fields), ", ".join(reference_fields)
    return (f"'{show(cells)}' ({names}) is not found in {reference} ({targets})",
            f"ไม่พบ '{show(cells)}' ({names}) ใน {reference} ({targets})")


def missing_cell() -> tuple[str, str]:
    return "the row has no cell for this column", "แถวนี้ไม่มีช่องของคอลัมน์นี้"


def extra_cell(cell: str, column: int) -> tuple[str, str]:
    return (f"the row has an extra cell '{show(cell)}' in column {column}",
            f"แถวนี้มีช่องเกินมา '{show(cell)}' ในคอลัมน์ที่ {column}")


def blank_row() -> tuple[str, str]:
    return "the row is blank", "แถวนี้ว่างทั้งแถว"


def label_error(code: str, field: str | None, label: str, column: int) -> tuple[str, str]:
    if code == "extra-label":
        return (f"header column {column} '{show(label)}' is not in the schema",
                f"หัวตารางคอลัมน์ที่ {column} '{show(label)}' ไม่มีในสคีมา")
    if code == "unmatched-header":
        return ("no header label matches a field of the schema",
                "ไม่มีชื่อคอลัมน์ในหัวตารางที่ตรงกับฟิลด์ในสคีมาเลย")
    if code == "missing-label":
        return (f"the header has no column '{field}'", f"หัวตารางไม่มีคอลัมน์ '{field}'")
    if code == "blank-label":
        return (f"header column {column} (for '{field}') is blank",
                f"หัวตารางคอลัมน์ที่ {column} (ของ '{field}') ว่าง")
    if code == "duplicate-label":
        return (f"header column {column} '{show(label)}' repeats an earlier label",
                f"หัวตารางคอลัมน์ที่ {column} '{show(label)}' ซ้ำกับคอลัมน์ก่อนหน้า")
    return (f"header column {column} is '{show(label)}' but the schema expects '{field}'",
            f"หัวตารางคอลัมน์ที่ {column} เป็น '{show(label)}' แต่สคีมากำหนดเป็น '{field}'")


def ambiguous_labels(fields_match: str) -> tuple[str, str]:
    return (f'fields are matched by name ("fieldsMatch": "{fields_match}"), so header labels must '
            "be unique",
            f'ฟิลด์จับคู่ตามชื่อ ("fieldsMatch": "{fields_match}") ชื่อคอลัมน์ในหัวตารางจึงต้องไม่ซ้ำกัน')


def schema_error(note: str) -> tuple[str, str]:
    return (f"the table schema is not valid: {show(note, 300)}",
            f"Table Schema ไม่ถูกต้อง: {show(note, 300)}")


def source_error() -> tuple[str, str]:
    return "the file is empty", "ไฟล์ว่างเปล่า"


def unreadable_file(name: str, reason: str) -> tuple[str, str]:
    return f"cannot open {name}: {reason}", f"เปิดไฟล์ {name} ไม่ได้: {reason}"


def encoding_error(reason: str) -> tuple[str, str]:
    return f"the file cannot be read: {reason}", f"อ่านไฟล์ไม่ได้: {reason}"


def unknown_resource(name: str) -> tuple[str, str]:
    return (f"a foreign key refers to resource '{name}', which the package does not have",
            f"foreign key อ้างถึงทรัพยากร '{name}' ซึ่งไม่มีในแพ็กเกจ")
