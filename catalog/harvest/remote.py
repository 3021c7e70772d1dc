"""Reading another catalog over HTTP: timeouts, retries with backoff, and an error in words when the
source is unreachable, slow, or answers something that is not what a catalog answers."""

from __future__ import annotations

import time

import requests

from catalog.errors import CatalogError

USER_AGENT = "disclosure-catalog-harvester"
MAX_BODY = 64 * 1024 * 1024  # one answer larger than this is not a catalog page


class SourceError(CatalogError):
    """The source cannot be harvested in this run: nothing was changed here."""


class Remote:
    def __init__(self, timeout: float = 30.0, retries: int = 3, backoff: float = 0.5):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests = 0

    def get(self, url: str, params: dict | None = None, accept: str | None = None) -> requests.Response:
        """GET with retries on connection errors, timeouts and 5xx; any other answer is returned."""
        headers = {"Accept": accept} if accept else {}
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self.requests += 1
            try:
                response = self.session.get(url, params=params, headers=headers, timeout=self.timeout, stream=True)
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
                if len(body) > MAX_BODY:
                    raise SourceError(f"{url} answered more than {MAX_BODY // 2**20} MB in one page",
                                      f"{url} ตอบกลับเกิน {MAX_BODY // 2**20} MB ในหน้าเดียว")
                response._content = body
            except requests.RequestException as exc:  # a timeout among them: said apart below
                last = exc
                continue
            if response.status_code >= 500:
                last = RuntimeError(f"HTTP {response.status_code}")
                continue
            return response
        if isinstance(last, requests.Timeout):
            raise SourceError(f"{url} did not answer within {self.timeout:g} s ({self.retries + 1} tries)",
                              f"{url} ไม่ตอบภายใน {self.timeout:g} วินาที (ลอง {self.retries + 1} ครั้ง)")
        reason = _reason(last)
        raise SourceError(f"cannot reach {url}: {reason} ({self.retries + 1} tries)",
                          f"ติดต่อ {url} ไม่ได้: {reason} (ลอง {self.retries + 1} ครั้ง)")

    def action(self, base_url: str, name: str, params: dict) -> object:
        """A CKAN action's result (GET /api/3/action/<name>), or a SourceError saying what came back."""
        url = f"{base_url}/api/3/action/{name}"
        response = self.get(url, params=params, accept="application/json")
        try:
            body = response.json()
        except ValueError:
            kind = "HTML" if b"<html" in response.content[:2000].lower() else "something"
            raise SourceError(f"{url} answered {kind}, not CKAN's JSON (HTTP {response.status_code}): is this a "
                              f"CKAN catalog's address?",
                              f"{url} ตอบกลับเป็น {kind} ไม่ใช่ JSON ของ CKAN (HTTP {response.status_code}): "
                              f"ที่อยู่นี้เป็นแคตตาล็อก CKAN หรือไม่") from None
        if not isinstance(body, dict) or "success" not in body:
            raise SourceError(f"{url} answered JSON that is not CKAN's envelope",
                              f"{url} ตอบกลับ JSON ที่ไม่ใช่รูปแบบของ CKAN")
        if not body["success"]:
            error = body.get("error") or {}
            raise SourceError(f"{url}: {error.get('__type', 'error')}: {error.get('message', error)}",
                              f"{url}: {error.get('__type', 'error')}: {error.get('message', error)}")
        return body["result"]


def _reason(exc: Exception | None) -> str:
    text = str(exc) if exc else "no answer"
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    if "Name or service not known" in text or "Failed to resolve" in text:
        return "unknown host"
    return text.splitlines()[0][:200]
