"""Header labels against schema fields, as frictionless pairs and compares them.

`fieldsMatch` "exact" (the default) pairs labels and fields by position; the other modes pair them
by name and tolerate extra labels ("subset", "partial") or missing fields ("superset", "partial").
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog.validation import schema_messages as messages
from catalog.validation.findings import Finding

TOLERATES_EXTRA_LABELS = ("subset", "partial")
TOLERATES_MISSING_FIELDS = ("superset", "partial")

SAMPLE_SIZE = 100  # records frictionless looks at to find the header row


def header_index(widths: list[int]) -> int:
    """Where frictionless finds the header: the first of the sampled records whose cell count is
    within 10 % of their average (so leading notes or blank lines are skipped), else the first."""
    if not widths:
        return 0
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    for index, count in enumerate(widths):
        if width - drift <= count <= width + drift:
            return index
    return 0


@dataclass(frozen=True)
class LabelProblem:
    code: str  # frictionless error type
    field: str | None  # the schema field concerned (None for a label no field pairs with)
    label: str
    column: int  # 1-based position in the header


def column_fields(labels: list[str], field_names: list[str], width: int,
                  fields_match: str = "exact") -> list[int | None]:
    """For each of the `width` columns, the index of the schema field it holds (None: no field)."""
    if fields_match == "exact" or not labels:
        return [index if index < len(field_names) else None for index in range(width)]
    by_name: dict[str, int] = {}
    for index, name in enumerate(field_names):
        by_name.setdefault(name, index)
    return [by_name.get(label) for label in labels]


def column_names(labels: list[str], field_names: list[str], fields: list[int | None]) -> list[str]:
    """The name frictionless gives each column: its schema field's, else its label made unique."""
    names = [field_names[index] if index is not None else (labels[column] if column < len(labels) else "")
             for column, index in enumerate(fields)]
    taken: set[str] = {name for name, index in zip(names, fields) if index is not None}
    result = []
    for name, index in zip(names, fields):
        if index is None:
            unique, suffix = name, 2
            while unique in taken:
                unique, suffix = f"{name}{suffix}", suffix + 1
            taken.add(unique)
            name = unique
        result.append(name)
    return result


def label_problems(labels: list[str], field_names: list[str], fields_match: str = "exact",
                   required: frozenset[str] | set[str] = frozenset()) -> list[LabelProblem]:
    """The header errors frictionless reports; labels are already stripped. No labels, no check.

    `required` names the fields a "superset"/"partial" header may not lack (required or in the
    primary key).
    """
    if not labels:
        return []
    paired = column_fields(labels, field_names, len(labels), fields_match)
    problems: list[LabelProblem] = []
    if fields_match not in TOLERATES_EXTRA_LABELS:
        problems += [LabelProblem("extra-label", None, label, number)
                     for number, (label, index) in enumerate(zip(labels, paired), start=1)
                     if index is None]
    if fields_match == "partial" and field_names and all(index is None for index in paired):
        problems.append(LabelProblem("unmatched-header", None, "", 0))
    missing = [name for index, name in enumerate(field_names) if index not in set(paired)]
    if fields_match in TOLERATES_MISSING_FIELDS:
        missing = [name for name in missing if name in required]
    problems += [LabelProblem("missing-label", name, "", number)
                 for number, name in enumerate(missing, start=len(labels) + 1)]
    if fields_match != "exact":
        return problems  # labels are names there: no position to compare them with

    for number, (name, label) in enumerate(zip(field_names, labels), start=1):
        if not label:
            problems.append(LabelProblem("blank-label", name, "", number))
        elif label in labels[: number - 1]:
            problems.append(LabelProblem("duplicate-label", name, label, number))  # not also incorrect
        elif label != name:
            problems.append(LabelProblem("incorrect-label", name, label, number))
    return problems


def label_findings(labels: list[str], names: list[str], resource: str, fields_match: str,
                   required: set[str]) -> list[Finding]:
    """The header's problems as findings."""
    findings = []
    for problem in label_problems(labels, names, fields_match, required):
        en, th = messages.label_error(problem.code, problem.field, problem.label, problem.column)
        findings.append(Finding(problem.code, resource, en, th, field=problem.field,
                                cell=problem.label or None))
    return findings
