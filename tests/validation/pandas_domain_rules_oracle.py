"""The pandas implementation of the domain rules, kept as the reference the plain-Python rules must agree with
(tests only: it reads each chunk as a DataFrame, the way `catalog validate` once did)."""


from __future__ import annotations


import pandas as pd

from catalog.validation.findings import Finding

NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"


def _numbers(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table:
        return pd.Series(float("nan"), index=table.index)
    return pd.to_numeric(table[column], errors="coerce")


def _dates(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table:
        return pd.Series(pd.NaT, index=table.index)
    return pd.to_datetime(table[column], format="%Y-%m-%d", errors="coerce")


def _findings(mask: pd.Series, resource: str, code: str, field: str, table: pd.DataFrame, en, th,
              severity: str = "error") -> list[Finding]:
    out = []
    for index in mask[mask.fillna(False).astype(bool)].index:
        row = table.loc[index]
        cell = str(row[field]) if field in table else None
        out.append(Finding(code, resource, en(row), th(row), row_number=int(index) + 2, field=field,
                           cell=cell, severity=severity))
    return out


def _fiscal_year_be(dates: pd.Series) -> pd.Series:
    """Thai fiscal year (BE) of each date: October starts the next year's budget."""
    return dates.dt.year + 543 + (dates.dt.month >= 10).astype("Int64")


def check_prices(resource: str, table: pd.DataFrame) -> list[Finding]:
    """An agreed price above the budget or above the reference (median) price needs explaining."""
    agreed, budget, reference = (_numbers(table, c) for c in ("agreed_price", "budget", "reference_price"))
    findings = _findings(agreed > budget, resource, "procurement/agreed-above-budget", "agreed_price", table,
                         lambda r: f"the agreed price {r['agreed_price']} is above the budget {r['budget']}",
                         lambda r: f"ราคาที่ตกลง {r['agreed_price']} สูงกว่าวงเงินงบประมาณ {r['budget']}")
    findings += _findings(agreed > reference, resource, "procurement/agreed-above-reference", "agreed_price",
                          table,
                          lambda r: f"the agreed price {r['agreed_price']} is above the reference price "
                                    f"{r['reference_price']}",
                          lambda r: f"ราคาที่ตกลง {r['agreed_price']} สูงกว่าราคากลาง {r['reference_price']}")
    return findings


def check_egp_fiscal_year(resource: str, table: pd.DataFrame) -> list[Finding]:
    """The e-GP fiscal year must be the one its transaction date falls in."""
    if "fiscal_year" not in table or "transaction_date" not in table:
        return []
    dates = _dates(table, "transaction_date")
    stated = _numbers(table, "fiscal_year")
    expected = _fiscal_year_be(dates)
    mask = dates.notna() & stated.notna() & (stated != expected)
    return _findings(mask, resource, "procurement/fiscal-year-mismatch", "fiscal_year", table,
                     lambda r: f"fiscal year {r['fiscal_year']} does not match the transaction date "
                               f"{r['transaction_date']}",
                     lambda r: f"ปีงบประมาณ {r['fiscal_year']} ไม่ตรงกับวันที่เกิดรายการ {r['transaction_date']}")


def check_egp_project_id(resource: str, table: pd.DataFrame, column: str = "project_id") -> list[Finding]:
    """e-GP project numbers are 11 digits that start with the BE year and month (YYMM) they were made."""
    if column not in table:
        return []
    ids = table[column].astype("string").fillna("")
    well_formed = ids.str.fullmatch(r"\d{11}")
    month = pd.to_numeric(ids.str[2:4], errors="coerce")
    year = pd.to_numeric(ids.str[0:2], errors="coerce")
    fiscal = _numbers(table, "fiscal_year") % 100
    bad_month = well_formed & ~month.between(1, 12)
    # a project is made at most a year before its fiscal year and no later than the month after it ends
    bad_year = well_formed & fiscal.notna() & ~((year - fiscal).between(-2, 1))
    mask = (ids != "") & (~well_formed | bad_month | bad_year)
    return _findings(mask, resource, "procurement/egp-project-id", column, table,
                     lambda r: f"'{r[column]}' is not an e-GP project number (11 digits, starting with the "
                               "BE year and month it was made)",
                     lambda r: f"'{r[column]}' ไม่ใช่เลขที่โครงการ e-GP (ตัวเลข 11 หลัก ขึ้นต้นด้วยปี พ.ศ. และเดือน)")


def check_monthly_coverage(resource: str, table: pd.DataFrame) -> list[Finding]:
    """Form สขร.1 is filed every month; a month with no purchases says so in a row of its own."""
    if "report_month" not in table or table.empty:
        return []
    months = pd.to_datetime(table["report_month"], format="%Y-%m", errors="coerce")
    present = set(months.dropna().dt.to_period("M"))
    findings = []
    if present:
        for period in pd.period_range(min(present), max(present), freq="M"):
            if period not in present:
                findings.append(Finding(
                    "procurement/month-missing", resource,
                    f"month {period} has no rows; a month with no procurement must have a row saying "
                    f"'{NO_PROCUREMENT}'",
                    f"เดือน {period} ไม่มีแถวข้อมูล เดือนที่ไม่มีการจัดซื้อจัดจ้างต้องมีแถวระบุว่า '{NO_PROCUREMENT}'",
                    field="report_month"))
    item = table.get("item", pd.Series("", index=table.index)).astype("string").fillna("")
    marker = item.str.contains(NO_PROCUREMENT, regex=False)
    if marker.any():
        per_month = table.groupby("report_month")["report_month"].transform("size")
        priced = _numbers(table, "agreed_price").notna() | _numbers(table, "budget").notna()
        mixed = marker & ((per_month > 1) | priced)
        findings += _findings(mixed, resource, "procurement/no-procurement-row", "item", table,
                              lambda r: f"month {r['report_month']} says '{NO_PROCUREMENT}' but also lists "
                                        "purchases or prices",
                              lambda r: f"เดือน {r['report_month']} ระบุว่า '{NO_PROCUREMENT}' แต่มีรายการหรือราคา")
    return findings


def check_plan_progress(resource: str, table: pd.DataFrame) -> list[Finding]:
    findings = []
    for column in ("planned_progress_pct", "actual_progress_pct"):
        value = _numbers(table, column)
        findings += _findings((value < 0) | (value > 100), resource, "plan/progress-out-of-range", column, table,
                              lambda r, c=column: f"progress {r[c]} % is outside 0-100 %",
                              lambda r, c=column: f"ความก้าวหน้า {r[c]} % อยู่นอกช่วง 0-100 %")
    disbursed = _numbers(table, "budget_disbursed")
    ceiling = _numbers(table, "budget_after_transfer").fillna(_numbers(table, "budget_allocated"))
    findings += _findings(disbursed > ceiling, resource, "plan/disbursed-above-budget", "budget_disbursed", table,
                          lambda r: f"disbursed {r['budget_disbursed']} is more than the budget",
                          lambda r: f"เบิกจ่าย {r['budget_disbursed']} มากกว่างบประมาณ")
    if {"report_round", "report_start", "report_end", "fiscal_year"} <= set(table.columns):
        start, end = _dates(table, "report_start"), _dates(table, "report_end")
        fiscal = _numbers(table, "fiscal_year")
        first_day = pd.to_datetime((fiscal - 544).astype("Int64").astype("string") + "-10-01", errors="coerce")
        half_end = pd.to_datetime((fiscal - 543).astype("Int64").astype("string") + "-03-31", errors="coerce")
        six_month = table["report_round"].astype("string") == "6-month"
        # a round whose dates are not written is the whole round: only dates given can be wrong
        wrong = six_month & fiscal.notna() & ((start.notna() & (start != first_day)) | (end.notna() & (end != half_end)))
        findings += _findings(wrong, resource, "plan/six-month-window", "report_start", table,
                              lambda r: f"a 6-month report of fiscal year {r['fiscal_year']} covers October to March "
                                        f"({r['report_start']} - {r['report_end']} given)",
                              lambda r: f"รายงานรอบ 6 เดือนของปีงบประมาณ {r['fiscal_year']} ต้องครอบคลุม ต.ค. - มี.ค. "
                                        f"(ระบุ {r['report_start']} - {r['report_end']})")
        backwards = start.notna() & end.notna() & (end < start)
        findings += _findings(backwards, resource, "plan/period-reversed", "report_end", table,
                              lambda r: f"the report ends ({r['report_end']}) before it starts ({r['report_start']})",
                              lambda r: f"วันสิ้นสุดรายงาน ({r['report_end']}) อยู่ก่อนวันเริ่ม ({r['report_start']})")
    return findings


# resource name -> the rules that look at one row at a time
ROW_RULES = {
    "egp_contract": [check_prices, check_egp_fiscal_year, check_egp_project_id],
    "procurement_monthly": [check_prices],
    "procurement_summary16": [check_prices,
                              lambda resource, table: check_egp_project_id(resource, table, "egp_project_id")],
    "plan_progress": [check_plan_progress],
}
# resource name -> the rules that need the whole table, with the columns they read
TABLE_RULES = {
    "procurement_monthly": [(check_monthly_coverage, ["report_month", "item", "agreed_price", "budget"])],
}


class DomainRules:
    """The rules of one resource, run on a table given in chunks of rows: row rules on each chunk, whole-table
    rules at the end on just the columns they read."""

    def __init__(self, resource: str):
        self.resource = resource
        self.row_rules = ROW_RULES.get(resource, [])
        self.table_rules = TABLE_RULES.get(resource, [])
        self._wanted = {column for _, columns in self.table_rules for column in columns}
        self._parts: list[pd.DataFrame] = []

    def __bool__(self) -> bool:
        return bool(self.row_rules or self.table_rules)

    def check(self, table: pd.DataFrame) -> list[Finding]:
        findings = [finding for rule in self.row_rules for finding in rule(self.resource, table)]
        if self.table_rules:
            self._parts.append(table[[column for column in table.columns if column in self._wanted]])
        return findings

    def finish(self) -> list[Finding]:
        if not self._parts:
            return []
        table = pd.concat(self._parts)
        return [finding for rule, _ in self.table_rules for finding in rule(self.resource, table)]
