# SPDX-License-Identifier: EUPL-1.2
"""Running the web app: one uvicorn process, or several that share the port (``serve --workers N``).

With several workers each process binds the port itself with SO_REUSEPORT, so the kernel spreads
new connections evenly over the processes. (uvicorn's own ``workers=N`` shares one listening
socket: whichever process wakes first accepts a whole burst, and 50 clients ended up 40 to 10 on
two processes.) Each worker builds its app from the environment (``create_app_from_env``), so the
workspace, the database URL and the secret key are put there first. A worker that stops ends the
server; a supervisor (systemd) restarts it.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from typing import Any

__all__ = ["serve"]

APP_FACTORY = "stellwerk.web.app:create_app_from_env"


def serve(workspace: Any, host: str, port: int, workers: int = 1) -> None:
    """Serve ``workspace`` on host:port until Ctrl+C or SIGTERM."""
    import uvicorn

    from stellwerk.web.app import create_app
    from stellwerk.web.security import secret_key

    if workers == 1:
        uvicorn.run(create_app(workspace), host=host, port=port, log_level="warning")
        return
    os.environ["STELLWERK_WORKSPACE"] = str(workspace.settings.workspace)
    os.environ["STELLWERK_DATABASE_URL"] = workspace.settings.database_url
    secret_key(workspace.settings)  # created once here, not raced by the workers
    workspace.engine.dispose()
    if not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning")
        return
    _supervise(host, port, workers)


def _supervise(host: str, port: int, workers: int) -> None:
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_worker, args=(host, port), daemon=True) for _ in range(workers)]
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.start()
    try:
        while not stopping and all(p.is_alive() for p in processes):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the open requests on SIGTERM
        for process in processes:
            process.join(timeout=30)
    failed = [p.exitcode for p in processes if p.exitcode not in (0, -signal.SIGTERM, None)]
    if failed and not stopping:
        raise SystemExit(f"Ein Server-Prozess endete mit Status {failed[0]}.")


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host.strip("[]"), port))
    return sock


def _worker(host: str, port: int) -> None:
    import uvicorn

    config = uvicorn.Config(APP_FACTORY, factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[_listening_socket(host, port)])
