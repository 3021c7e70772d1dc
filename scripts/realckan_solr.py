#!/usr/bin/env python3
"""Solr stand-in for scripts/realckan: an in-memory stand-in for the Apache Solr core that CKAN talks to.

It is NOT Solr.  It speaks just enough of Solr's HTTP API (the parts used by
CKAN 2.10-2.12 through pysolr) for a real CKAN to index, show and search
datasets in integration tests when no Solr/Java download is possible:

  GET  /solr/<core>/schema?wt=schema.xml     -> CKAN's own schema.xml (version check)
  GET  /solr/<core>/admin/file/?file=schema.xml
  GET|POST /solr/<core>/select               -> q / fq / rows / start / fl / sort / facets
  POST /solr/<core>/update                   -> JSON docs, XML <add>/<delete>/<commit>
  GET  /solr/<core>/admin/ping

Query support is a small Lucene-syntax subset: field:value, field:"phrase",
field:(a OR b), field:[x TO y], field:*, *:*, +/-/NOT, AND/OR, parentheses,
bare words (case-insensitive substring match over all values).  No scoring.

Usage: python3 realckan_solr.py --port 8983 --schema /path/to/ckan/config/solr/schema.xml \
           [--persist index.json]
With --persist the index is loaded from that file at start and written back (atomically) at most once a
second while it changes (less often once writing it takes long), and on SIGTERM/SIGINT, so a stopped and
restarted portal keeps its search index. Queries naming exact field values look only at the documents
holding them (an index of values), so a portal of 10,000 datasets still answers in milliseconds.
Stdlib only.
"""
import argparse
import fnmatch
import functools
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DOCS = {}          # index_id -> doc
# Where to look, not what matches: (field, lowercased value) -> keys of the docs holding that value, and
# field -> keys of the docs with a value containing a space there (the ones a word may match inside).
# A query whose clauses name exact values is checked against those docs only, not against all of them.
EXACT = {}
SPACED = {}
ORDER = {}         # index_id -> when it was first added (DOCS' own order, kept for narrowed answers)
ADDED = itertools.count()
LOCK = threading.Lock()
SCHEMA = b""
UNIQUE_KEY = "index_id"
PERSIST = None
DIRTY = threading.Event()


# ----------------------------------------------------------------- query ---
def _tokenize(s):
    """Split a Lucene query into top-level tokens, keeping quotes, () and []
    groups intact."""
    toks, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        j, depth, quote = i, 0, False
        while j < n:
            ch = s[j]
            if ch == "\\" and j + 1 < n:
                j += 2
                continue
            if ch == '"':
                quote = not quote
            elif not quote and ch in "([{":
                depth += 1
            elif not quote and ch in ")]}":
                depth -= 1
            elif not quote and depth <= 0 and ch.isspace():
                break
            j += 1
        toks.append(s[i:j])
        i = j
    return toks


def _values(doc, field):
    v = doc.get(field)
    if v is None:
        return []
    if not isinstance(v, list):
        v = [v]
    return [str(x) for x in v]


def _all_text(doc):
    out = []
    for k, v in doc.items():
        if k in ("data_dict", "validated_data_dict"):
            continue
        out.extend(str(x) for x in (v if isinstance(v, list) else [v]))
    return " ".join(out).lower()


def _unquote(v):
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        return v[1:-1].replace('\\"', '"'), True
    return re.sub(r"\\(.)", r"\1", v), False


def _match_value(doc, field, raw):
    raw = raw.strip()
    if raw.startswith("(") and raw.endswith(")"):
        return match(doc, raw[1:-1], default_field=field)
    if raw.startswith("[") or raw.startswith("{"):
        m = re.match(r"[\[{]\s*(\S+)\s+TO\s+(\S+)\s*[\]}]", raw)
        vals = _values(doc, field)
        if not m or not vals:
            return False
        lo, hi = m.group(1), m.group(2)
        lo = None if lo == "*" else _unquote(lo)[0]
        hi = None if hi == "*" else _unquote(hi)[0]
        return any((lo is None or x >= lo) and (hi is None or x <= hi) for x in vals)
    val, quoted = _unquote(raw)
    if field in ("text", "_text_", None) or field not in doc and field in ("q",):
        hay = _all_text(doc)
        return all(w in hay for w in val.lower().split())
    vals = _values(doc, field)
    if val == "*" and not quoted:
        return bool(vals)
    lv = val.lower()
    if not quoted and ("*" in val or "?" in val):
        return any(fnmatch.fnmatch(x.lower(), lv) for x in vals)
    if any(x.lower() == lv for x in vals):
        return True
    # tokenised (text-ish) fields: phrase/word containment
    return any(lv in x.lower() for x in vals if " " in x)


def _match_clause(doc, tok, default_field):
    if tok in ("*:*", "*"):
        return True
    if tok.startswith("(") and tok.endswith(")"):
        return match(doc, tok[1:-1], default_field)
    if tok.startswith("{!"):          # local params: drop them
        tok = tok[tok.index("}") + 1:]
        if not tok:
            return True
    m = re.match(r"^([A-Za-z_][\w.\-]*):(.*)$", tok, re.S)
    if m:
        return _match_value(doc, m.group(1), m.group(2))
    if default_field:
        return _match_value(doc, default_field, tok)
    val, _ = _unquote(tok)
    hay = _all_text(doc)
    return all(w in hay for w in val.lower().split())


def match(doc, q, default_field=None):
    q = (q or "").strip()
    if not q or q == "*:*":
        return True
    musts, shoulds, nots = _clauses(q)
    if any(not _match_clause(doc, t, default_field) for t in musts):
        return False
    if any(_match_clause(doc, t, default_field) for t in nots):
        return False
    if shoulds and not musts:
        return any(_match_clause(doc, t, default_field) for t in shoulds)
    return True


@functools.lru_cache(maxsize=4096)
def _clauses(q):
    """The query's top-level (must, should, must not) tokens, parsed once per query, not once per document."""
    toks = _tokenize(q)
    clauses = []   # [occur, token]
    pending_op = None
    for t in toks:
        if t in ("AND", "&&"):
            pending_op = "AND"
            if clauses and clauses[-1][0] == "should":
                clauses[-1][0] = "must"
            continue
        if t in ("OR", "||"):
            pending_op = "OR"
            if clauses and clauses[-1][0] == "must_default":
                clauses[-1][0] = "should"
            continue
        if t == "NOT":
            pending_op = "NOT"
            continue
        occur = "must_default"
        if t.startswith("+"):
            occur, t = "must", t[1:]
        elif t.startswith("-") and len(t) > 1:
            occur, t = "must_not", t[1:]
        elif t.startswith("!") and len(t) > 1:
            occur, t = "must_not", t[1:]
        if pending_op == "NOT":
            occur = "must_not"
        elif pending_op == "OR" and occur == "must_default":
            occur = "should"
        elif pending_op == "AND" and occur == "must_default":
            occur = "must"
        pending_op = None
        clauses.append([occur, t])
    musts = tuple(t for o, t in clauses if o in ("must", "must_default"))
    shoulds = tuple(t for o, t in clauses if o == "should")
    nots = tuple(t for o, t in clauses if o == "must_not")
    return musts, shoulds, nots


# --------------------------------------------------------------- handlers ---
def _first(params, key, default=None):
    v = params.get(key)
    return v[0] if v else default


def _token_candidates(tok):
    """The keys of every doc that can match one clause, or None where any doc can."""
    m = re.match(r"^([A-Za-z_][\w.\-]*):(.*)$", tok, re.S)
    if not m:
        return None
    field, raw = m.group(1), m.group(2).strip()
    if field in ("text", "_text_", "q") or not raw or raw[0] in "([{":
        return None
    val, quoted = _unquote(raw)
    if not quoted and ("*" in val or "?" in val):
        return None
    return EXACT.get((field, val.lower()), set()) | SPACED.get(field, set())


def _candidates(q):
    """The keys of every doc that can match q, or None where any doc can (the match decides)."""
    q = (q or "").strip()
    if not q or q == "*:*":
        return None
    musts, shoulds, _ = _clauses(q)
    narrowed = [c for c in map(_token_candidates, musts) if c is not None]
    if narrowed:
        return set.intersection(*narrowed)
    if shoulds and not musts:
        parts = [_token_candidates(t) for t in shoulds]
        if all(p is not None for p in parts):
            return set().union(*parts)
    return None


def _index(key, doc, add):
    for field, value in doc.items():
        for x in value if isinstance(value, list) else [value]:
            x = str(x)
            keys = SPACED.setdefault(field, set()) if " " in x else EXACT.setdefault((field, x.lower()), set())
            if add:
                keys.add(key)
            else:
                keys.discard(key)


def select(params):
    q = _first(params, "q", "*:*")
    fqs = params.get("fq", [])
    with LOCK:
        keys = None
        for query in [q, *fqs]:
            found = _candidates(query)
            if found is not None:
                keys = found if keys is None else keys & found
        if keys is None:
            docs = list(DOCS.values())
        else:  # in DOCS' order, so an unsorted answer is the same either way
            docs = sorted((DOCS[k] for k in keys if k in DOCS), key=_order)
    hits = [d for d in docs if match(d, q) and all(match(d, fq) for fq in fqs)]
    sort = _first(params, "sort")
    if sort:
        for part in reversed([p.strip() for p in sort.split(",") if p.strip()]):
            bits = part.split()
            field = bits[0]
            desc = len(bits) > 1 and bits[1].lower() == "desc"
            if field == "score":
                continue
            hits.sort(key=lambda d: (str(_values(d, field)[0]).lower() if _values(d, field) else ""),
                      reverse=desc)
    start = int(_first(params, "start", 0) or 0)
    rows = int(_first(params, "rows", 10) or 10)
    fl = _first(params, "fl", "*") or "*"
    fields = [f for f in re.split(r"[\s,]+", fl) if f]
    page = []
    for d in hits[start:start + rows]:
        if "*" in fields:
            out = dict(d)
        else:
            out = {k: d[k] for k in fields if k in d}
        if "score" in fields:
            out["score"] = 1.0
        page.append(out)
    resp = {"responseHeader": {"status": 0, "QTime": 0, "params": {k: v[0] if len(v) == 1 else v for k, v in params.items()}},
            "response": {"numFound": len(hits), "start": start, "numFoundExact": True, "docs": page}}
    if _first(params, "facet", "false") == "true":
        limit = int(_first(params, "facet.limit", 50) or 50)
        mincount = int(_first(params, "facet.mincount", 1) or 1)
        ff = {}
        for field in params.get("facet.field", []):
            counts = {}
            for d in hits:
                for v in set(_values(d, field)):
                    counts[v] = counts.get(v, 0) + 1
            items = sorted(((v, c) for v, c in counts.items() if c >= mincount), key=lambda x: (-x[1], x[0]))
            if limit >= 0:
                items = items[:limit]
            ff[field] = [x for pair in items for x in pair]
        resp["facet_counts"] = {"facet_queries": {}, "facet_fields": ff, "facet_ranges": {},
                                "facet_intervals": {}, "facet_heatmaps": {}}
    return resp


def _add(doc):
    key = doc.get(UNIQUE_KEY) or doc.get("id")
    if key is None:
        raise ValueError("document has no %s" % UNIQUE_KEY)
    with LOCK:
        _put(str(key), doc)


def _put(key, doc):
    old = DOCS.get(key)
    if old is not None:
        _index(key, old, False)
    else:
        ORDER[key] = next(ADDED)
    DOCS[key] = doc  # a key already there keeps its place, as in any dict
    _index(key, doc, True)


def _drop(key):
    old = DOCS.pop(key, None)
    if old is not None:
        _index(key, old, False)
        ORDER.pop(key, None)


def _order(doc):
    return ORDER.get(str(doc.get(UNIQUE_KEY) or doc.get("id")), 0)


def _delete_query(q):
    with LOCK:
        for k in [k for k, d in DOCS.items() if match(d, q)]:
            _drop(k)


def _delete_id(i):
    with LOCK:
        _drop(str(i))


def update(body, ctype):
    body = body.strip()
    if not body:
        return
    if "json" in ctype or body[:1] in (b"[", b"{"):
        data = json.loads(body)
        if isinstance(data, list):
            for d in data:
                _add(d)
        elif isinstance(data, dict):
            for op, arg in data.items():
                if op == "add":
                    _add(arg["doc"] if "doc" in arg else arg)
                elif op == "delete":
                    for a in (arg if isinstance(arg, list) else [arg]):
                        if isinstance(a, dict) and "query" in a:
                            _delete_query(a["query"])
                        elif isinstance(a, dict) and "id" in a:
                            _delete_id(a["id"])
                        else:
                            _delete_id(a)
        return
    root = ET.fromstring(body)
    elems = [root] if root.tag != "update" else list(root)
    for el in elems:
        if el.tag == "add":
            for de in el.findall("doc"):
                doc = {}
                for f in de.findall("field"):
                    name, val = f.get("name"), f.text or ""
                    if name in doc:
                        if not isinstance(doc[name], list):
                            doc[name] = [doc[name]]
                        doc[name].append(val)
                    else:
                        doc[name] = val
                _add(doc)
        elif el.tag == "delete":
            for qe in el.findall("query"):
                _delete_query(qe.text or "")
            for ie in el.findall("id"):
                _delete_id(ie.text)


def _persist():
    """Write the index to PERSIST (temporary file + rename, so a crash never leaves half a file)."""
    if not PERSIST:
        return
    with LOCK:
        DIRTY.clear()
        data = json.dumps(DOCS)
    tmp = PERSIST + ".tmp"
    with open(tmp, "w") as f:
        f.write(data)
    os.replace(tmp, PERSIST)


def _persister():
    took = 0.0
    while True:
        DIRTY.wait()
        time.sleep(max(1.0, 10 * took))  # a large index is written less often: at most a tenth of the time
        started = time.monotonic()
        try:
            _persist()
            took = time.monotonic() - started
        except OSError as e:
            sys.stderr.write("realckan-solr: could not persist the index: %s\n" % e)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        if getattr(self.server, "verbose", False):
            sys.stderr.write("realckan-solr: " + fmt % args + "\n")

    def _send(self, code, body, ctype="application/json; charset=utf-8"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self, method):
        u = urlparse(self.path)
        params = parse_qs(u.query, keep_blank_values=True)
        body = b""
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            body = self.rfile.read(n)
        ctype = self.headers.get("Content-Type", "")
        if method == "POST" and "x-www-form-urlencoded" in ctype:
            for k, v in parse_qs(body.decode(), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            body = b""
        path = u.path.rstrip("/")
        parts = path.split("/")
        # /solr/<core>/<handler...>
        handler = "/".join(parts[3:]) if len(parts) > 3 and parts[1] == "solr" else path.lstrip("/")
        try:
            if handler in ("schema", "admin/file") or handler.startswith("schema"):
                return self._send(200, SCHEMA, "application/xml; charset=utf-8")
            if handler == "admin/ping":
                return self._send(200, {"responseHeader": {"status": 0}, "status": "OK"})
            if handler == "select" or handler == "query":
                return self._send(200, select(params))
            if handler.startswith("update"):
                update(body, ctype)
                if PERSIST:
                    DIRTY.set()
                return self._send(200, {"responseHeader": {"status": 0, "QTime": 0}})
            if handler == "admin/cores" or path in ("/solr", "/solr/admin/info/system"):
                return self._send(200, {"responseHeader": {"status": 0}})
            return self._send(404, {"error": {"msg": "realckan-solr: unknown handler %s" % handler, "code": 404}})
        except Exception as e:  # report like Solr does
            return self._send(400, {"responseHeader": {"status": 400},
                                    "error": {"msg": "realckan-solr: %s: %s" % (type(e).__name__, e), "code": 400}})

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")


def main():
    global SCHEMA, PERSIST
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8983)
    ap.add_argument("--schema", required=True, help="CKAN's ckan/config/solr/schema.xml")
    ap.add_argument("--persist", help="JSON file to keep the index across restarts")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    SCHEMA = open(a.schema, "rb").read()
    PERSIST = a.persist
    if PERSIST:
        try:
            for key, doc in json.load(open(PERSIST)).items():
                _put(key, doc)
        except (OSError, ValueError):
            pass
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.verbose = a.verbose
    if PERSIST:
        threading.Thread(target=_persister, daemon=True).start()

    def _stop(signum, frame):
        try:
            _persist()
        finally:
            os._exit(0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print("realckan-solr listening on http://%s:%d/solr/ckan (%d documents)" % (a.host, a.port, len(DOCS)),
          flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
