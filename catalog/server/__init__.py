"""The embedded CKAN-compatible catalog: the Action API over a SQL store, immutable files, a version trail.

`actions/` holds one function per CKAN action and `auth/` one authorization rule of the same name beside
it, as CKAN's logic/action and logic/auth do. `store/` is the SQL schema, `blobs` the content-addressed
files, `web/` the HTTP layer (API, downloads, pages).
"""
