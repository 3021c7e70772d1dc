"""Rows of every tabular resource version, read-only, for queries, previews and row diffs.

Each CSV file version is loaded once into a Parquet file named by the bytes it came from and the Table
Schema that types it (`tables.py`); queries run on DuckDB over those immutable files (`query.py`,
`sql.py`), so any version can be read, not only the latest. Nothing here imports the server: callers
pass the paths of the blob and of the rows folder.
"""
