"""The compliance pages: the province's matrix of agencies against the disclosure categories
(/compliance), one agency's subjects on a fiscal-year timeline with its OIT table
(/organization/{name}/compliance), and the status badge on a disclosure dataset's page.

The numbers are catalog/compliance's, for what an anonymous reader sees (see actions/compliance.py).
Every page is in the site's language (web/language.py): Thai first, with the English in grey, or the English
alone; the texts worded here follow `query["lang"]`. No scripts: sorting,
filtering and the chart are plain links, a GET form and server-drawn SVG.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from catalog.compliance.assess import COVERED, CURRENT, DUE_SOON, MISSING, NOT_DUE, OVERDUE
from catalog.compliance.oit import oit_rows
from catalog.compliance.records import disclosure_of
from catalog.compliance.report import (STATUS_WORDS, UNVERIFIED, be_date, be_label, cell_text, period_phrase,
                                       summary_line)
from catalog.disclosure import fiscal_year_bounds
from catalog.server.actions import call_action
from catalog.server.actions.compliance import assessment_for
from catalog.server.errors import NotFound, ValidationError
from catalog.server.web.display import EN_MONTHS
from catalog.server.web.pages import Page, _organizations, _respond
from catalog.thai.dates import THAI_MONTHS_ABBR, format_thai_date

EN_MONTHS_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SORTS = {
    "agency": ("ชื่อหน่วยงาน", "Agency name"),
    "current": ("เป็นปัจจุบันน้อยที่สุดก่อน", "Fewest current first"),
    "overdue": ("เลยกำหนดมากที่สุดก่อน", "Most overdue first"),
}
# the parts of a currency rule (catalog.disclosure.currency.RULE_PARTS) as a reader calls them
RULE_PART_WORDS = {
    "frequency": ("ความถี่ของการเผยแพร่", "how often"),
    "rounds": ("รอบการรายงาน", "the report rounds"),
    "due_days": ("จำนวนวันที่ต้องเผยแพร่", "the days allowed"),
    "anchor": ("วันที่เริ่มนับ", "the day counted from"),
    "max_age_days": ("อายุสูงสุดของข้อมูล", "the maximum age"),
}
# the chart's colour bands: (lowest share, css class, Thai, English)
CHART_BANDS = (
    (1.0, "band-full", "เผยแพร่ครบทุกงวด", "every period published"),
    (0.5, "band-most", "เผยแพร่แล้วครึ่งหนึ่งขึ้นไป", "half or more published"),
    (0.000001, "band-some", "เผยแพร่แล้วไม่ถึงครึ่ง", "less than half published"),
    (0.0, "band-none", "ยังไม่เผยแพร่เลย", "none published"),
)
CHART_EMPTY = ("band-empty", "ไม่มีงวดที่ครบกำหนดในเดือนนี้", "no period due this month")
CHART_LABEL_WIDTH, CHART_CELL, CHART_ROW, CHART_HEAD = 250, 66, 38, 46
KEPT_PARAMS = ("agency", "category", "sort", "as_of", "fiscal_year")
BAD_VALUES = {
    "as_of": ("วันที่ไม่ถูกต้อง: กรุณาระบุเป็น ปปปป-ดด-วว เช่น 2568-11-30 (พ.ศ.) หรือ 2025-11-30 (ค.ศ.)",
              "Invalid date: write it as YYYY-MM-DD, Buddhist Era (2568-11-30) or Common Era (2025-11-30)."),
    "fiscal_year": ("ปีงบประมาณไม่ถูกต้อง: กรุณาระบุเป็นปี พ.ศ. เช่น 2568",
                    "Invalid fiscal year: write a Buddhist Era year, e.g. 2568."),
}


def routes() -> list[Route]:
    return [
        Route("/compliance", compliance_page, name="compliance"),
        Route("/organization/{name:ckan_name}/compliance", agency_compliance_page, name="organization_compliance"),
    ]


async def compliance_page(request: Request) -> HTMLResponse:
    return await _respond(request, matrix_view, "compliance")


async def agency_compliance_page(request: Request) -> HTMLResponse:
    return await _respond(request, agency_view, "compliance", request.path_params["name"])


# --- shared --------------------------------------------------------------------------------------------------

def _lang(query: dict) -> str:
    """The page's language, as pages._respond chose it."""
    return "en" if query.get("lang") == "en" else "th"


def _params(query: dict, keys=KEPT_PARAMS) -> dict:
    return {k: str(query[k]).strip() for k in keys if str(query.get(k) or "").strip()}


def _href(path: str, params: dict, fragment: str = "", **changes) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v}
    return path + ("?" + urlencode(merged) if merged else "") + (f"#{fragment}" if fragment else "")


def _words(status: str) -> dict:
    th, en = STATUS_WORDS[status]
    return {"th": th, "en": en}


def _long_date(day: dt.date, lang: str) -> str:
    """'30 พฤศจิกายน 2568', '30 November 2025' in English, '2568-11-30 (2025-11-30)' for years Thai dates
    cannot write."""
    if lang == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    try:
        return format_thai_date(day, "long")
    except ValueError:
        return f"{be_date(day)} ({day.isoformat()})"


def _day(day: dt.date | None, lang: str) -> str:
    """A date as the compliance pages write it: '2568-11-30' (Buddhist Era) in Thai, '30 Nov 2025' in English."""
    if day is None or lang != "en":
        return be_date(day)
    return f"{day.day} {EN_MONTHS_ABBR[day.month - 1]} {day.year}"


def _fiscal_months(fiscal_year: int) -> list[dict]:
    """The 12 months of a fiscal year, October first: year, month, and their labels (BE year)."""
    start = fiscal_year_bounds(fiscal_year)[0]
    months = []
    for index in range(12):
        year, month = start.year + (start.month - 1 + index) // 12, (start.month - 1 + index) % 12 + 1
        months.append({"year": year, "month": month, "th": THAI_MONTHS_ABBR[month - 1], "en": EN_MONTHS_ABBR[month - 1],
                       "year_be": year + 543, "year_th": year + 543, "year_en": year})
    return months


def _frame(assessment, query: dict, lang: str, path: str) -> dict:
    """What every compliance page says about the view: as of, the fiscal year."""
    params = _params(query)
    return {"params": params, "path": path,
            "as_of_be": be_date(assessment.as_of), "as_of_long": _long_date(assessment.as_of, lang),
            "fiscal_year": assessment.fiscal_year, "carried": assessment.carried,
            "as_of_value": params.get("as_of", ""), "fiscal_year_value": params.get("fiscal_year", "")}


def _assess(context, query: dict, agency: str | None = None, versions: bool = False):
    """The assessment for the query's as_of and fiscal_year, or the (Thai, English) reasons they are refused."""
    try:
        return assessment_for(context, {k: query.get(k) for k in ("as_of", "fiscal_year")}, agency, versions), None
    except ValidationError as error:
        fields = [k for k in error.errors if k in BAD_VALUES] or ["as_of"]
        reasons = []
        for key in fields:
            th, en = BAD_VALUES[key]
            given = query.get(key)
            if given in (None, ""):  # the site's setting is wrong, not the reader's query
                th, en = (f"ค่าตั้งค่า compliance_{key} ของเว็บไซต์ไม่ถูกต้อง",
                          f"The site's compliance_{key} setting is invalid.")
            reasons.append({"field": key, "value": given or "", "th": th, "en": en})
        return None, reasons


def _bad_request(query: dict, reasons: list[dict], path: str) -> Page:
    params = _params(query)
    return Page("compliance_error.html", {
        "reasons": reasons, "path": path,
        "as_of_value": params.get("as_of", ""), "fiscal_year_value": params.get("fiscal_year", ""),
        "back_href": _href(path, params, as_of="", fiscal_year="")}, 400)


def _period_label(p, lang: str) -> str:
    """A month period as a Thai reader writes it (Buddhist Era) or an English one (Common Era)."""
    return p.period.label if lang == "en" else be_label(p.period.label)


# --- the matrix --------------------------------------------------------------------------------------------

def _cell(subject, agency_name: str, as_of: dt.date, lang: str, link_params: dict) -> dict:
    """A matrix cell: the status and covered/required, the overdue periods named, a link to the subject."""
    overdue = subject.overdue_periods if subject.status != MISSING else []
    detail, tooltip = "", ""
    if overdue:
        labels = [_period_label(p, lang) for p in overdue]
        detail = ", ".join(labels[:3]) + (f" +{len(labels) - 3}" if len(labels) > 3 else "")
        tooltip = ", ".join(period_phrase(p, as_of, lang, common_era=lang == "en") for p in overdue)
    elif not subject.periods and subject.last_published:
        detail = ("ล่าสุด " if lang == "th" else "last ") + _day(subject.last_published, lang)
    return {"category": subject.category.name, "status": subject.status, "text": cell_text(subject, lang),
            "detail": detail, "tooltip": tooltip,
            "href": _href(f"/organization/{agency_name}/compliance", link_params, subject.category.name)}


def _matrix_rows(assessment, categories: list[str], lang: str, link_params: dict) -> list[dict]:
    rows = []
    for agency in assessment.agencies:
        subjects = [s for s in agency.subjects if s.category.name in categories]
        rows.append({
            "name": agency.name, "title": agency.title, "current": agency.current, "total": len(agency.subjects),
            "overdue": len(agency.overdue), "missing": len(agency.missing),
            "cells": [_cell(s, agency.name, assessment.as_of, lang, link_params) for s in subjects],
            "summary": summary_line(agency, assessment.as_of, lang),
            "href": _href(f"/organization/{agency.name}/compliance", link_params)})
    return rows


def thai_sort_key(text: str) -> str:
    """Thai dictionary order, near enough: a leading vowel (เ แ โ ใ ไ) sorts by the consonant after it."""
    out, chars = [], list(text or "")
    i = 0
    while i < len(chars):
        if chars[i] in "เแโใไ" and i + 1 < len(chars):
            out += [chars[i + 1], chars[i]]
            i += 2
        else:
            out.append(chars[i])
            i += 1
    return "".join(out)


def _sorted(rows: list[dict], sort: str) -> list[dict]:
    by_title = sorted(rows, key=lambda r: (thai_sort_key(r["title"] or r["name"]), r["name"]))
    if sort == "current":  # the agencies furthest from current first
        return sorted(by_title, key=lambda r: (r["current"], -r["overdue"]))
    if sort == "overdue":
        return sorted(by_title, key=lambda r: (-r["overdue"], -r["missing"], r["current"]))
    return by_title


def _band(covered: int, required: int) -> tuple[str, str, str]:
    if not required:
        return CHART_EMPTY
    share = covered / required
    return next((css, th, en) for lowest, css, th, en in CHART_BANDS if share >= lowest)


def coverage_chart(assessment, agencies: list[str], categories: list[str], lang: str) -> dict:
    """Periods covered per month per agency: for each agency and month of the fiscal year, of the periods
    (of every periodic subject shown) that end in that month and are due, how many are published."""
    months = _fiscal_months(assessment.fiscal_year)
    by_name = {a.name: a for a in assessment.agencies}
    rows = []
    for index, name in enumerate(agencies):
        agency = by_name[name]
        cells = []
        for column, month in enumerate(months):
            periods = [p for s in agency.subjects if s.category.name in categories for p in s.periods
                       if p.period.fiscal_year == assessment.fiscal_year and p.status in (COVERED, OVERDUE)
                       and (p.period.end.year, p.period.end.month) == (month["year"], month["month"])]
            covered = sum(1 for p in periods if p.status == COVERED)
            css, band_th, band_en = _band(covered, len(periods))
            month_name = f"{month[lang]} {month['year_' + lang]}"
            if periods:
                tip_th = f"{agency.title} — {month['th']} {month['year_be']}: เผยแพร่แล้ว {covered}/{len(periods)} งวด"
                tip_en = (f"{agency.title} — {month['en']} {month['year_en']}: "
                          f"{covered} of {len(periods)} periods published")
            else:
                tip_th = f"{agency.title} — {month['th']} {month['year_be']}: {CHART_EMPTY[1]}"
                tip_en = f"{agency.title} — {month['en']} {month['year_en']}: {CHART_EMPTY[2]}"
            cells.append({"x": CHART_LABEL_WIDTH + column * CHART_CELL, "css": css, "covered": covered,
                          "required": len(periods), "text": f"{covered}/{len(periods)}" if periods else "–",
                          "tooltip": tip_th if lang == "th" else tip_en, "band": band_th if lang == "th" else band_en,
                          "month": month_name})
        title = agency.title or agency.name
        rows.append({"name": name, "title": title, "short": title if len(title) <= 30 else title[:29] + "…",
                     "y": CHART_HEAD + index * CHART_ROW, "cells": cells})
    width = CHART_LABEL_WIDTH + 12 * CHART_CELL
    return {"months": [{**m, "x": CHART_LABEL_WIDTH + i * CHART_CELL + CHART_CELL / 2} for i, m in enumerate(months)],
            "rows": rows, "width": width, "height": CHART_HEAD + max(1, len(rows)) * CHART_ROW + 4,
            "cell": CHART_CELL, "row": CHART_ROW, "label_width": CHART_LABEL_WIDTH,
            "aria_th": (f"แผนภูมิงวดที่เผยแพร่แล้วรายเดือน ปีงบประมาณ {assessment.fiscal_year} แถวละหนึ่งหน่วยงาน "
                        f"{len(rows)} หน่วยงาน คอลัมน์คือเดือน ต.ค. ถึง ก.ย."),
            "aria_en": (f"Periods published per month, fiscal year {assessment.fiscal_year}: one row per agency "
                        f"({len(rows)}), one column per month from October to September"),
            "legend": [{"css": css, "th": th, "en": en} for _, css, th, en in CHART_BANDS]
            + [{"css": CHART_EMPTY[0], "th": CHART_EMPTY[1], "en": CHART_EMPTY[2]}]}


def matrix_view(context, query: dict) -> Page:
    lang = _lang(query)
    agency_filter = str(query.get("agency") or "").strip()
    category_filter = str(query.get("category") or "").strip()
    sort = query.get("sort") if query.get("sort") in SORTS else "agency"
    assessment, reasons = _assess(context, query, agency_filter or None)
    if reasons:
        return _bad_request(query, reasons, "/compliance")
    frame = _frame(assessment, query, lang, "/compliance")
    params = frame["params"]
    names = [c.name for c in assessment.categories]
    category_filter = category_filter if category_filter in names else ""
    shown = [category_filter] if category_filter else names
    link_params = _params(query, ("as_of", "fiscal_year"))
    rows = _sorted(_matrix_rows(assessment, shown, lang, link_params), sort)
    sort_links = {key: _href("/compliance", params, sort=key) for key in SORTS}
    return Page("compliance.html", {
        **frame, "sort": sort, "sorts": SORTS, "sort_links": sort_links, "rows": rows,
        "columns": [c for c in assessment.categories if c.name in shown], "categories": assessment.categories,
        "organizations": _organizations(context), "agency_filter": agency_filter, "category_filter": category_filter,
        "filtered": bool(agency_filter or category_filter),
        "clear_href": _href("/compliance", params, agency="", category=""),
        "chart": coverage_chart(assessment, [r["name"] for r in rows], shown, lang),
        "statuses": [(s, _words(s)) for s in (CURRENT, DUE_SOON, OVERDUE, MISSING)],
        "api_href": _href("/api/3/action/compliance_list", _params(query, ("as_of", "fiscal_year", "agency")))})


# --- one agency ------------------------------------------------------------------------------------------

def _period_block(p, fiscal_year: int, months: list[dict], carried_column: bool, as_of: dt.date,
                  category, lang: str) -> dict:
    offset = 2 if carried_column else 1
    if p.period.fiscal_year < fiscal_year:  # the year before's, falling due in this one
        start, span, carried = 1, 1, True
    else:
        first = (months[0]["year"], months[0]["month"])

        def index(day: dt.date) -> int:
            return max(0, min(11, (day.year - first[0]) * 12 + day.month - first[1]))

        start, carried = index(p.period.start) + offset, False
        span = index(p.period.end) + offset - start + 1
    block = {"label": _period_label(p, lang), "status": p.status, "word": _words(p.status), "start": start,
             "span": span, "carried": carried, "due": _day(p.period.due, lang), "late": False,
             "tooltip_th": period_phrase(p, as_of, "th"), "tooltip_en": period_phrase(p, as_of, "en", common_era=True)}
    if p.status == COVERED:
        publication = p.publication
        # the link is the version of this catalog that holds the period; a filing declared from elsewhere
        # keeps its own address beside it
        version = p.held_by or (publication if publication and not publication.declared else None)
        block.update({"published": _day(p.published, lang), "late_days": p.late_days, "late": bool(p.late_days),
                      "url": version.url if version else None, "version": version.version if version else None,
                      "filed_url": publication.url if publication and publication.declared else None,
                      "declared": bool(publication and publication.declared), "dataset": p.dataset,
                      "nothing": p.nothing_to_report,
                      "nothing_words": (("ไม่มีการจัดซื้อจัดจ้าง", "no procurement this period")
                                        if category.mandate_item == 4 else
                                        ("ไม่มีรายการที่ต้องรายงาน", "nothing to report"))})
    elif p.status == OVERDUE:
        block["days_overdue"] = p.days_overdue(as_of)
    elif p.status in (DUE_SOON, NOT_DUE):
        block["days_left"] = p.days_left(as_of)
    return block


def _lanes(blocks: list[dict]) -> list[list[dict]]:
    """Blocks into rows so that none overlaps: a quarter and the year each get a row of their own."""
    lanes: list[list[dict]] = []
    for block in blocks:
        for lane in lanes:
            if lane[-1]["start"] + lane[-1]["span"] <= block["start"]:
                lane.append(block)
                break
        else:
            lanes.append([block])
    return lanes


def _subject_view(s, assessment, months: list[dict], lang: str) -> dict:
    rule = s.category.currency
    view = {"name": s.category.name, "title_th": s.category.title_th, "title_en": s.category.title_en,
            "mandate_item": s.category.mandate_item, "status": s.status, "word": _words(s.status),
            "cell_th": cell_text(s, "th"), "cell_en": cell_text(s, "en"),
            "note_th": rule.note_th, "note_en": rule.note_en, "periodic": rule.is_periodic,
            "unverified": [{"part": part, "th": RULE_PART_WORDS.get(part, (part, part))[0],
                            "en": RULE_PART_WORDS.get(part, (part, part))[1]} for part in rule.unverified],
            "datasets": [{"name": d.name, "title": d.title} for d in s.datasets],
            "last_published": _day(s.last_published, lang)}
    if rule.is_periodic:
        carried_column = any(p.period.fiscal_year < assessment.fiscal_year for p in s.periods)
        blocks = [_period_block(p, assessment.fiscal_year, months, carried_column, assessment.as_of, s.category,
                                lang) for p in s.periods]
        required = s.required
        view.update({"carried_column": carried_column, "lanes": _lanes(blocks),
                     "covered": sum(1 for p in required if p.status == COVERED), "required": len(required),
                     "late_count": len(s.late_periods), "overdue_count": len(s.overdue_periods)})
    else:
        latest, version = s.latest, s.held_by
        view.update({"current_until": _day(s.due, lang), "latest_url": version.url if version else None,
                     "latest_version": version.version if version else None,
                     "latest_declared": bool(latest and latest.declared),
                     "days_past": (assessment.as_of - s.due).days if s.due and s.status == OVERDUE else 0,
                     "days_left": (s.due - assessment.as_of).days if s.due and s.status != OVERDUE else 0,
                     "max_age_days": rule.max_age_days})
    return view


def agency_view(context, query: dict, name: str) -> Page:
    lang = _lang(query)
    org = call_action("organization_show", context, {"id": name, "include_datasets": False,
                                                     "include_users": False})
    path = f"/organization/{org['name']}/compliance"
    assessment, reasons = _assess(context, query, org["name"], versions=True)
    if reasons:
        return _bad_request(query, reasons, path)
    agency = assessment.agency(org["name"])
    if agency is None:
        raise NotFound("Organization")
    months = _fiscal_months(assessment.fiscal_year)
    frame = _frame(assessment, query, lang, path)
    link_params = _params(query, ("as_of", "fiscal_year"))
    return Page("compliance_agency.html", {
        **frame, "org": org, "agency": agency, "months": months,
        "summary": summary_line(agency, assessment.as_of, lang),
        "subjects": [_subject_view(s, assessment, months, lang) for s in agency.subjects],
        "oit": oit_rows(agency, context.site_url, assessment.fiscal_year),
        "statuses": {s: _words(s) for s in STATUS_WORDS},
        "unverified_words": {"th": UNVERIFIED[0], "en": UNVERIFIED[1]},
        "matrix_href": _href("/compliance", link_params),
        "api_href": "/api/3/action/compliance_show?" + urlencode({"id": org["name"], **_params(
            query, ("as_of", "fiscal_year"))})})


# --- the dataset page's badge ---------------------------------------------------------------------------

def dataset_badge(context, pkg: dict, lang: str = "th") -> dict | None:
    """The standing of the dataset's agency on its disclosure category, for a badge linking to the agency's
    compliance page; None for a dataset of no disclosure category (or one the engine does not know)."""
    category = disclosure_of(pkg).get("category")
    agency_name = (pkg.get("organization") or {}).get("name")
    if not isinstance(category, str) or not agency_name:
        return None
    try:
        assessment = assessment_for(context, {}, agency_name)
    except ValidationError:  # the site's compliance settings are wrong: no badge, not a broken page
        return None
    agency = assessment.agency(agency_name)
    subject = agency.subject(category) if agency else None
    if subject is None:
        return None
    return {"status": subject.status, "word": _words(subject.status), "category": category,
            "title_th": subject.category.title_th, "title_en": subject.category.title_en,
            "text_th": cell_text(subject, "th"), "text_en": cell_text(subject, "en"),
            "as_of": _day(assessment.as_of, lang), "fiscal_year": assessment.fiscal_year,
            "href": f"/organization/{agency_name}/compliance#{category}"}
