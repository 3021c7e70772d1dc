"""A schema read without frictionless is one frictionless accepts, and reads the same way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from frictionless import FrictionlessException, Schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.disclosure import all_categories
from catalog.validation.table_schema import load_schema, plain_schema

ROOT = Path(__file__).resolve().parents[2]


def frictionless_schema(descriptor: dict) -> Schema | None:
    try:
        return Schema.from_descriptor(json.loads(json.dumps(descriptor)))
    except FrictionlessException:
        return None


def assert_read_alike(descriptor: dict) -> None:
    """When the descriptor is plain, frictionless accepts it and agrees on every attribute the checks read."""
    plain = plain_schema(descriptor)
    if plain is None:
        return
    theirs = frictionless_schema(descriptor)
    assert theirs is not None, f"plain but frictionless refuses it: {descriptor}"
    assert plain.primary_key == list(theirs.primary_key)
    assert plain.foreign_keys == list(theirs.foreign_keys)
    assert plain.missing_values == list(theirs.missing_values)
    for ours, field in zip(plain.fields, theirs.fields, strict=True):
        assert (ours.name, ours.type, ours.format, ours.required) == (field.name, field.type, field.format,
                                                                      field.required)
        assert ours.constraints == field.constraints
        assert ours.missing_values == field.missing_values
        assert ours.has_defined("missing_values") == field.has_defined("missing_values")
        assert ours.supported_constraints == field.supported_constraints
        for name in ("true_values", "false_values", "bare_number", "group_char", "decimal_char", "float_number"):
            if hasattr(field, name):
                assert getattr(ours, name) == getattr(field, name), name


def test_every_category_schema_is_plain_and_read_as_frictionless_reads_it():
    schemas = [resource.schema for category in all_categories() for resource in category.resources
               if getattr(resource, "schema", None)]
    assert schemas
    for schema in schemas:
        assert plain_schema(schema) is not None, schema
        assert_read_alike(schema)


def test_the_sample_packages_schemas_are_plain():
    for path in sorted(ROOT.glob("datapackages/*/*/datapackage.json")):
        for resource in json.loads(path.read_text(encoding="utf-8"))["resources"]:
            if isinstance(resource.get("schema"), dict):
                assert plain_schema(resource["schema"]) is not None, (path, resource["name"])
                assert_read_alike(resource["schema"])


def test_a_schema_outside_the_plain_subset_is_left_to_frictionless():
    assert plain_schema({"fields": [{"name": "a", "type": "geopoint"}]}) is None
    assert plain_schema({"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": "1"}}]}) is None
    assert plain_schema({"fields": [{"name": "a", "type": "string"}], "fieldsMatch": "subset"}) is None
    refused = load_schema({"fields": [{"name": "a", "type": "integer"}, {"name": "a", "type": "string"}]}, "t")
    assert isinstance(refused, list) and refused[0].code == "schema-error"
    assert load_schema({"fields": [{"name": "a", "type": "geopoint"}]}, "t").fields[0].type == "geopoint"


NAMES = st.sampled_from(["a", "b", "c", "", 1])
TYPES = st.sampled_from(["string", "integer", "number", "date", "year", "boolean", "any", "datetime", "geopoint", 5])
VALUES = st.one_of(st.integers(-5, 5), st.booleans(), st.sampled_from(["1", "2020-01-01", "2020-02-30", "x", "a|b",
                                                                       "[", "0000-01-01"]), st.floats(0, 3),
                   st.none())
CONSTRAINTS = st.dictionaries(st.sampled_from(["required", "unique", "minimum", "maximum", "exclusiveMinimum",
                                               "minLength", "maxLength", "pattern", "enum", "other"]),
                              st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=3)
FIELDS = st.fixed_dictionaries(
    {"name": NAMES, "type": TYPES},
    optional={"format": st.sampled_from(["default", "email", "uri", "any", "%Y", 3]),
              "constraints": st.one_of(CONSTRAINTS, st.just("x")),
              "missingValues": st.one_of(st.lists(st.sampled_from(["", "NA", 1]), max_size=2), st.just("")),
              "trueValues": st.lists(st.sampled_from(["y", 1]), max_size=2),
              "bareNumber": st.one_of(st.booleans(), st.just("no")),
              "title": st.one_of(st.text(max_size=3), st.just(1)),
              "rdfType": st.just("x")})
KEYS = st.one_of(NAMES, st.lists(NAMES, max_size=2))
SCHEMAS = st.fixed_dictionaries(
    {"fields": st.lists(FIELDS, min_size=0, max_size=3)},
    optional={"primaryKey": KEYS, "missingValues": st.lists(st.sampled_from(["", "-", 0]), max_size=2),
              "foreignKeys": st.lists(st.fixed_dictionaries(
                  {"fields": KEYS, "reference": st.fixed_dictionaries(
                      {"resource": st.sampled_from(["", "other", 1]), "fields": KEYS})}), max_size=2),
              "fieldsMatch": st.just("exact"), "name": st.just("s")})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCHEMAS)
def test_a_generated_plain_schema_is_valid_for_frictionless_too(descriptor):
    assert_read_alike(descriptor)


def test_validating_a_small_package_imports_no_heavy_library():
    """The officer's everyday check: a sample package is validated without pandas, numpy, pyarrow or
    frictionless ever being imported."""
    script = ("import sys; from catalog.validation.package import validate_package; "
              "report = validate_package(sys.argv[1]); "
              "print(report.valid, sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'frictionless', 'sqlalchemy') "
              "if m in sys.modules))")
    for package in ("phuket-city/procurement_monthly", "phuket-pao/egp_contract", "phuket-city/plan_progress",
                    "phuket-pao/staff_roster"):
        result = subprocess.run([sys.executable, "-c", script, str(ROOT / "datapackages" / package)],
                                capture_output=True, text=True, check=True)
        assert result.stdout.split() == ["True", "[]"], (package, result.stdout, result.stderr)


# Near the plain subset: mostly well-formed, so that many examples are plain and a few just outside it.
NEAR_FIELDS = st.fixed_dictionaries(
    {"name": st.sampled_from(["a", "b", "c"]),
     "type": st.sampled_from(["string", "integer", "number", "date", "year", "boolean", "any"])},
    optional={"format": st.sampled_from(["default", "email", "uri"]),
              "constraints": st.dictionaries(
                  st.sampled_from(["required", "unique", "minimum", "maximum", "minLength", "maxLength",
                                   "pattern", "enum"]),
                  st.one_of(st.booleans(), st.integers(0, 9), st.sampled_from(["2020-01-01", "x", "a+"]),
                            st.lists(st.one_of(st.integers(0, 3), st.sampled_from(["x", "2020-01-01"]),
                                               st.booleans()), min_size=1, max_size=3)), max_size=3),
              "missingValues": st.lists(st.sampled_from(["", "NA", "-"]), max_size=2),
              "trueValues": st.lists(st.sampled_from(["y", "ใช่"]), min_size=1, max_size=2),
              "bareNumber": st.booleans()})
NEAR_SCHEMAS = st.fixed_dictionaries(
    {"fields": st.lists(NEAR_FIELDS, min_size=1, max_size=3, unique_by=lambda field: field["name"])},
    optional={"primaryKey": st.one_of(st.sampled_from(["a", "b"]), st.lists(st.sampled_from(["a", "b"]), max_size=2)),
              "missingValues": st.lists(st.sampled_from(["", "-"]), max_size=2),
              "foreignKeys": st.lists(st.fixed_dictionaries(
                  {"fields": st.sampled_from(["a", ["a", "b"]]),
                   "reference": st.fixed_dictionaries({"resource": st.sampled_from(["", "other"]),
                                                       "fields": st.sampled_from(["a", ["a", "c"], "c"])})}),
                  max_size=1)})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEAR_SCHEMAS)
def test_a_nearly_plain_schema_is_read_alike_or_left_to_frictionless(descriptor):
    assert_read_alike(descriptor)
