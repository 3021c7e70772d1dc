"""The language a page is written in: Thai first, English on request.

`?lang=en` or `?lang=th` chooses it and is remembered in a `lang` cookie, so the links inside a page need
not carry it; without either, a page is Thai. The header's toggle switches the page a reader is on.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

LANGUAGES = ("th", "en")
DEFAULT = "th"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 60 * 60  # a year: a reader who chose English keeps it across visits


def asked_language(request: Request) -> str | None:
    """The language the query string asks for, if it names one we write."""
    asked = request.query_params.get("lang")
    return asked if asked in LANGUAGES else None


def page_language(request: Request) -> str:
    """?lang= first, then the cookie a former choice left, then Thai."""
    remembered = request.cookies.get(COOKIE)
    return asked_language(request) or (remembered if remembered in LANGUAGES else DEFAULT)


def toggle_href(request: Request, lang: str) -> str:
    """The page the reader is on, in the other language, with its other query parameters kept.

    The other language is named even when it is Thai: a bare URL would answer in the remembered English."""
    other = "th" if lang == "en" else "en"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return request.url.path + "?" + urlencode(params)


def remember(request: Request, response: Response) -> None:
    """Keep the language the query string chose for the pages that follow."""
    asked = asked_language(request)
    if asked:  # set again each time, so the year counts from the last choice
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, path="/", samesite="lax")
