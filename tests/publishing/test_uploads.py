"""Uploads stream from disk in chunks (constant memory) and report their progress."""

from __future__ import annotations

import hashlib
import os

import httpx

from catalog.publishing.uploads import CHUNK, StreamingSession


class Recorder:
    def __init__(self):
        self.events = []

    def start(self, label, size):
        self.events.append(("start", label, size))

    def advance(self, sent):
        self.events.append(("advance", sent))

    def finish(self):
        self.events.append(("finish",))


def test_a_large_file_arrives_whole_and_its_progress_is_reported_chunk_by_chunk(catalog_server, tmp_path):
    data = os.urandom(5 * CHUNK + 123)
    path = tmp_path / "รายงานผล 2568.csv"
    path.write_bytes(data)
    recorder = Recorder()
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.session = StreamingSession(recorder)
    ckan.action.organization_create(name="demo")
    dataset = ckan.action.package_create(name="large-upload", owner_org="demo")

    with open(path, "rb") as stream:
        resource = ckan.action.resource_create(package_id=dataset["id"], name="report", description="รายงาน",
                                               upload=(path.name, stream))

    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and resource["size"] == len(data)
    assert resource["description"] == "รายงาน"  # the form fields travel beside the file, UTF-8 intact
    assert httpx.get(resource["url"]).content == data
    assert recorder.events[0] == ("start", "รายงานผล 2568.csv", len(data)) and recorder.events[-1] == ("finish",)
    sent = [event[1] for event in recorder.events if event[0] == "advance"]
    assert sum(sent) == len(data) and len(sent) == 6 and max(sent) <= CHUNK


def test_posts_without_files_go_as_json(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.session = StreamingSession()
    assert ckan.action.organization_create(name="json-post", title="หน่วยงาน")["title"] == "หน่วยงาน"
