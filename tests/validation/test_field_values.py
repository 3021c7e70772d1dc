"""A plain schema's fields read cells, bounds and enum values exactly as frictionless' fields do."""

from __future__ import annotations

import math

import pytest
from frictionless import Schema
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.validation.table_schema import plain_schema

FIELDS = [
    {"name": "i", "type": "integer", "constraints": {"minimum": 0, "maximum": 100, "enum": [1, 5, 50]}},
    {"name": "j", "type": "integer", "bareNumber": False},
    {"name": "n", "type": "number", "constraints": {"minimum": 0, "maximum": 10}},
    {"name": "m", "type": "number", "bareNumber": False},
    {"name": "k", "type": "number", "bareNumber": True, "constraints": {"enum": [1, 2]}},
    {"name": "d", "type": "date", "constraints": {"minimum": "2020-01-01", "maximum": "2024-12-31",
                                                  "enum": ["2024-02-29", "2023-01-05"]}},
    {"name": "y", "type": "year", "constraints": {"minimum": 1000}},
    {"name": "b", "type": "boolean", "trueValues": ["ใช่", "yes"], "falseValues": ["no", "yes"],
     "constraints": {"enum": [True]}},
    {"name": "s", "type": "string", "constraints": {"minLength": 2, "maxLength": 4, "pattern": "[ก-ฮa-z]+\\d?",
                                                    "enum": ["ab", "กข", "abc1"], "required": True}},
    {"name": "u", "type": "string", "format": "uri"},
    {"name": "e", "type": "string", "format": "email"},
    {"name": "a", "type": "any", "constraints": {"enum": ["x"]}},
]
DESCRIPTOR = {"fields": FIELDS, "missingValues": ["", "-"]}
CELLS = ["1", " 1 ", "+1", "-0", "01", "1_000", "1e3", "1.5", ".5", "5.", "-.5", "NaN", "nan", "inf", "-Infinity",
         "๑๒", "١٢", "$12", "12%", "USD 5", "฿ 1,000", "-$5", "2020-01-05", "2020-1-5", " 2020-01-05", "2024-02-29",
         "2023-02-29", "0000-01-01", "20200105", "2020-01-05T00:00:00", "2023", "999", "0999", "true", "yes", "ใช่",
         "no", "ab", "กข", "abc1", "ABC", "a\n", "http://x.org/a?b", "mailto:a@b.c", "x", "a@b.co", "a@b", "ก@ข.ไทย",
         "", "-", " ", "12345678901234567890", "9223372036854775808"]


@pytest.fixture(scope="module")
def both():
    return plain_schema(DESCRIPTOR), Schema.from_descriptor(DESCRIPTOR)


def same(left, right) -> bool:
    if isinstance(left, float) and math.isnan(left) or left != left:
        return right != right and type(left) is type(right)
    return left == right and type(left) is type(right)


def assert_read_alike(both, cell) -> None:
    ours, theirs = both
    for field, mine in zip(FIELDS, ours.fields, strict=True):
        frictionless = theirs.get_field(field["name"])
        assert same(mine.create_value_reader()(cell), frictionless.create_value_reader()(cell)), (field, cell)
        value, notes = mine.create_cell_reader()(cell)
        expected_value, expected_notes = frictionless.create_cell_reader()(cell)
        assert same(value, expected_value) and notes == expected_notes, (field, cell, notes, expected_notes)


@pytest.mark.parametrize("cell", CELLS)
def test_a_hand_written_cell_is_read_as_frictionless_reads_it(both, cell):
    assert_read_alike(both, cell)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789-+.,eE _$%฿๑๒ abcTtrue:/@", max_size=12), st.text(max_size=6)))
def test_any_cell_is_read_as_frictionless_reads_it(cell):
    schemas = (plain_schema(DESCRIPTOR), Schema.from_descriptor(DESCRIPTOR))
    assert_read_alike(schemas, cell)
