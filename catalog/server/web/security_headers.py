"""The browser security headers every answer carries: pages, the Action API, downloads and static files.

Pure ASGI rather than Starlette's BaseHTTPMiddleware: it only appends headers to the response's start
message, so a request costs a list copy, and streamed downloads are passed through untouched.
"""

from __future__ import annotations

# Pages load only their own stylesheet, script and images (the SVG favicon, inline SVG is markup, not style);
# no page may frame ours, and forms post only back to the catalog.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("latin-1")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
)
_NAMES = frozenset(name for name, _ in HEADERS)


class SecurityHeaders:
    """ASGI middleware: `Starlette(middleware=[Middleware(SecurityHeaders)])`. A header the application set
    itself is kept (a route may need its own policy)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or ())
                present = {name.lower() for name, _ in headers if name.lower() in _NAMES}
                headers.extend(h for h in HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
