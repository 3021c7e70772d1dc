"""Namespaces and the controlled vocabularies DCAT-AP 3 asks for (EU Publications Office authority tables)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

# rdflib's DCAT namespace predates DCAT 3 (no hasVersion, previousVersion): an open one
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
OA = Namespace("http://www.w3.org/ns/oa#")

AUTHORITY = "http://publications.europa.eu/resource/authority/"
FREQUENCY = Namespace(AUTHORITY + "frequency/")
LANGUAGE = Namespace(AUTHORITY + "language/")
ACCESS_RIGHT = Namespace(AUTHORITY + "access-right/")
DATA_THEME = Namespace(AUTHORITY + "data-theme/")
FILE_TYPE = Namespace(AUTHORITY + "file-type/")
IANA_MEDIA_TYPE = "http://www.iana.org/assignments/media-types/"

PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS, "xsd": XSD, "rdf": RDF, "adms": ADMS,
            "spdx": SPDX, "vcard": VCARD, "hydra": HYDRA, "locn": LOCN,
            "dqv": DQV, "oa": OA}

# a category's currency rule (disclosure extra) -> the EU frequency table
CURRENCY_FREQUENCY = {"monthly": "MONTHLY", "semiannual": "ANNUAL_2", "annual": "ANNUAL", "quarterly": "QUARTERLY",
                      "weekly": "WEEKLY", "daily": "DAILY", "on_change": "IRREG"}

# GD Catalog's update_frequency_unit (with interval 1) -> the EU frequency table
GDC_FREQUENCY = {"ปี": "ANNUAL", "ครึ่งปี": "ANNUAL_2", "ไตรมาส": "QUARTERLY", "เดือน": "MONTHLY",
                 "สัปดาห์": "WEEKLY", "วัน": "DAILY", "วันทำการ": "DAILY", "ชั่วโมง": "HOURLY",
                 "นาที": "CONT", "ตามเวลาจริง": "CONT", "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล": "NEVER",
                 "ไม่ทราบ": "UNKNOWN", "อื่นๆ": "OTHER"}

# GD Catalog's data_language -> the EU language table
GDC_LANGUAGE = {"ไทย": "THA", "อังกฤษ": "ENG", "จีน": "ZHO", "มลายู": "MSA", "พม่า": "MYA", "ลาว": "LAO",
                "เขมร": "KHM", "ญี่ปุ่น": "JPN", "เกาหลี": "KOR", "ฝรั่งเศส": "FRA", "เยอรมัน": "DEU",
                "อารบิก": "ARA"}

# GD Catalog's data_category -> the EU access-right table (only public data is ever published here)
GDC_ACCESS_RIGHT = {"ข้อมูลสาธารณะ": "PUBLIC", "ข้อมูลส่วนบุคคล": "NON_PUBLIC", "ข้อมูลความมั่นคง": "NON_PUBLIC",
                    "ข้อมูลความลับทางราชการ": "NON_PUBLIC"}

# every disclosure is about government and the public sector
DISCLOSURE_THEME = "GOVE"

# a resource's format -> the EU file-type table
FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "xls": "XLS", "pdf": "PDF", "zip": "ZIP",
              "xml": "XML", "html": "HTML", "docx": "DOCX", "doc": "DOC", "txt": "TXT", "ods": "ODS",
              "parquet": "PARQUET", "geojson": "GEOJSON"}
