#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Bounded load on the web app: start page and an API endpoint at 50 concurrent clients.

    .venv/bin/python bench/web_load.py [--requests 1000] [--concurrency 50] [--database URL]

Starts ``stellwerk serve`` on a free localhost port in a throw-away workspace
(SQLite unless --database is given), seeds a tenant with 30 notices and a read
token, then for each endpoint sends a fixed number of requests from N
concurrent clients (httpx, asyncio). Prints p50/p95/p99 latency, requests per
second, and the ratio of each to the baseline /api/health measured in the same
run. Goal: p95 < 200 ms for the start page and the API. Only ever talks to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _seed(env: dict[str, str]) -> str:
    """Create tenant "bench" with notices and return a read token (in the server's database)."""
    from stellwerk.accounts.notices import create_notice, set_visibility
    from stellwerk.accounts.sessions import create_api_token
    from stellwerk.accounts.tenants import create_tenant
    from stellwerk.accounts.users import create_user, grant_role
    from stellwerk.config import load_settings
    from stellwerk.workspace import Workspace

    workspace = Workspace(load_settings(env))
    workspace.init()
    with workspace.session() as session:
        tenant = create_tenant(session, "bench", "Lastteststadt")
        user = create_user(session, "bench-admin", "bench-passwort-1")
        grant_role(session, user, tenant, "admin")
        for i in range(30):
            notice = create_notice(session, tenant, "bench-admin", f"Hinweis {i}", "Text " * 40)
            if i % 2 == 0:
                set_visibility(session, notice, "bench-admin", "published")
        _, token = create_api_token(session, user, "Lasttest", "read")
    workspace.engine.dispose()
    return token


async def _measure(base: str, path: str, total: int, concurrency: int, headers: dict[str, str]) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    remaining = total
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, headers=headers) as client:
        for _ in range(min(50, total)):  # warm-up
            await client.get(path)

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                except httpx.TransportError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000,
            "rps": len(latencies) / elapsed, "errors": errors, "n": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database", help="database URL (default: SQLite in a temporary workspace)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STELLWERK_WORKSPACE": tmp}
        if args.database:
            env["STELLWERK_DATABASE_URL"] = args.database
        token = _seed(env)
        port = _free_port()
        stellwerk = Path(sys.executable).with_name("stellwerk")
        server = subprocess.Popen([str(stellwerk), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                sys.exit("Server startete nicht")
            cases = [
                ("baseline /api/health", "/api/health", {}),
                ("start page /t/bench/ (anonym)", "/t/bench/", {}),
                ("API /api/t/bench/hinweise (Bearer)", "/api/t/bench/hinweise", {"Authorization": f"Bearer {token}"}),
            ]
            results, single = {}, {}
            for label, path, headers in cases:
                # One client first: the service time of a request without queueing.
                single[label] = asyncio.run(_measure(base, path, max(100, args.requests // 10), 1, headers))
                results[label] = asyncio.run(_measure(base, path, args.requests, args.concurrency, headers))
        finally:
            server.terminate()
            server.wait(timeout=10)

    backend = "PostgreSQL" if args.database else "SQLite"
    print(f"web_load: {args.requests} Anfragen je Endpunkt, {args.concurrency} gleichzeitige Clients, {backend}, "
          "ein uvicorn-Prozess")
    baseline = results[cases[0][0]]
    print(f"{'Endpunkt':40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'p95/Basis':>10} "
          f"{'req/s/Basis':>12} {'1 Client p50':>13} Fehler")
    for label, r in results.items():
        print(f"{label:40} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['rps']:8.0f} "
              f"{r['p95'] / baseline['p95']:10.2f} {r['rps'] / baseline['rps']:12.2f} "
              f"{single[label]['p50']:10.1f} ms {r['errors']}")
    print(f"Last der Maschine (1 min): {os.getloadavg()[0]:.1f} bei {os.cpu_count()} Kernen")
    slow = [label for label, r in list(results.items())[1:] if r["p95"] >= 200]
    print("Ziel p95 < 200 ms: " + ("erreicht" if not slow else "verfehlt für " + ", ".join(slow)))


if __name__ == "__main__":
    main()
