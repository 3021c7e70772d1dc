"""Which activity of a catalog is which published version: the rule the publisher's history and the
catalog's DCAT share.

One publish writes several activities, and the next publish writes its files before it sets its own
version number; so a version is the activity, among the run of activities under its number, at which
every file has the hash its changelog entry (and the entries before it) says. Activities and their files
come from the caller (the Action API for the publisher, the store for the server).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from catalog.ckanmodel.jsontext import extra_value

Activity = TypeVar("Activity")
Files = dict  # resource name -> (sha256 hash "sha256:<hex>", permanent URL)
CHANGELOG_EXTRA = "changelog"


def changelog_entries(dataset: dict | None) -> list[dict]:
    """The changelog entries a catalog's dataset holds, oldest first ([] when it has none or they cannot
    be read); see publishing/changelog.py for what an entry holds."""
    try:
        entries = json.loads(extra_value(dataset, CHANGELOG_EXTRA) or "[]")
    except ValueError:
        return []
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def runs_by_version(activities: list[Activity], version: Callable[[Activity], str | None]) -> list[list[Activity]]:
    """Activities (newest first) in runs of one version number, keeping their order."""
    runs: list[list[Activity]] = []
    for activity in activities:
        if runs and version(activity) == version(runs[-1][0]):
            runs[-1].append(activity)
        else:
            runs.append([activity])
    return runs


def file_states(entries: list[dict]) -> list[dict[str, str]]:
    """Per changelog entry, oldest first: resource name -> the hash of its file at that version."""
    states, current = [], {}
    for entry in entries:
        for name in (entry.get("resources") or {}).get("removed") or []:
            current.pop(name, None)
        current.update({f.get("resource"): f.get("hash") for f in entry.get("files") or [] if isinstance(f, dict)})
        states.append(dict(current))
    return states


def complete_activity(run: list[Activity], state: dict[str, str],
                      files_of: Callable[[Activity], Files]) -> tuple[Activity, Files]:
    """The activity of a run at which every file is the version's (the run's newest when none is, as for a
    dataset edited by hand), with its files."""
    for activity in run:
        files = files_of(activity)
        if all(files.get(name, (None,))[0] == digest for name, digest in state.items()):
            return activity, files
    return run[0], files_of(run[0])


def versions_of(entries: list[dict], runs: list[list[Activity]], version: Callable[[Activity], str | None],
                files_of: Callable[[Activity], Files]) -> list[tuple[dict, Activity | None, Files]]:
    """Each changelog entry (given oldest first) with the activity that is its version and its files,
    newest first; an entry whose activities are gone has None and no files."""
    waiting: dict[str | None, list[list[Activity]]] = {}
    for run in runs:
        waiting.setdefault(version(run[0]), []).append(run)
    found = []
    for entry, state in reversed(list(zip(entries, file_states(entries)))):  # newest first, like the runs
        pending = waiting.get(entry.get("version")) or []
        activity, files = complete_activity(pending.pop(0), state, files_of) if pending else (None, {})
        found.append((entry, activity, files))
    return found
