"""`catalog serve --workers N`: N uvicorn processes, each with its own listening socket on the port.

uvicorn's own --workers shares one socket among its processes, and asyncio accepts every waiting
connection at once: a client that keeps its connections open (a harvester, a proxy's pool, a load
tool) often ends up on one process while the others idle. Here each worker binds the port with
SO_REUSEPORT and the kernel spreads new connections evenly among them. The sockets are made with
IPPROTO_TCP, without which asyncio leaves Nagle's algorithm on (Kludex/uvicorn#3149) and each
keep-alive response waits about 40 ms for the client's delayed ACK.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import threading
import time

RESTART_PAUSE = 1.0  # seconds between restarts of a worker that died
START_GRACE = 10.0  # a worker dying this soon after the start means it cannot serve (say, the port is taken)


def listening_socket(host: str, port: int, *, shared: bool = True) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def check_port_free(host: str, port: int) -> None:
    """Raise OSError if anything listens on the port, our own workers included (SO_REUSEPORT would let a
    second catalog share the port with the first without a word)."""
    listening_socket(host, port, shared=False).close()


def _worker(home: str, host: str, port: int) -> None:
    import uvicorn

    from catalog.server.web.app import create_app

    sock = listening_socket(host, port)
    config = uvicorn.Config(create_app(home), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(home: str, host: str, port: int, workers: int) -> int:
    """Run the workers until SIGTERM or SIGINT, starting a new one in place of any that dies; the exit code."""
    spawn = multiprocessing.get_context("spawn")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    def start():
        process = spawn.Process(target=_worker, args=(home, host, port), name="catalog-worker")
        process.start()
        return process

    started = time.monotonic()
    processes = [start() for _ in range(workers)]
    status = 0
    while not stop.wait(RESTART_PAUSE):
        for i, process in enumerate(processes):
            if process.is_alive():
                continue
            if time.monotonic() - started < START_GRACE:
                status = 1  # failing from the start: restarting would fail the same way
                stop.set()
                break
            processes[i] = start()
    for process in processes:
        if process.is_alive():
            process.terminate()  # uvicorn finishes the requests under way, then exits
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()
            process.join()
    return status
