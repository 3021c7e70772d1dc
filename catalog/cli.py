"""The `catalog` command: a thin click layer over the library. Every command's help has an example."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from catalog.errors import CatalogError

LANG = click.option("--lang", type=click.Choice(["en", "th"]), default=lambda: os.environ.get("CATALOG_LANG", "en"),
                    show_default="en, or $CATALOG_LANG", help="Language of messages: English or Thai.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="disclosure-catalog")
def cli():
    """Disclosure Catalog: Thai government transparency disclosures as validated data packages.

    \b
    Example:
        catalog build egp.csv --category egp_contract -o packages/egp
        catalog validate packages/egp
    """


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--category", "-c", required=True, help="Disclosure category (see `catalog categories`).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Package folder to write (default: ./<package name>).")
@click.option("--sheet", default=None,
              help="Read only this sheet of an .xlsx: its name, its number (1 = first), or a resource name such as "
                   "procurement_monthly (default: every sheet that matches).")
@click.option("--agency", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="agency.json with the agency's slug, names and contact for the package metadata.")
@click.option("--name", default=None, help="Package name (default: <agency slug>-<category>[-<fiscal year>]).")
@click.option("--title", default=None, help="Package title (default: the category's Thai title, the fiscal year "
                                            "and the agency's name).")
@click.option("--month", default=None, help="The month reported, when the form does not say it or says it wrong "
                                            "(e.g. 'พ.ย. 67', '11/2567', 2024-11).")
@click.option("--fiscal-year", "fiscal_year", default=None, help="The fiscal year reported (BE, e.g. 2568).")
@click.option("--round", "report_round", default=None,
              help="The report round: 'รอบ 6 เดือน' (6-month), 'ประจำปี' (annual) or 'ไตรมาสที่ 1'..'ไตรมาสที่ 4'.")
@click.option("--drop-personal-columns", is_flag=True,
              help="Leave out source columns that hold national IDs, mobiles, home addresses or birth dates "
                   "(without it such a file is refused).")
@LANG
def build(sources, category, output, sheet, agency, name, title, month, fiscal_year, report_round,
          drop_personal_columns, lang):
    """Build a data package from CSV/XLSX files (and PDFs for document categories).

    Reads UTF-8, UTF-8 with BOM or Windows-874 CSVs and Excel sheets, finds the header row (even under a
    title row or as a two-row Thai header), maps Thai or English headers to the category's schema and
    normalises Buddhist Era dates, Thai digits and baht amounts. The month, fiscal year and report round
    are read from their column, else from the title rows, the sheet name or the file name; the form's
    compound columns (winner and price, contract number and date) are split. Sheets with headers only
    are skipped; total rows and signature lines are left out and said so. Nothing is written if any cell
    is wrong, or if a column holds personal data (unless --drop-personal-columns).

    \b
    Example:
        catalog build egp_contract_fy2568.csv --category egp_contract -o packages/egp-2568
        catalog build สขร1_พย67.xlsx -c procurement_monthly --agency agency.json
        catalog build report.xlsx -c plan_progress --fiscal-year 2568 --round "รอบ 6 เดือน"
        catalog build hr_export.csv -c staff_roster --drop-personal-columns
    """
    from catalog.packaging.build import build as build_package
    from catalog.packaging.periods import PeriodOptions
    from catalog.disclosure import get_category

    agency_info = _read_agency(agency) if agency else None
    cat = get_category(category)
    report = build_package(list(sources), cat, output, agency=agency_info, sheet=sheet, name=name, title=title,
                           periods=PeriodOptions(month, fiscal_year, report_round),
                           drop_personal_columns=drop_personal_columns)
    data = json.loads(report.descriptor.read_text(encoding="utf-8"))
    for line in report.lines(lang):
        click.echo(line)
    for resource in data["resources"]:
        rows = sum(count for seg in resource.get("provenance", []) for _, count in seg.get("rows", []))
        detail = f"{rows:,} แถว" if lang == "th" else f"{rows:,} rows"
        click.echo(f"  {resource['path']}: {detail if resource.get('schema') else resource.get('mediatype')}")
    click.echo(f"{'สร้างแพ็กเกจแล้ว' if lang == 'th' else 'built'} {data['name']}: {report.descriptor}")


@cli.command(name="build-all")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@LANG
def build_all(root, lang):
    """Build every package of a disclosure tree from the sources kept beside it.

    The tree holds <agency>/agency.json and <agency>/sources/<category>/ with the officer's files; each
    category's package is written to <agency>/<category>/.

    \b
    Example:
        catalog build-all datapackages
    """
    from catalog.packaging.tree import build_tree

    for descriptor in build_tree(root):
        click.echo(f"{'สร้างแล้ว' if lang == 'th' else 'built'} {descriptor}")


def _read_agency(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"not valid JSON ({exc})", f"ไม่ใช่ JSON ที่ถูกต้อง ({exc})", file=path.name) from None


@cli.command()
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--max-findings", default=200, show_default=True, help="Print at most this many findings as text.")
@LANG
def validate(packages, as_json, max_findings, lang):
    """Validate a data package: schema, domain rules and the personal-data guard. Exits 1 on errors.

    Every finding names the resource, row and field, and the officer's file, sheet, row and column it
    came from.

    \b
    Example:
        catalog validate packages/egp-2568
        catalog validate packages/egp-2568/datapackage.json --json --lang th
        catalog validate datapackages/*/*/datapackage.json
    """
    from catalog.validation.package import validate_package

    reports = [validate_package(package) for package in packages]
    if as_json:
        dicts = [report.to_dict() for report in reports]
        click.echo(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            lines = report.lines(lang)
            for line in lines[:max_findings]:
                click.echo(line)
            if len(lines) > max_findings:
                click.echo(f"... ({len(lines) - max_findings:,} more; use --json for all)")
            click.echo(report.summary(lang))
    sys.exit(0 if all(report.valid for report in reports) else 1)


@cli.command()
@click.argument("category")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx file to write.")
@LANG
def template(category, output, lang):
    """Write an Excel template for a category: Thai headers, dropdowns, formats and instructions.

    Officers fill it in and `catalog build` reads it back into the category's package.

    \b
    Example:
        catalog template procurement_monthly -o sor-kor-1.xlsx
        catalog build sor-kor-1.xlsx --category procurement_monthly -o packages/procurement
    """
    from catalog.packaging.template import write_template

    path = write_template(category, output)
    click.echo(f"{'เขียนแม่แบบแล้ว' if lang == 'th' else 'wrote'} {path}")


@cli.command()
@LANG
def categories(lang):
    """List the disclosure categories, their resources and the mandate item each serves.

    \b
    Example:
        catalog categories --lang th
    """
    from catalog.disclosure import all_categories

    for cat in all_categories():
        title = cat.title_th if lang == "th" else cat.title_en
        resources = ", ".join(r.name for r in cat.resources)
        click.echo(f"{cat.name:<22} [{cat.mandate_item}] {title} — {resources}")


HOME = click.option("--home", type=click.Path(file_okay=False, path_type=Path),
                    default=lambda: os.environ.get("CATALOG_HOME", ".catalog-home"), show_default="$CATALOG_HOME or ./.catalog-home",
                    help="The catalog's home folder (database and files).")


@cli.command()
@HOME
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8700, show_default=True, type=int)
@click.option("--site-url", default=None, help="Public address of the catalog (default: http://HOST:PORT).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes (one per core uses them all; they share the SQLite file in WAL mode).")
def serve(home, host, port, site_url, workers):
    """Serve the embedded CKAN-compatible catalog (Action API, downloads, pages).

    \b
    Example:
        catalog serve --home /srv/catalog --port 8700 --workers 2
        curl http://127.0.0.1:8700/api/3/action/package_list
    """
    import uvicorn

    from catalog.server.site import serving_site_url
    from catalog.server.store import Store
    from catalog.server.web.app import create_app

    store = Store(home)
    served = f"http://{host}:{port}"
    links = serving_site_url(store, site_url, served)
    click.echo(f"Serving the catalog at {served}/ (home: {home}, {workers} worker(s))")
    if links.rstrip("/") != served:
        click.echo(f"Links name {links} (the catalog's site_url; --site-url changes it)")
    if workers == 1:
        uvicorn.run(create_app(home, store), host=host, port=port, log_level="warning")
        return
    from catalog.server.integrity import open_home
    from catalog.server.web.serving import check_port_free, run_workers

    try:
        check_port_free(host, port)
    except OSError as exc:
        raise CatalogError(f"cannot listen on {host}:{port}: {exc.strerror}",
                           f"เปิดรับการเชื่อมต่อที่ {host}:{port} ไม่ได้: {exc.strerror}") from None
    open_home(store)  # recovers before any worker serves, then holds the home open as long as they run
    store.dispose()
    sys.exit(run_workers(str(Path(home).resolve()), host, port, workers))


@cli.group()
def admin():
    """Administer the embedded catalog: users, API tokens, organizations, settings, integrity check.

    \b
    Example:
        catalog admin user-create officer1
        catalog admin token-create officer1
        catalog admin check
    """


@admin.command("user-create")
@click.argument("name")
@click.option("--sysadmin", is_flag=True, help="Make the user a sysadmin.")
@click.option("--email", default=None)
@HOME
def admin_user_create(name, sysadmin, email, home):
    """Create a user. Example: catalog admin user-create officer1 --email officer1@example.go.th"""
    from catalog.server.store import Store
    from catalog.server.users import create_user

    with Store(home).begin() as conn:
        user = create_user(conn, name, sysadmin=sysadmin, email=email)
    click.echo(f"created user {user['name']}{' (sysadmin)' if sysadmin else ''}")


@admin.command("token-create")
@click.argument("user")
@click.option("--name", "token_name", default="api", show_default=True)
@HOME
def admin_token_create(user, token_name, home):
    """Create an API token for a user and print it (it cannot be shown again).

    \b
    Example:
        export CATALOG_TOKEN=$(catalog admin token-create officer1)
    """
    from catalog.server.store import Store
    from catalog.server.users import create_token

    with Store(home).begin() as conn:
        _, token = create_token(conn, user, token_name)
    click.echo(token)


@admin.command("token-revoke")
@click.argument("token")
@HOME
def admin_token_revoke(token, home):
    """Revoke an API token (give the token or its id). Example: catalog admin token-revoke $CATALOG_TOKEN"""
    from catalog.server.store import Store
    from catalog.server.users import revoke_token

    with Store(home).begin() as conn:
        if not revoke_token(conn, token):
            raise CatalogError("no such active token", "ไม่พบโทเค็นที่ใช้งานอยู่")
    click.echo("revoked")


@admin.command("org-create")
@click.argument("name")
@click.option("--title", default="", help="Display title, e.g. the agency's Thai name.")
@HOME
def admin_org_create(name, title, home):
    """Create an organization. Example: catalog admin org-create phuket-pao --title "อบจ.ภูเก็ต\""""
    from catalog.server.actions import Context, call_action
    from catalog.server.store import Store

    call_action("organization_create", Context(Store(home), ignore_auth=True), {"name": name, "title": title})
    click.echo(f"created organization {name}")


@admin.command("member-add")
@click.argument("organization")
@click.argument("user")
@click.argument("role", type=click.Choice(["admin", "editor", "member"]))
@HOME
def admin_member_add(organization, user, role, home):
    """Give a user a role in an organization. Example: catalog admin member-add phuket-pao officer1 editor"""
    from catalog.server.actions import Context, call_action
    from catalog.server.store import Store

    call_action("organization_member_create", Context(Store(home), ignore_auth=True),
                {"id": organization, "username": user, "role": role})
    click.echo(f"{user} is now {role} of {organization}")


@admin.command("set")
@click.argument("key", type=click.Choice(["site_url", "site_title", "dataset_schema", "max_resource_size_mb",
                                                "province_th", "province_en", "compliance_as_of",
                                                "compliance_fiscal_year"]))
@click.argument("value")
@HOME
def admin_set(key, value, home):
    """Change a catalog setting. Example: catalog admin set dataset_schema gdc

    province_th / province_en name the province every dataset covers (dct:spatial in the DCAT output).
    compliance_as_of (YYYY-MM-DD) and compliance_fiscal_year (BE) are the /compliance pages' defaults;
    empty: today in Thailand and its fiscal year."""
    from catalog.server.site import configure_site_url
    from catalog.server.store import Store

    if key == "dataset_schema" and value not in {"ckan", "gdc"}:
        raise CatalogError("dataset_schema is 'ckan' or 'gdc'", "dataset_schema ต้องเป็น 'ckan' หรือ 'gdc'")
    if key == "compliance_as_of" and value:
        _as_of(value)
    if key == "compliance_fiscal_year" and value and not (value.isdigit() and 2400 <= int(value) <= 2942):
        raise CatalogError("compliance_fiscal_year is a Buddhist Era year, e.g. 2568",
                           "compliance_fiscal_year ต้องเป็นปี พ.ศ. เช่น 2568")
    store = Store(home)
    if key == "site_url":
        configure_site_url(store, value)
    else:
        store.set_setting(key, value)
    click.echo(f"{key} = {value}")


@admin.command("check")
@HOME
def admin_check(home):
    """Verify every stored file against its hash and every row's references; exit 1 on any problem.

    \b
    Example:
        catalog admin check --home /srv/catalog
    """
    from catalog.server.integrity import check_store
    from catalog.server.store import Store

    problems = check_store(Store(home))
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(problems)} problems" if problems else "ok: every file matches its hash and every reference resolves")
    sys.exit(1 if problems else 0)


@cli.command()
@click.argument("packages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "to", default=None, metavar="TARGET",
              help="A CKAN URL, or a target named in the targets file (default: the embedded catalog of --home).")
@click.option("--dry-run", is_flag=True, help="Print the plan and write nothing.")
@HOME
@click.option("--targets", type=click.Path(dir_okay=False, path_type=Path), default=None,
              show_default="$CATALOG_TARGETS or ~/.config/disclosure-catalog/targets.toml",
              help="TOML file of named targets: url, token_env or token, dataset_schema, create_organizations.")
@click.option("--replace", is_flag=True,
              help="Replace each table of the dataset with the package's, instead of adding the package's months "
                   "(or report rounds) to those the dataset holds.")
@LANG
def publish(packages, to, dry_run, home, targets, replace, lang):
    """Publish data packages to a CKAN catalog: validate, plan, then write only what changed.

    Nothing is published if any package fails validation. Each dataset is found by the package's name and
    each resource by its name; a file is uploaded only when its sha256 differs, so publishing an unchanged
    package again writes nothing. A monthly package (a category kept by fiscal year) adds its month to
    the year's dataset, replacing only that month's rows; --replace replaces the whole year. With no
    --to, packages go into the embedded catalog of --home (no server needs to be running). The API
    token comes from the target's token_env variable or $CATALOG_TOKEN.

    \b
    Example:
        catalog publish datapackages/phuket-pao/egp_contract --dry-run --lang th
        catalog publish datapackages/*/*
        catalog publish phuket-pao-procurement-monthly-2568/ --dry-run   # adds its month to FY2568
        catalog publish phuket-pao-procurement-monthly-2568/ --replace   # the package is the whole year
        export CATALOG_TOKEN=...   # the portal's API token
        catalog publish packages/egp-2568 --to https://catalog.example.go.th
    """
    from catalog.publishing.progress import upload_progress
    from catalog.publishing.run import publish_packages, summary_line

    with upload_progress(on_terminal=sys.stderr.isatty()) as progress:
        summary = publish_packages(list(packages), to=to, home=home, targets=targets, dry_run=dry_run, lang=lang,
                                   echo=click.echo, progress=progress, replace=replace)
    click.echo(summary_line(summary, lang, dry_run))
    sys.exit(1 if summary.blocked else 0)


@cli.command()
@click.argument("dataset")
@click.option("--to", "to", default=None, metavar="TARGET",
              help="A CKAN URL, or a target named in the targets file (default: the embedded catalog of --home).")
@HOME
@click.option("--targets", type=click.Path(dir_okay=False, path_type=Path), default=None,
              show_default="$CATALOG_TARGETS or ~/.config/disclosure-catalog/targets.toml",
              help="TOML file of named targets (see `catalog publish --help`).")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@LANG
def history(dataset, to, home, targets, as_json, lang):
    """List a dataset's published versions, newest first: what changed and the permanent links.

    Each version shows its changelog entry (resources new, changed or removed; rows added, removed and
    changed by primary key; metadata that changed), the URL of its own datapackage.json and of every file
    whose bytes are new at it. On a CKAN portal, which overwrites uploads, the links are the immutable
    copies in the dataset's companion `<name>-history` dataset.

    \b
    Example:
        catalog history phuket-pao-egp-contract --lang th
        catalog history phuket-pao-egp-contract --to https://catalog.example.go.th --json
    """
    from catalog.publishing.history import read_history

    found = read_history(dataset, to=to, home=home, targets=targets)
    click.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2) if as_json else found.text(lang))


def _as_of(value: str | None):
    """--as-of: YYYY-MM-DD, Buddhist Era (2568-11-30) or Common Era (2025-11-30)."""
    from catalog.compliance import parse_day

    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError:
        raise CatalogError(f"--as-of {value!r}: expected a date as YYYY-MM-DD, e.g. 2568-11-30 or 2025-11-30",
                           f"--as-of {value!r}: ต้องเป็นวันที่แบบ YYYY-MM-DD เช่น 2568-11-30") from None


@cli.command()
@click.option("--to", "to", default=None, metavar="TARGET",
              help="A CKAN URL, or a target named in the targets file (default: the embedded catalog of --home).")
@HOME
@click.option("--targets", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="TOML file of named targets (see `catalog publish --help`).")
@click.option("--agency", default=None, help="Only this agency (its organization name).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Assess as on this day: 2568-11-30 (Buddhist Era) or 2025-11-30 (default: today in Thailand).")
@click.option("--fiscal-year", type=click.IntRange(2400, 2942), default=None,
              help="Buddhist Era fiscal year, e.g. 2568 (default: the year of --as-of, with the year before's "
                   "periods that fall due in it).")
@click.option("--oit", is_flag=True, help="The OIT view instead: each ITA item with the links that satisfy it.")
@click.option("--json", "as_json", is_flag=True, help="Print the assessment as JSON.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every agency x subject x period as CSV (UTF-8 with BOM).")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the matrix and the periods as an Excel workbook.")
@LANG
def compliance(to, home, targets, agency, as_of, fiscal_year, oit, as_json, csv_file, xlsx_file, lang):
    """Which agency has published which mandated subject, complete and current, as of a date.

    For every agency and each disclosure category: published or missing, and each period the category's
    currency rule asks for (each month's procurement summary, the 6-month and annual progress rounds,
    the yearly plan; a roster "on change" within a maximum age): published on time or late, due soon,
    overdue or not yet due. Prints the matrix and one line per agency. Exit 0 when everything is
    current, 3 when something is overdue or missing, so a province can run it from cron.

    \b
    Example:
        catalog compliance --as-of 2568-11-30 --fiscal-year 2568 --lang th
        catalog compliance --to https://catalog.example.go.th --agency phuket-city --json
        catalog compliance --xlsx compliance-2568.xlsx --csv compliance-2568.csv
        catalog compliance --oit --agency phuket-city --fiscal-year 2568
    """
    from catalog.compliance import assess_catalog
    from catalog.compliance.reading import catalog_action
    from catalog.compliance.report import assessment_json, matrix_text, write_csv, write_xlsx

    as_of = _as_of(as_of)
    with catalog_action(to, home, targets) as (action, site_url):
        assessment = assess_catalog(action, as_of, fiscal_year, agency, versions=oit or as_json)
    if agency and not assessment.agencies:
        raise CatalogError(f"no agency {agency!r} in this catalog", f"ไม่พบหน่วยงาน {agency!r} ในแคตตาล็อกนี้")
    if oit:
        from catalog.compliance.oit import oit_json, oit_rows, oit_text

        rows = {a.name: oit_rows(a, site_url, assessment.fiscal_year) for a in assessment.agencies}
        if as_json:
            click.echo(json.dumps({name: oit_json(r) for name, r in rows.items()}, ensure_ascii=False, indent=2))
        else:
            for name, r in rows.items():
                click.echo(f"# {name}")
                click.echo(oit_text(r, lang))
        return
    if csv_file:
        write_csv(assessment, csv_file)
    if xlsx_file:
        write_xlsx(assessment, xlsx_file, lang)
    click.echo(json.dumps(assessment_json(assessment), ensure_ascii=False, indent=2) if as_json
               else matrix_text(assessment, lang))
    sys.exit(0 if assessment.all_current else 3)


@cli.group()
def harvest():
    """Gather other catalogs into the embedded catalog: a CKAN (real, or another `catalog serve`) or any
    DCAT endpoint with hydra paging.

    \b
    Example:
        catalog harvest add phuket-pao http://catalog.phuketpao.example.go.th --type ckan --mirror
        catalog harvest add eu-dcat https://data.example.org/catalog.ttl --type dcat --prefix eu
        catalog harvest run --all
        catalog harvest status
    """


@harvest.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--type", "source_type", type=click.Choice(["ckan", "dcat"]), required=True,
              help="ckan: the Action API at URL; dcat: RDF pages starting at URL (e.g. .../catalog.ttl).")
@click.option("--organization", default=None, help="Put every dataset in this organization here (default: an "
                                                    "organization of the source's name, made here when missing).")
@click.option("--filter", "filters", multiple=True, metavar="FIELD:VALUE",
              help="Only datasets matching this CKAN search filter, e.g. organization:phuket-pao (repeatable).")
@click.option("--prefix", default=None, help="Prefix for names already taken here by another source "
                                             "(default: the source's name).")
@click.option("--mirror", is_flag=True, help="Copy every file (every version, where the source keeps them) "
                                             "here, checked against its sha256, so links hold if the source goes.")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Delete a dataset here only once it has been missing at the source this long.")
@HOME
def harvest_add(name, url, source_type, organization, filters, prefix, mirror, grace_hours, home):
    """Register a catalog to harvest.

    \b
    Example:
        catalog harvest add pao http://127.0.0.1:8701 --type ckan --filter organization:phuket-pao
        catalog harvest add eu https://data.example.eu/catalog.ttl --type dcat --prefix eu --grace-hours 48
    """
    from catalog.harvest import add_source

    source = add_source(home, name, url, source_type, organization=organization, filters=filters, prefix=prefix,
                        mirror=mirror, grace_hours=grace_hours)
    click.echo(f"{source['name']}: {source['source_type']} {source['url']}")


@harvest.command("run")
@click.argument("name", required=False)
@click.option("--all", "run_all", is_flag=True, help="Run every source, one after another.")
@click.option("--full", is_flag=True, help="Gather everything, not only what changed since the last run.")
@click.option("--json", "as_json", is_flag=True, help="Print each run's report as JSON.")
@HOME
@LANG
def harvest_run(name, run_all, full, as_json, home, lang):
    """Harvest a source (or --all): changed datasets in, deletions applied; exit 1 when a source fails.

    \b
    Example:
        catalog harvest run phuket-pao
        catalog harvest run --all --lang th
    """
    from catalog.harvest import run_source
    from catalog.harvest.progress import harvest_progress
    from catalog.harvest.run import HarvestError, source_names

    if bool(name) == run_all:
        raise HarvestError("name one source, or give --all", "ระบุชื่อแหล่งหนึ่งแหล่ง หรือใช้ --all")
    names = source_names(home) if run_all else [name]
    reports = []
    for source in names:
        with harvest_progress(source, on_terminal=sys.stderr.isatty()) as progress:
            reports.append(run_source(home, source, full=full, progress=progress))
        click.echo(json.dumps(reports[-1].as_dict(), ensure_ascii=False) if as_json else reports[-1].summary(lang))
    sys.exit(0 if all(r.status == "finished" for r in reports) else 1)


@harvest.command("status")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@HOME
@LANG
def harvest_status(name, as_json, home, lang):
    """The last run of each source (or of NAME): when, how it ended, what it did.

    \b
    Example:
        catalog harvest status
        catalog harvest status phuket-pao --json
    """
    from catalog.harvest.run import status_lines, status_of

    found = status_of(home, name)
    click.echo(json.dumps(found, ensure_ascii=False, indent=2) if as_json else "\n".join(status_lines(found, lang)))


@harvest.command("sources")
@HOME
def harvest_sources(home):
    """The registered sources: name, type, URL and settings.

    \b
    Example:
        catalog harvest sources
    """
    from catalog.harvest.run import list_sources

    for source in list_sources(home):
        settings = ", ".join(f"{k}={v}" for k, v in source["config"].items())
        click.echo(f"{source['name']}\t{source['source_type']}\t{source['url']}" + (f"\t{settings}" if settings else ""))


def main(argv=None):
    """Entry point: user errors become one line and exit 1; no traceback reaches the user."""
    lang = os.environ.get("CATALOG_LANG", "en")
    args = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in args and args.index("--lang") + 1 < len(args):
        lang = args[args.index("--lang") + 1]
    try:
        code = cli.main(args=args, prog_name="catalog", standalone_mode=False)
    except CatalogError as exc:
        click.echo(exc.render(lang), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so in one line, keep the traceback for those who ask
        if os.environ.get("CATALOG_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set CATALOG_DEBUG=1 for the traceback)",
                   err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
