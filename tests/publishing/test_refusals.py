"""A catalog's refusal (ckanapi.ValidationError) is explained in one line of English and one of Thai:
the field's label, what the catalog said, translated, and what to change."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import ckanapi
import pytest

from catalog.publishing import refusals
from catalog.publishing.refusals import explain_refusal

SERVER = Path(__file__).resolve().parents[2] / "catalog" / "server"
UNKNOWN_EN = "the catalog said"
UNKNOWN_TH = "แคตตาล็อกแจ้งว่า"

# What the Thai text may hold in Latin letters: quoted values (“...”) and identifiers: quoted or
# parenthesised field names, snake_case names, file names, command-line options and commands, URL schemes.
THAI_IDENTIFIERS = re.compile(
    r"“[^”]*”|\"[^\"]*\"|\([a-z_0-9]+\)|[\w.-]+\.json|--[a-z-]+|catalog (?:build|publish|admin(?: [a-z-]+)?)"
    r"|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|https?://")


def latin_words(thai: str, fields=()) -> list[str]:
    """The Latin-letter words of a Thai text that are not identifiers (nor `fields`, the refused fields)."""
    for name in fields:
        thai = thai.replace(name, " ")
    return re.findall(r"[A-Za-z]+", THAI_IDENTIFIERS.sub(" ", thai))


def assert_one_clean_line(en: str, th: str) -> None:
    for text in (en, th):
        assert "\n" not in text and "\r" not in text
        assert not re.search(r"[\[{]'|'[\]}]|\{'|\['", text), text  # no Python dict/list repr
        assert "{" not in text and "}" not in text, text  # no template left unfilled


TAG_CHARS = ('Tag "{}" can only contain alphanumeric characters, spaces (" "), hyphens ("-"), underscores ("_") '
             'or dots (".")')

# (action, error_dict, English fragments, Thai fragments): every message kind explained
CASES = [
    # required values
    ("package_create", {"owner_org": ["Missing value"]}, ["Organization (owner_org)", "--agency agency.json"],
     ["หน่วยงานเจ้าของชุดข้อมูล (owner_org)", "ไม่มีค่า", "catalog build --agency agency.json"]),
    ("package_create", {"owner_org": ["An organization must be provided"], "__type": "Validation Error"},
     ["no organization given", "the package names no agency: build it with --agency agency.json"],
     ["ไม่ได้ระบุหน่วยงาน", "แพ็กเกจไม่ได้ระบุหน่วยงาน", "catalog build --agency agency.json"]),
    ("package_create", {"maintainer": ["Missing value"]}, ["Contact Person (maintainer)", "agency.json"],
     ["ชื่อฝ่ายงานสำหรับติดต่อ (maintainer)", "ไม่มีค่า", '"maintainer" ใน agency.json']),
    ("package_create", {"tag_string": ["Missing value"]}, ["Tags (tag_string)", "keywords"],
     ["คำสำคัญ (tag_string)", "เพิ่มคำสำคัญ", '"keywords" ใน datapackage.json']),
    ("package_create", {"data_source": ["Missing value"]}, ["Data Source (data_source)", '"data_source" in'],
     ["แหล่งที่มา (data_source)", "กรอกค่านี้"]),
    ("package_create", {"objective_other": ["Missing value"]},
     ['Objective (objective) is "อื่นๆ"', '"objective_other" in datapackage.json'],
     ["วัตถุประสงค์ (อื่นๆ โปรดระบุ) (objective_other)", "เลือก “อื่นๆ” ในวัตถุประสงค์", '"objective_other"']),
    ("package_create", {"data_type_other": ["Missing value"]}, ['is "ข้อมูลประเภทอื่นๆ"'],
     ["เลือก “ข้อมูลประเภทอื่นๆ” ในประเภทชุดข้อมูล"]),
    ("package_create", {"objective": ["Select at least one"]},
     ["Objective (objective)", "nothing chosen", '"ยุทธศาสตร์ชาติ"'],
     ["วัตถุประสงค์ (objective)", "ยังไม่ได้เลือก", "“ยุทธศาสตร์ชาติ”"]),
    # organization
    ("package_create", {"owner_org": ["Organization does not exist"]},
     ["no such organization", '"slug" in agency.json'],
     ["แคตตาล็อกไม่มีหน่วยงานนี้", '"slug" ใน agency.json']),
    ("package_create", {"owner_org": ["You cannot add a dataset to this organization"]}, ["make you an editor"],
     ["ไม่มีสิทธิ์เพิ่มชุดข้อมูลในหน่วยงานนี้", "บรรณาธิการ"]),
    ("package_update", {"owner_org": ["You cannot move this dataset to another organization"]}, ["may not move it"],
     ["ย้ายหน่วยงานไม่ได้"]),
    ("package_create", {"private": ["Datasets with no organization can't be private."]}, ["cannot be private"],
     ["ตั้งเป็นส่วนตัวไม่ได้", "--agency agency.json"]),
    # names and titles
    ("package_create", {"name": ["That URL is already in use."]},
     ["URL name (name)", "another dataset already has this name", "catalog build --name"],
     ["ชื่อสำหรับลิงก์ของชุดข้อมูล (name)", "มีชุดข้อมูลอื่นใช้ชื่อนี้แล้ว", "catalog build --name"]),
    ("package_create", {"name": ["That URL is already in trash."]}, ["in the trash", "dataset_purge"],
     ["ถังขยะ", "dataset_purge"]),
    ("package_create", {"title": ["That title is already in use."]},
     ["Dataset Name (title)", "another dataset already has this title",
      "give the package a different title (catalog build --title, or \"title\" in datapackage.json)"],
     ["ชื่อชุดข้อมูล (title)", "มีชุดข้อมูลอื่นใช้ชื่อชุดข้อมูลนี้แล้ว", "catalog build --title"]),
    ("organization_create", {"name": ["Group name already exists in database"]},
     ["another organization or group already has this name", '"slug" in agency.json'],
     ["ชื่อสำหรับลิงก์ของหน่วยงาน (name)", "มีหน่วยงานหรือกลุ่มอื่นใช้ชื่อนี้แล้ว"]),
    ("organization_create", {"name": ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]},
     ["only lowercase English letters, digits, - and _"], ["อักษรอังกฤษตัวพิมพ์เล็ก", '"slug" ใน agency.json']),
    ("package_create", {"name": ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]},
     ["no Thai letters, spaces or capitals", "catalog build --name"], ["ห้ามมีอักษรไทย", "catalog build --name"]),
    ("package_create", {"name": ["Must be at least 2 characters long"]},
     ["at least 2 characters"], ["อย่างน้อย 2 ตัวอักษร"]),
    ("group_create", {"name": ["Name must be at least 2 characters long"]}, ["at least 2 characters"],
     ["อย่างน้อย 2 ตัวอักษร"]),
    ("package_create", {"name": ["Name must be a maximum of 100 characters long"]}, ["at most 100 characters"],
     ["ต้องไม่เกิน 100 ตัวอักษร"]),
    ("package_create", {"version": ["Version must be a maximum of 100 characters long"]},
     ["Version (version)", "at most 100"], ["รุ่นของชุดข้อมูล (version)", "ต้องไม่เกิน 100"]),
    ("package_create", {"version": ["Length must be less than 100 characters"]}, ["at most 100"], ["ต้องไม่เกิน 100"]),
    ("package_create", {"name": ['Name "ab" length is less than minimum 7']}, ['shorter than 7 characters: "ab"'],
     ["สั้นกว่า 7 ตัวอักษร: “ab”"]),
    ("package_create", {"name": ['Name "phuket-pao-egp-contract-2568-x" length is more than maximum 70']},
     ['longer than 70 characters: "phuket-pao-egp-contract-2568-x"'],
     ["ยาวเกิน 70 ตัวอักษร: “phuket-pao-egp-contract-2568-x”"]),
    ("package_create", {"name": ["That name cannot be used"]}, ["keeps this name for itself"], ["สงวนชื่อนี้"]),
    ("package_create", {"name": ["Names must be strings"]}, ["must be text"], ["ต้องเป็นข้อความ"]),
    ("package_create", {"notes": ["Must be a Unicode string value"]}, ["Description (notes)", "must be text"],
     ["คำอธิบายชุดข้อมูล (notes)", "ต้องเป็นข้อความ"]),
    ("package_create", {"name": ["That login name is not available."]}, ["login name"], ["ชื่อเข้าระบบ"]),
    # ids
    ("package_create", {"id": ["Dataset id already exists"]}, ["already belongs to another entry", "catalog publish"],
     ["รหัสนี้เป็นของรายการอื่น", "catalog publish"]),
    ("resource_create", {"id": ["Resource id already exists"]}, ["resource id (id)", "already belongs"],
     ["รหัสทรัพยากร (id)", "รหัสนี้เป็นของรายการอื่น"]),
    ("package_update", {"resources": [{"id": ["Resource id already exists."]}]}, ["resource 1, resource id (id)"],
     ["ทรัพยากรที่ 1, รหัสทรัพยากร (id)"]),
    ("organization_create", {"id": ["Id already exists"]}, ["organization id (id)"], ["รหัสหน่วยงาน (id)"]),
    ("package_create", {"id": ["Invalid id provided"]}, ["not a valid id"], ["รหัสไม่ถูกต้อง"]),
    ("package_create", {"id": ["Invalid UUID"]}, ["not a valid id"], ["รหัสไม่ถูกต้อง"]),
    ("package_create", {"id": ["Only sysadmins may choose a dataset id"]}, ["only a sysadmin"], ["เฉพาะผู้ดูแลระบบ"]),
    ("package_update", {"id": ["Cannot change value of key from abc to def. This key is read-only"]},
     ['from "abc" to "def"'], ["จาก “abc” เป็น “def”"]),
    # tags
    ("package_create", {"tag_string": ['Tag "" must be alphanumeric characters or symbols: -_.']},
     ["the package has no keywords"], ["แพ็กเกจไม่มีคำสำคัญ", '"keywords" ใน datapackage.json']),
    ("package_create", {"tag_string": ['Tag "ก" length is less than minimum 2']},
     ['keywords shorter than 2 characters: "ก"'], ["คำสำคัญที่สั้นกว่า 2 ตัวอักษร: “ก”"]),
    ("package_create", {"tags": ['Tag "' + "ก" * 101 + '" length is more than maximum 100']},
     ["keywords longer than 100 characters"], ["คำสำคัญที่ยาวเกิน 100 ตัวอักษร"]),
    ("package_create", {"tags": [TAG_CHARS.format("จัดซื้อจัดจ้าง")]},
     ['Tags (tags): keywords with characters this catalog refuses', '"จัดซื้อจัดจ้าง"', '"keywords" in datapackage.json'],
     ["คำสำคัญ (tags)", "สระบนล่างและวรรณยุกต์ไทย", "“จัดซื้อจัดจ้าง”", '"keywords" ใน datapackage.json']),
    ("package_create", {"tag_string": ['Tag "ภาษี/อากร" must be alphanumeric characters or symbols: -_.']},
     ['"ภาษี/อากร"', "change or remove"], ["“ภาษี/อากร”", "แก้ไขหรือลบ"]),
    ("package_create", {"tags": [{"name": ['Tag "Procurement" must not be uppercase']}]},
     ['keywords in capitals: "Procurement"', "lowercase"], ["คำสำคัญที่มีตัวพิมพ์ใหญ่: “Procurement”", "ตัวพิมพ์เล็ก"]),
    ("package_create", {"tags": [{"name": ["No tag name"]}]}, ["a keyword is empty"], ["มีคำสำคัญที่ว่างเปล่า"]),
    ("package_create", {"tags": [{"vocabulary_id": ["Tag vocabulary was not found."]}]}, ["tag vocabulary"],
     ["ชุดคำศัพท์"]),
    ("package_create", {"tags": ['Tag vocabulary "topics" does not exist']}, ['"topics"'], ["“topics”"]),
    ("package_create", {"tags": ["Tag egp does not belong to vocabulary topics"]}, ['"egp"'], ["“egp”"]),
    # e-mail
    ("package_create", {"maintainer_email": ["Email opendata@ is not a valid format"]},
     ["Contact Email (maintainer_email)", 'not a valid e-mail address: "opendata@"', "agency.json"],
     ["อีเมลสำหรับติดต่อ (maintainer_email)", "ไม่ใช่อีเมลที่ถูกต้อง: “opendata@”", '"maintainer_email" ใน agency.json']),
    ("package_create", {"author_email": ["Please enter a valid email address"]}, ["Author Email", "not a valid e-mail"],
     ["อีเมลผู้จัดทำ", "ไม่ใช่อีเมลที่ถูกต้อง"]),
    ("package_create", {"maintainer_email": ["Invalid email address."]},
     ["not a valid e-mail"], ["ไม่ใช่อีเมลที่ถูกต้อง"]),
    ("package_create", {"maintainer_email": ["The email address 'a@b.go.th' belongs to a registered user."]},
     ["another user already has this e-mail"], ["มีผู้ใช้อื่นใช้อีเมลนี้แล้ว"]),
    # numbers, dates, URLs
    ("package_create", {"update_frequency_interval": ["Invalid integer"]},
     ["Update Frequency Interval (update_frequency_interval)", "not a whole number"],
     ["ค่าความถี่ของการปรับปรุงข้อมูล", "ไม่ใช่จำนวนเต็ม"]),
    ("resource_create", {"size": ["Please enter an integer value"]}, ["size (size)", "whole number"],
     ["ขนาดไฟล์ (size)", "ไม่ใช่จำนวนเต็ม"]),
    ("package_search", {"rows": ["Must be a natural number"]}, ["0 or more"], ["ตั้งแต่ 0 ขึ้นไป"]),
    ("package_create", {"update_frequency_interval": ["Must be a positive integer"]},
     ["1 or more"], ["ตั้งแต่ 1 ขึ้นไป"]),
    ("package_create", {"positional_accuracy": ["Please enter a floating point value"]},
     ["not a number"], ["ไม่ใช่ตัวเลข"]),
    ("package_create", {"metadata_modified": ["Must be a float timestamp"]}, ["timestamp"], ["จำนวนวินาที"]),
    ("package_create", {"created_date": ["Date format incorrect"]}, ["Created date (created_date)", "2024-10-01"],
     ["วันที่เริ่มต้นสร้าง (created_date)", "แคตตาล็อกอ่านวันที่นี้ไม่ได้", "ปี ค.ศ.", "2024-10-01"]),
    ("resource_create", {"resource_created_date": ["Date format incorrect"]}, ["Created date (resource_created_date)"],
     ["วันที่เริ่มต้นสร้าง (resource_created_date)", "ของทรัพยากรใน datapackage.json"]),
    ("compliance_list", {"as_of": ["a date as YYYY-MM-DD, Buddhist Era (2568-11-30) or Common Era"]},
     ["as_of", "2568-11-30 or 2025-11-30"], ["อ่านวันที่นี้ไม่ได้", "2568-11-30"]),
    ("compliance_list", {"fiscal_year": ["a Buddhist Era fiscal year, e.g. 2568"]},
     ["not a Buddhist Era fiscal year"], ["ปีงบประมาณแบบ พ.ศ.", "2568"]),
    ("package_create", {"reference_period_time": ["Time format incorrect"]}, ["hours:minutes"], ["ชั่วโมง:นาที"]),
    ("package_create", {"reference_period_date": ["Date is required when a time is provided"]}, ["without a date"],
     ["มีเวลาแต่ไม่มีวันที่"]),
    ("package_create", {"reference_period_tz": ["Invalid timezone"]}, ["Asia/Bangkok"], ["เขตเวลา", "“Asia/Bangkok”"]),
    ("package_create", {"url": ["Please provide a valid URL"]}, ["Source URL (url)", "http://", '"homepage"'],
     ["ลิงก์หน้าเว็บของชุดข้อมูล (url)", "ไม่ใช่ที่อยู่เว็บที่ถูกต้อง", "https://"]),
    # fields the catalog does not take
    ("package_create", {"first_year_of_data": ["The input field first_year_of_data was not expected."]},
     ['only for datasets whose data type is "ข้อมูลสถิติ"', '"data_type"'],
     ["ปีข้อมูลที่เริ่มต้นจัดทำ (สำหรับชุดข้อมูลสถิติ) (first_year_of_data)",
      "ใช้กับชุดข้อมูลที่มีประเภทชุดข้อมูลเป็น “ข้อมูลสถิติ” เท่านั้น"]),
    ("package_create", {"__junk": ["The input field ['disclosure', 'sources'] was not expected."]},
     ['does not take these fields: "disclosure", "sources"'], ["แคตตาล็อกไม่รับช่องเหล่านี้: “disclosure”, “sources”"]),
    # choices
    ("package_create", {"geo_coverage": ['unexpected choice "ภูเก็ต"']},
     ['Geo Coverage (geo_coverage): not one of the catalog\'s choices: "ภูเก็ต"', '"จังหวัด"'],
     ["ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่ (geo_coverage)", "ไม่ใช่ตัวเลือกของแคตตาล็อก: “ภูเก็ต”", "“จังหวัด”"]),
    ("package_create", {"data_language": ['unexpected choice "Thai"', 'unexpected choice "English"']},
     ['"Thai", "English"', '"ไทย"'], ["“Thai”, “English”", "“ไทย”"]),
    ("resource_create", {"resource_cdp": ['unexpected choice "ใช่"']}, ['"ใช่1"'],
     ["หน่วยงานต้องการส่งข้อมูลไปยังแพลตฟอร์มข้อมูลเมืองหรือไม่ (resource_cdp)", "“ใช่1”"]),
    ("package_create", {"some_choice": ['unexpected choice "x"']}, ["the catalog's form offers"],
     ["ช่อง some_choice", "แบบฟอร์มของแคตตาล็อก"]),
    ("package_create", {"data_classification": ['unexpected choice "ลับ" for data_category "ข้อมูลสาธารณะ"']},
     ['"ลับ" does not fit the data category "ข้อมูลสาธารณะ"', 'use one of: "เปิดเผย"'],
     ["ระดับชั้นข้อมูล (data_classification)", "“ลับ” ใช้กับหมวดหมู่ข้อมูล “ข้อมูลสาธารณะ” ไม่ได้", "“เปิดเผย”"]),
    ("package_create", {"license_id": ["Value must be one of ['odc-by', 'cc-by']"]}, ['"odc-by", "cc-by"'],
     ["สัญญาอนุญาตการใช้ข้อมูล (license_id)", "ไม่ใช่ค่าที่อนุญาต", "“odc-by”, “cc-by”"]),
    ("package_create", {"private": ["Value must be boolean or one of: yes, no"]}, ['"yes", "no"'], ["“yes”, “no”"]),
    ("organization_member_create", {"role": ["Role must be one of: admin, editor, member"]},
     ['"admin", "editor", "member"'], ["บทบาท (role)", "“admin”, “editor”, “member”"]),
    ("organization_member_create", {"role": ["role does not exist."]}, ["values the catalog offers"],
     ["ค่าที่แคตตาล็อกมีให้เลือก"]),
    ("activity_diff", {"diff_type": ["Must be one of: unified, context, html"]}, ['"unified"'], ["“unified”"]),
    # shapes
    ("package_create", {"objective": ["expecting list of strings"]}, ["must be a list"], ["ต้องเป็นรายการ"]),
    ("package_search", {"facet.field": ["Not a list"]}, ["must be a list"], ["ต้องเป็นรายการ"]),
    ("package_search", {"facet.field": ["Not a string: 7"]},
     ['an item is not text: "7"'], ["มีรายการที่ไม่ใช่ข้อความ: “7”"]),
    ("package_create", {"keywords_multi": ["invalid type for repeating text: 5"]}, ["not text"], ["ไม่ใช่ข้อความ"]),
    ("package_create", {"keywords_multi": ['invalid encoding for "\\xff" value']}, ["cannot decode"], ["อ่านไม่ได้"]),
    ("package_search", {"facet.field": ["Could not parse as valid JSON"]}, ["not valid structured (JSON) data"],
     ["ไม่ใช่ข้อมูลที่มีโครงสร้างถูกต้อง"]),
    ("package_revise", {"update": ["Invalid JSON"]}, ["JSON"], ["ไม่ใช่ข้อมูลที่มีโครงสร้างถูกต้อง"]),
    ("package_create", {"plugin_data": ["The value should be a valid JSON object"]}, ["JSON"], ["โครงสร้าง"]),
    ("package_create", {"spatial": ["Invalid JSON string: Expecting value: line 1 column 1 (char 0)"]},
     ["(Expecting value: line 1 column 1 (char 0))"], ["ไม่ใช่ข้อมูลที่มีโครงสร้างถูกต้อง"]),
    ("package_create", {"extras": ["Could not parse extra 'disclosure' as valid JSON"]},
     ['"disclosure"'], ["“disclosure”"]),
    ("package_create", {"plugin_data": ["Must be a dict"]}, ["JSON"], ["โครงสร้าง"]),
    # extras
    ("package_create", {"extras_validation": ['Duplicate key "changelog"']},
     ['an extra field is given twice: "changelog"'], ["ข้อมูลเพิ่มเติมมีชื่อซ้ำกัน: “changelog”"]),
    ("package_create", {"extras": [{}, {"key": ["There is a schema field with the same name"]}]},
     ["extra 2, extra key (key): an extra field has the name of one of the catalog's own fields"],
     ["ข้อมูลเพิ่มเติมรายการที่ 2, ชื่อข้อมูลเพิ่มเติม (key)", "ซ้ำกับช่องของแคตตาล็อก"]),
    # references
    ("resource_create", {"package_id": ["Not found: Dataset"]},
     ["dataset of the resource (package_id): the catalog has no such dataset", "catalog publish"],
     ["ชุดข้อมูลของทรัพยากร (package_id): แคตตาล็อกไม่มีชุดข้อมูลนี้", "catalog publish"]),
    ("package_create", {"groups": ["Group phuket does not exist"]}, ['no such group: "phuket"'],
     ["แคตตาล็อกไม่มีกลุ่มนี้: “phuket”", "ลบกลุ่มนี้ออกจากแพ็กเกจ"]),
    ("package_create", {"groups": [{"name": ["That group name or ID does not exist."]}]}, ["group 1", "no such group"],
     ["กลุ่มที่ 1", "แคตตาล็อกไม่มีกลุ่มนี้"]),
    ("package_relationship_create", {"object": ["Dataset not found: abc"]}, ['no such dataset: "abc"'],
     ["แคตตาล็อกไม่มีชุดข้อมูลนี้: “abc”"]),
    ("package_create", {"creator_user_id": ["User not found: officer9"]}, ['no such user: "officer9"'],
     ["แคตตาล็อกไม่มีผู้ใช้นี้: “officer9”"]),
    ("resource_view_create", {"resource_id": ["Resource not found: abc"]}, ["no such resource"], ["ไม่มีทรัพยากรนี้"]),
    ("organization_member_create", {"username": ["Not found: User"]}, ["no such user"], ["ไม่มีผู้ใช้นี้"]),
    # uploads
    ("resource_create", {"upload": ["File upload too large"]}, ["uploaded file (upload)", "raise the limit"],
     ["ไฟล์ที่อัปโหลด (upload)", "ไฟล์ใหญ่เกินกว่าที่แคตตาล็อกรับได้", "catalog admin set max_resource_size_mb"]),
    ("resource_create", {"upload": ["Unsupported upload type: application/x-msdownload"]},
     ['does not accept files of this type: "application/x-msdownload"'], ["แคตตาล็อกไม่รับไฟล์ชนิดนี้"]),
    ("resource_create", {"upload": ["No uploads allowed for object type resource"]}, ["no uploaded files"],
     ["ไม่รับไฟล์ที่อัปโหลด"]),
    ("resource_create", {"upload": ["Invalid storage path"]}, ["storage settings"], ["แจ้งผู้ดูแลแคตตาล็อก"]),
    ("resource_create", {"upload": ["Wrong file: empty"]}, ["could not read the file"], ["อ่านไฟล์ที่ส่งไปไม่ได้"]),
    # the embedded catalog's own
    ("package_create", {"type": ["Unsupported dataset type: harvest"]}, ['"harvest"', 'remove "type"'],
     ["แคตตาล็อกไม่มีประเภทรายการนี้: “harvest”", 'ลบ "type"']),
    ("package_update", {"resources": ["resource 0 is not an object"]}, ["resource 0 was not sent as an object"],
     ["ข้อมูลทรัพยากรลำดับที่ 0"]),
    ("package_revise", {"match": ["Must include id or name"]}, ["not as planned", "catalog publish"],
     ["ไม่ตรงกับที่วางแผนไว้"]),
    ("package_revise", {"message": ["Match failed"], "match": ["name does not match"]}, ['"name"', "plan again"],
     ["ชุดข้อมูลที่จะแก้ไข (match)", "“name”", "วางแผนใหม่"]),
    ("package_revise", {"match": ["name"]}, ['not as planned: "name"'], ["ไม่ตรงกับที่วางแผนไว้: “name”"]),
    ("package_revise", {"update": ["no element 9"]}, ['"9"'], ["“9”"]),
    ("package_revise", {"update": ["cannot descend into title"]}, ['"title"'], ["“title”"]),
    ("package_revise", {"update": ["resources: expected a list to extend with"]}, ['"resources"'], ["“resources”"]),
    ("package_resource_reorder", {"order": ["resource_id abc can not be found"]}, ["not as planned"],
     ["ไม่ตรงกับที่วางแผนไว้"]),
    # organizations and groups
    ("organization_delete", {"message": "Organization cannot be deleted while it still has datasets"},
     ["still has datasets"], ["หน่วยงานยังมีชุดข้อมูลอยู่"]),
    ("package_collaborator_create", {"message": "Dataset collaborators not enabled"}, ["collaborators"],
     ["ผู้ร่วมแก้ไข"]),
    ("group_update", {"groups": [{"name": ["This parent would create a loop in the hierarchy"]}]}, ["loop"],
     ["วนซ้ำ"]),
]


@pytest.mark.parametrize("action, errors, en_parts, th_parts", CASES,
                         ids=[f"{c[0]}:{next(iter(c[1].values()))!s:.50}" for c in CASES])
def test_every_known_message_is_explained_in_english_and_thai(action, errors, en_parts, th_parts):
    en, th = explain_refusal(action, errors)
    assert_one_clean_line(en, th)
    assert UNKNOWN_EN not in en and UNKNOWN_TH not in th  # covered: said in our words, not quoted
    for part in en_parts:
        assert part in en
    for part in th_parts:
        assert part in th
    assert latin_words(th, errors) == [], th
    assert " — " in en and " — " in th  # and what to do about it


def test_every_rule_is_exercised_by_the_cases():
    kinds = set()
    for action, errors, _, _ in CASES:
        for found in refusals._flatten(errors, refusals._context_of(action)):
            rule, _ = refusals._rule_for(found.message, found.name)
            kinds.add(rule.kind)
    assert {rule.kind for rule in refusals._RULES} - kinds == set()


# ------------------------------------------------------- every refusal the embedded catalog makes ---
def _rendered(node, constants: dict):
    """The texts a node can be: f-string holes and str.format fields become "7"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(part.value if isinstance(part, ast.Constant) else "7" for part in node.values)
    elif isinstance(node, ast.Name) and node.id in constants:
        yield constants[node.id]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        for text in _rendered(node.func.value, constants):
            yield re.sub(r"\{[^{}]*\}", "7", text)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _rendered(element, constants)
    elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        yield from _rendered(node.elt, constants)
    elif isinstance(node, ast.Dict):  # the values are messages, the keys are fields
        for value in node.values:
            yield from _rendered(value, constants)
    elif isinstance(node, ast.IfExp):
        yield from _rendered(node.body, constants)
        yield from _rendered(node.orelse, constants)


def _root_name(node):
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


# the names the embedded catalog gathers field errors in before it raises them
ERROR_COLLECTIONS = {"errors", "found", "problems", "unexpected", "tag_errors", "tag_problems"}


def embedded_catalog_messages() -> dict[str, str]:
    """Every message the embedded catalog's ValidationErrors carry, read from its source: message -> file."""
    messages: dict[str, str] = {}
    for path in sorted(SERVER.rglob("*.py")):
        relative = path.relative_to(SERVER).as_posix()
        if relative == "integrity.py" or (relative.startswith("web/") and relative != "web/api.py"):
            continue  # `catalog admin check` findings and page text, not API refusals
        if relative in {"actions/dcat.py", "actions/harvest.py", "actions/datastore.py"}:
            continue  # DCAT and row reads and the harvester's bookkeeping: actions a publisher never calls
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            texts = ()
            if isinstance(node, ast.Call) and _root_name(node.func) == "ValidationError" and node.args:
                texts = _rendered(node.args[0], constants)
            elif isinstance(node, ast.Assign) and any(_root_name(t) in ERROR_COLLECTIONS for t in node.targets):
                texts = _rendered(node.value, constants)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                  and _root_name(node.func.value) in ERROR_COLLECTIONS and node.args):
                texts = _rendered(node.args[0], constants)
            for text in texts:
                if re.search(r"[A-Za-z]", text):
                    messages.setdefault(text, relative)
    return messages


SERVER_MESSAGES = embedded_catalog_messages()


def test_the_embedded_catalogs_messages_are_found_in_its_source():
    # a guard on the reader below: these are raised in different ways (literal, constant, f-string, .format)
    for message in ("That title is already in use.", "An organization must be provided", "Missing value",
                    'unexpected choice "7"', "The input field 7 was not expected.",
                    'Tag "7" length is less than minimum 2',
                    "Email 7 is not a valid format", "File upload too large", "Not found: Dataset"):
        assert message in SERVER_MESSAGES
    assert len(SERVER_MESSAGES) >= 40


@pytest.mark.parametrize("message", sorted(SERVER_MESSAGES))
def test_every_refusal_of_the_embedded_catalog_is_covered(message):
    field = "data_classification" if "data_category" in message else "first_year_of_data" \
        if "was not expected" in message else "name"
    en, th = explain_refusal("package_create", {field: [message]})
    assert_one_clean_line(en, th)
    assert UNKNOWN_EN not in en and UNKNOWN_TH not in th, f"{SERVER_MESSAGES[message]}: {message}"
    assert latin_words(th) == [], th


# ----------------------------------------------------------------------------------- nesting ---
def test_nested_resource_errors_name_the_resource_by_its_position():
    en, th = explain_refusal("package_update", {"__type": "Validation Error", "resources": [
        {}, {"url": ["Missing value"], "format": ["Missing value"]}, {"name": ["Missing value"]}]})
    assert en.startswith("resource 2, URL or file (url): missing (the catalog requires it) — the resource has neither "
                         "a link nor a file")
    assert "; resource 2, format (format): missing" in en
    assert "; resource 3, resource name (name): missing" in en
    assert th.startswith("ทรัพยากรที่ 2, ลิงก์หรือไฟล์ของทรัพยากร (url): ไม่มีค่า")
    assert "ทรัพยากรที่ 3, ชื่อทรัพยากร (name)" in th
    assert en.count("; ") == 2 and th.count("; ") == 2


def test_resource_actions_explain_resource_fields():
    en, th = explain_refusal("resource_create", {"url": ["Missing value"], "name": ["Missing value"]})
    assert en.startswith("URL or file (url): missing")
    assert "resource name (name)" in en
    assert th.startswith("ลิงก์หรือไฟล์ของทรัพยากร (url)")
    assert "ชื่อทรัพยากร (name)" in th


def test_flattened_keys_of_package_revise_name_the_resource():
    en, th = explain_refusal("package_revise", {"update__resources__2__upload": ["File upload too large"],
                                                "update__resources__extend": ["Invalid JSON"],
                                                "match__id": ["Missing value"]})
    assert "resource 3, uploaded file (upload): the file is larger than the catalog accepts" in en
    assert "ทรัพยากรที่ 3, ไฟล์ที่อัปโหลด (upload)" in th
    assert "the new resource" in en and "ทรัพยากรที่เพิ่มใหม่" in th
    assert "dataset to change (match__id): missing" in en and "ชุดข้อมูลที่จะแก้ไข (match__id)" in th


def test_refused_tags_are_said_once_with_every_tag():
    tags = ["จัดซื้อจัดจ้าง", "งบประมาณ", "ภาษี"]
    en, th = explain_refusal("package_create", {"tags": [{"name": [TAG_CHARS.format(t)]} for t in tags] + [{}]})
    assert en.count("Tags (tags)") == 1 and th.count("คำสำคัญ (tags)") == 1
    assert '"จัดซื้อจัดจ้าง", "งบประมาณ", "ภาษี"' in en
    assert "“จัดซื้อจัดจ้าง”, “งบประมาณ”, “ภาษี”" in th
    assert latin_words(th) == []


def test_several_fields_are_each_explained_in_one_line():
    en, th = explain_refusal("package_create", {
        "title": ["That title is already in use."], "owner_org": ["An organization must be provided"],
        "objective": ['unexpected choice "แผนจังหวัด"'], "__type": "Validation Error"})
    assert en.count("; ") == 2 and th.count("; ") == 2
    assert_one_clean_line(en, th)
    assert latin_words(th) == []


# ---------------------------------------------------------------------------- unknown messages ---
def test_an_unknown_message_is_quoted_in_a_thai_frame():
    en, th = explain_refusal("package_create", {"data_source": ["Source must name\na ministry"]})
    assert en == 'Data Source (data_source): the catalog said "Source must name a ministry" — check it ' \
                 '("data_source" in datapackage.json)'
    assert th == 'แหล่งที่มา (data_source): แคตตาล็อกแจ้งว่า “Source must name a ministry” — ตรวจสอบค่านี้ ' \
                 '("data_source" ใน datapackage.json)'
    assert latin_words(th) == []  # only the catalog's own words, quoted, are in English


def test_an_unknown_field_is_named():
    en, th = explain_refusal("package_create", {"x_custom": ["Wrong"]})
    assert en.startswith('x_custom: the catalog said "Wrong"')
    assert th.startswith("ช่อง x_custom: แคตตาล็อกแจ้งว่า “Wrong”")


def test_a_refusal_without_fields_still_says_something():
    assert explain_refusal("package_create", {"__type": "Validation Error"}) == (
        "the catalog refused it without saying why", "แคตตาล็อกไม่รับโดยไม่แจ้งเหตุผล")
    en, th = explain_refusal("package_create", {"message": "Something broke"})
    assert en.startswith('the catalog said "Something broke"') and th.startswith("แคตตาล็อกแจ้งว่า “Something broke”")


def test_the_module_imports_nothing_heavy():
    tree = ast.parse(Path(refusals.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "re", "dataclasses", "catalog.disclosure"}


# --------------------------------------------------------- end to end, against a real catalog ---
def _gdc_dataset(org_id: str | None, name: str) -> dict:
    data = {
        "name": name, "title": "สรุปผลการจัดซื้อจัดจ้างประจำเดือน 2568", "owner_org": org_id,
        "data_type": "ข้อมูลระเบียน", "maintainer": "กองคลัง", "maintainer_email": "opendata@phuketpao.go.th",
        "notes": "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1)", "objective": ["พันธกิจหน่วยงาน"],
        "update_frequency_unit": "เดือน", "update_frequency_interval": "1", "geo_coverage": "จังหวัด",
        "data_source": "ระบบการจัดซื้อจัดจ้างภาครัฐ (e-GP)", "data_format": ["CSV"], "data_category": "ข้อมูลสาธารณะ",
        "data_classification": "เปิดเผย", "license_id": "Creative Commons Attributions",
        "tags": [{"name": "จัดซื้อจัดจ้าง"}],
    }
    return {k: v for k, v in data.items() if v is not None}


def _refusal(call, **data) -> dict:
    with pytest.raises(ckanapi.ValidationError) as caught:
        call(**data)
    return caught.value.error_dict


def test_a_gd_catalog_refusal_of_a_taken_title_and_a_missing_agency_is_explained(gdc_catalog_server):
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    org = ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    ckan.action.package_create(**_gdc_dataset(org["id"], "sor-kor-1-2568"))

    errors = _refusal(ckan.action.package_create, **_gdc_dataset(org["id"], "sor-kor-1-2568-copy"))
    assert errors == {"title": ["That title is already in use."], "__type": "Validation Error"}
    en, th = explain_refusal("package_create", errors)
    assert en == ('Dataset Name (title): another dataset already has this title — give the package a different '
                  'title (catalog build --title, or "title" in datapackage.json)')
    assert th == ('ชื่อชุดข้อมูล (title): มีชุดข้อมูลอื่นใช้ชื่อชุดข้อมูลนี้แล้ว — ตั้งชื่อชุดข้อมูลใหม่ที่ไม่ซ้ำ '
                  '(catalog build --title หรือ "title" ใน datapackage.json)')

    no_agency = {**_gdc_dataset(None, "sor-kor-1-2568-x"), "title": "สรุปผลการจัดซื้อจัดจ้าง ฉบับทดลอง"}
    errors = _refusal(ckan.action.package_create, **no_agency)
    assert set(errors) == {"owner_org", "__type"}
    en, th = explain_refusal("package_create", errors)
    assert en == ("Organization (owner_org): no organization given (the catalog requires one) — the package names "
                  "no agency: build it with --agency agency.json")
    assert th == ("หน่วยงานเจ้าของชุดข้อมูล (owner_org): ไม่ได้ระบุหน่วยงาน (แคตตาล็อกกำหนดให้ต้องมี) — "
                  "แพ็กเกจไม่ได้ระบุหน่วยงาน: สร้างแพ็กเกจใหม่ด้วย catalog build --agency agency.json")
    assert latin_words(th) == []


def test_a_gd_catalog_refusal_of_a_resource_and_a_choice_is_explained(gdc_catalog_server):
    ckan = gdc_catalog_server.ckan(gdc_catalog_server.sysadmin_token)
    org = ckan.action.organization_create(name="phuket-pao")
    data = {**_gdc_dataset(org["id"], "sor-kor-1-2568"), "geo_coverage": "ภูเก็ต", "objective": ["อื่นๆ"],
            "resources": [{"name": "สขร.1", "url": "http://example.go.th/a.csv"}, {"url": "http://example.go.th/b"}]}
    errors = _refusal(ckan.action.package_create, **data)
    en, th = explain_refusal("package_create", errors)
    assert_one_clean_line(en, th)
    assert 'Geo Coverage (geo_coverage): not one of the catalog\'s choices: "ภูเก็ต"' in en
    assert "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่ (geo_coverage): ไม่ใช่ตัวเลือกของแคตตาล็อก: “ภูเก็ต”" in th
    assert "เลือก “อื่นๆ” ในวัตถุประสงค์ (objective) แล้ว ต้องระบุรายละเอียดใน \"objective_other\"" in th
    assert "resource 2, resource name (name): missing" in en
    assert "ทรัพยากรที่ 2, ชื่อทรัพยากร (name): ไม่มีค่า" in th
    assert latin_words(th) == []


def test_a_stock_ckan_refusal_of_thai_tags_and_a_taken_name_is_explained(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.package_create(name="egp-2568", title="e-GP 2568")
    errors = _refusal(ckan.action.package_create, name="egp-2568", title="e-GP 2568 copy",
                      tags=[{"name": "จัดซื้อจัดจ้าง"}, {"name": "ภาษี"}, {"name": "งบประมาณ"}, {"name": "egp"}])
    en, th = explain_refusal("package_create", errors)
    assert "URL name (name): another dataset already has this name" in en
    assert "ชื่อสำหรับลิงก์ของชุดข้อมูล (name): มีชุดข้อมูลอื่นใช้ชื่อนี้แล้ว" in th
    # stock CKAN's rule refuses Thai vowel and tone marks (ั ้ ี), not every Thai letter: งบประมาณ passes
    assert en.count("Tags (tags)") == 1 and '"จัดซื้อจัดจ้าง", "ภาษี"' in en and "งบประมาณ" not in en
    assert "“จัดซื้อจัดจ้าง”, “ภาษี”" in th
    assert latin_words(th) == []
