"""Disclosure Catalog: Thai government transparency disclosures as validated data packages."""

import os

# Arrow's allocator (mimalloc) keeps the pages it frees resident in its arena unless told otherwise, so a 1 GB
# table read in chunks would still grow the process by what all the chunks once used. Read before pyarrow loads.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
os.environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")

__version__ = "0.1.0"
