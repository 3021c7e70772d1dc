"""uvicorn's HTTP/1.1 protocol with TCP_NODELAY on every connection, for `catalog serve --workers N`.

With several workers uvicorn binds the listening socket itself and leaves its protocol number at 0
(Kludex/uvicorn#3149); accepted sockets inherit it and asyncio then never turns Nagle's algorithm off, so
each keep-alive response waits about 40 ms for the client's delayed ACK. Setting TCP_NODELAY when a
connection is made restores what a single uvicorn process does.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
