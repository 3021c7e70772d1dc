"""A request that got no usable answer: the connection broke off, no answer came in time, or the catalog
failed (HTTP 5xx). Whatever it asked for may or may not have happened; publishing again finds out."""

from __future__ import annotations

import ast
from urllib.parse import urlsplit

import ckanapi
import requests


def _status(exc: BaseException) -> int | None:
    """The HTTP status of ckanapi's error for an answer it does not know: CKANAPIError(repr([url, status, body]))."""
    if type(exc) is not ckanapi.CKANAPIError:
        return None
    try:
        status = ast.literal_eval(str(exc.args[0]))[1]
    except (ValueError, SyntaxError, IndexError, TypeError, KeyError):
        return None
    return status if isinstance(status, int) else None


def broke_off(exc: BaseException) -> bool:
    """True for a failure of the exchange, not an answer of the catalog's."""
    return isinstance(exc, requests.RequestException) or (_status(exc) or 0) >= 500


def catalog_failed(exc: BaseException, url: str, address: str) -> bool:
    """The catalog at `address` broke off while giving `url` (a file host of its elsewhere, which the
    publisher may never reach, does not count: without the file the plan does without it)."""
    return broke_off(exc) and urlsplit(url).netloc == urlsplit(address).netloc


def reason(exc: BaseException) -> tuple[str, str]:
    """(en, th) what happened to a request that got no usable answer."""
    if isinstance(exc, requests.Timeout):
        return "no answer in time", "ไม่ได้รับคำตอบภายในเวลา"
    if isinstance(exc, requests.RequestException):
        return "the connection broke off", "การเชื่อมต่อขาด"
    if isinstance(exc, ckanapi.NotFound):
        return "it is no longer in the catalog", "ไม่มีในแคตตาล็อกแล้ว"
    status = _status(exc)
    if status:
        return f"the catalog answered HTTP {status}", f"แคตตาล็อกตอบ HTTP {status}"
    return "the catalog's answer could not be read", "อ่านคำตอบของแคตตาล็อกไม่ได้"
