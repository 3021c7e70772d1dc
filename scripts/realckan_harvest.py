"""One harvest job of a ckanext-harvest source, run to the end in this process: gather, fetch and import,
then the job marked finished. Run with the CKAN venv's python by `scripts/realckan harvest SOURCE`.

It does what ckanext-harvest's own `ckan harvester run-test` does (its tests.lib.run_harvest_job), which
cannot run in a portal's venv: it imports factory_boy, Faker and pytest. The stages are the harvester's
own; only the Redis queues between them are skipped, so no gather or fetch consumer has to run.

    python scripts/realckan_harvest.py CKAN_INI SOURCE_ID_OR_NAME

Prints one JSON object: the job id and status, the harvest object counts (added, updated, deleted,
errored, not modified), the gather errors, each object's import errors, and the HTTP requests made to
the source (counted at requests' Session.send, which the harvesters' requests.get goes through).
"""

from __future__ import annotations

import json
import logging
import sys


def count_requests_to(base_url: str) -> list[int]:
    """A counter of the requests this process sends to `base_url`'s host (CKAN's Solr calls go elsewhere)."""
    from urllib.parse import urlsplit

    import requests

    host = urlsplit(base_url).netloc
    counter = [0]
    send = requests.Session.send

    def counted(self, request, **kwargs):
        if urlsplit(request.url).netloc == host:
            counter[0] += 1
        return send(self, request, **kwargs)

    requests.Session.send = counted
    return counter


def run(source_id: str) -> dict:
    from ckan import model
    from ckan.plugins import toolkit
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob

    site_user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context = {"model": model, "session": model.Session, "user": site_user, "ignore_auth": True}
    # use_cache=False: on CKAN 2.12, ckanext-harvest 1.6.3 indexes the source unvalidated when a job
    # finishes, and the cached show then has no source_type or config
    source = toolkit.get_action("harvest_source_show")(dict(context, use_cache=False), {"id": source_id})
    requests_made = count_requests_to(source["url"])
    job = HarvestJob.get(_new_job(context, source["id"]))
    job.status = "Running"
    job.save()
    harvester = queue.get_harvester(source["source_type"])
    if harvester is None:
        raise SystemExit(f"no harvester of type {source['source_type']!r} is loaded")
    object_ids = queue.gather_stage(harvester, job)
    for object_id in object_ids if isinstance(object_ids, list) else []:
        from ckanext.harvest.model import HarvestObject

        queue.fetch_and_import_stages(harvester, HarvestObject.get(object_id))
    toolkit.get_action("harvest_jobs_run")(context.copy(), {"source_id": source["id"]})
    report = toolkit.get_action("harvest_job_report")(context.copy(), {"id": job.id})
    shown = toolkit.get_action("harvest_job_show")(context.copy(), {"id": job.id})
    return {
        "job": job.id,
        "status": shown["status"],
        "gathered": len(object_ids) if isinstance(object_ids, list) else 0,
        "stats": shown.get("stats") or {},
        "requests": requests_made[0],
        "gather_errors": [e["message"] for e in report.get("gather_errors") or []],
        "object_errors": {guid: [e["message"] for e in errors]
                          for guid, errors in _object_errors(report).items()},
    }


def _new_job(context: dict, source_id: str) -> str:
    """A job that is neither gathered nor queued: a fresh one, or the one a run that broke off left."""
    from ckan.plugins import toolkit
    from ckanext.harvest.logic import HarvestJobExists

    def listed(status: str) -> list:
        return toolkit.get_action("harvest_job_list")(context.copy(), {"source_id": source_id, "status": status})

    for job in listed("Running"):  # no consumer will ever finish it
        toolkit.get_action("harvest_job_abort")(context.copy(), {"id": job["id"]})
    try:
        # run=False: the job is not put on the gather queue, it is gathered here
        return toolkit.get_action("harvest_job_create")(context.copy(), {"source_id": source_id, "run": False})["id"]
    except HarvestJobExists:
        return listed("New")[0]["id"]


def _object_errors(report: dict) -> dict:
    errors: dict = {}
    for object_id, entry in (report.get("object_errors") or {}).items():
        errors[entry.get("guid") or object_id] = entry.get("errors") or []
    return errors


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    ini, source_id = argv[1], argv[2]
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():  # the harvesters use toolkit.c and url_for
        print(json.dumps(run(source_id), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
