"""Which rows of a table differ between the catalog's copy and the package's: added, removed and changed,
matched by the table's primary key (without one, rows are compared whole: added and removed only)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from catalog.validation.schema_checks import read_table

EXAMPLES = 3


@dataclass
class RowChanges:
    added: int = 0
    removed: int = 0
    changed: int = 0
    key: list[str] = field(default_factory=list)  # the primary key the rows were matched by ([]: none)
    changed_keys: list[str] = field(default_factory=list)  # a few changed rows, as "field=value" text
    fields_added: list[str] = field(default_factory=list)
    fields_removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.fields_added or self.fields_removed)


def _key_text(key: list[str], values) -> str:
    values = values if isinstance(values, tuple) else (values,)
    return ", ".join(f"{name}={value}" for name, value in zip(key, values))


def _text_frame(path: Path) -> pd.DataFrame:
    frame = read_table(path)
    return frame.fillna("").astype(str)


def diff_rows(old_path: Path, new_path: Path, primary_key: list[str] | str | None) -> RowChanges:
    """The row changes from the file at `old_path` (the catalog's) to the one at `new_path` (the package's)."""
    old, new = _text_frame(old_path), _text_frame(new_path)
    changes = RowChanges(fields_added=[c for c in new.columns if c not in old.columns],
                         fields_removed=[c for c in old.columns if c not in new.columns])
    common = [c for c in new.columns if c in old.columns]
    key = [primary_key] if isinstance(primary_key, str) else list(primary_key or [])
    if key and all(k in common for k in key) and not old.duplicated(key).any() and not new.duplicated(key).any():
        changes.key = key
        old_rows, new_rows = old.set_index(key)[[c for c in common if c not in key]], \
            new.set_index(key)[[c for c in common if c not in key]]
        old_keys, new_keys = set(old_rows.index), set(new_rows.index)
        changes.added, changes.removed = len(new_keys - old_keys), len(old_keys - new_keys)
        both = [k for k in new_rows.index if k in old_keys]
        if both:
            differ = (old_rows.loc[both] != new_rows.loc[both]).any(axis=1)
            changed = [k for k, d in zip(both, differ) if d]
            changes.changed = len(changed)
            changes.changed_keys = [_key_text(key, k) for k in changed[:EXAMPLES]]
        return changes
    # no usable key: a row is its cells, compared as a multiset
    old_count = Counter(map(tuple, old[common].itertuples(index=False)))
    new_count = Counter(map(tuple, new[common].itertuples(index=False)))
    changes.added = sum((new_count - old_count).values())
    changes.removed = sum((old_count - new_count).values())
    return changes
