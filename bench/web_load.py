#!/usr/bin/env python
# SPDX-License-Identifier: EUPL-1.2
"""Bounded load on the web app: a tenant's start page and the indicator API at 50 concurrent clients,
on SQLite and PostgreSQL in one run, each against the baseline /api/health.

    PYTHONPATH=src .venv/bin/python bench/web_load.py [--requests 1000] [--concurrency 50]
        [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--demo | --workspace <workspace> | --database-url <url>] [--workers 2] [--generator auto|wrk|httpx]

For each backend: a throw-away workspace (PostgreSQL: a throw-away database, dropped
afterwards) is filled with real official data from STELLWERK_DATA_DIR – the Kreise
register and three Kreise tables (population 2009–2016, population by nationality
2011, unemployment of foreigners 2001–2017), indicators computed – or, with --demo,
with everything ``stellwerk demo`` loads. --workspace (SQLite) and --database-url
(PostgreSQL) serve data loaded before instead, e.g. a copy of a demo workspace. Tenant
"bench" is assigned Köln (05315) and gets 30 notices (once) and a new read token.
``python -m stellwerk.cli serve --workers 2`` (this interpreter: with PYTHONPATH=src the
source tree) starts on a free localhost port; each endpoint first gets warm-up requests
from all connections (every worker process fills its caches), then N requests from one
client (service time without queueing), then N from C concurrent clients. The load
comes from wrk (one thread, web_load.lua) when it is on PATH, else from httpx (asyncio,
in this Python process, which then competes with the server for the CPU). Prints
p50/p95/p99 latency, requests per second, errors (non-2xx) and the ratio to the
baseline. Goal: p95 < 200 ms for the start page and the indicator API. Only ever talks
to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

AREA = "05315"  # Köln
INDICATOR_PATH = f"/api/indikatoren/auslaenderanteil/werte/{AREA}/2011"
TARGETS = ("Startseite", "Indikator-API")  # the goal p95 < 200 ms is theirs; the notices API is for comparison
KREISE_TABLES = (
    "kreise/genesis_12411-0015_bevoelkerung_kreise_2009-2016.csv",
    "kreise/regionalstatistik_12411-03-03-4_bevoelkerung_nationalitaet_kreise_2011.csv",
    "kreise/regionalstatistik_13211-02-05-4_arbeitslose_auslaender_kreise_2001-2017.csv",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_data(workspace, demo: bool) -> None:
    """Real official data: the demo, or the Kreise register with three Kreise tables."""
    data_dir = workspace.settings.data_dir
    if data_dir is None or not data_dir.is_dir():
        sys.exit("Kein Datenverzeichnis (STELLWERK_DATA_DIR) – der Lasttest braucht die amtlichen Tabellen.")
    if demo:
        from stellwerk.cli.demo import run_demo

        run_demo(workspace, echo=lambda text: None)
        return
    from stellwerk.geo.importing import find_kreise_files, import_kreise
    from stellwerk.indicators.service import compute_cache
    from stellwerk.sources.importer import import_file

    registers = find_kreise_files(data_dir)
    if not registers:
        sys.exit(f"Kein Kreisverzeichnis unter {data_dir}")
    with workspace.session() as session:
        import_kreise(session, registers[-1])
    for name in KREISE_TABLES:
        with workspace.session() as session:
            import_file(session, data_dir / name, "auto", crosswalk_dir=data_dir / "crosswalks")
    with workspace.session() as session:
        compute_cache(session)


def _seed(env: dict[str, str], demo: bool | None) -> str:
    """Tenant "bench" (Köln, 30 notices, half of them published) in the server's database; returns a
    new read token of its admin. ``demo`` None: the data are there already (--workspace, --database-url)."""
    from stellwerk.accounts.notices import create_notice, set_visibility
    from stellwerk.accounts.sessions import create_api_token
    from stellwerk.accounts.tenants import create_tenant, find_tenant
    from stellwerk.accounts.users import create_user, find_user, grant_role
    from stellwerk.config import load_settings
    from stellwerk.geo.search import resolve_area
    from stellwerk.workspace import Workspace

    workspace = Workspace(load_settings(env))
    workspace.init()
    if demo is not None:
        _load_data(workspace, demo)
    with workspace.session() as session:
        user = find_user(session, "bench-admin")
        if find_tenant(session, "bench") is None:
            area = resolve_area(session, AREA).area
            tenant = create_tenant(session, "bench", "Lastteststadt", area_id=area.id)
            user = user or create_user(session, "bench-admin", "bench-passwort-1")
            grant_role(session, user, tenant, "admin")
            for i in range(30):
                notice = create_notice(session, tenant, "bench-admin", f"Hinweis {i}", "Text " * 40)
                if i % 2 == 0:
                    set_visibility(session, notice, "bench-admin", "published")
        _, token = create_api_token(session, user, "Lasttest", "read")
    workspace.engine.dispose()
    return token


LUA = Path(__file__).with_name("web_load.lua")


def _wrk(base: str, path: str, total: int, concurrency: int, headers: dict[str, str]) -> dict[str, float]:
    """``total`` requests from ``concurrency`` connections of one wrk thread (web_load.lua)."""
    command = ["wrk", "-t1", f"-c{concurrency}", "-d600s", "--timeout", "60s", "-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += [base + path, "--", str(total), "1"]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    report = None
    for line in wrk.stdout:
        if line == "stop\n":  # the thread has its responses: end wrk now, not after -d
            wrk.send_signal(signal.SIGINT)
        elif line.startswith("{"):
            report = json.loads(line)
    wrk.wait()
    if report is None:
        sys.exit("wrk lieferte kein Ergebnis")
    return {"p50": report["p50"], "p95": report["p95"], "p99": report["p99"],
            "rps": report["n"] / report["seconds"], "errors": report["non2xx"] + report["socket_errors"],
            "n": report["n"]}


async def _httpx(base: str, path: str, total: int, concurrency: int, headers: dict[str, str]) -> dict[str, float]:
    """``total`` requests from ``concurrency`` asyncio tasks on one httpx client (the fallback without wrk)."""
    latencies: list[float] = []
    errors = 0
    remaining = total
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60, headers=headers) as client:

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


def _measure(generator: str, base: str, path: str, total: int, concurrency: int,
             headers: dict[str, str]) -> dict[str, float]:
    if generator == "wrk":
        result = _wrk(base, path, total, concurrency, headers)
        time.sleep(0.5)  # wrk leaves the requests still in flight to the server: let them finish first
        return result
    return asyncio.run(_httpx(base, path, total, concurrency, headers))


def _postgres_database(server_url: str):
    """A new empty database on the server; returns (its URL, a function that drops it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"stellwerk_bench_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def _wait_for(base: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            sys.exit("Server beendet sich beim Start")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    sys.exit("Server startete nicht")


def _serve_and_measure(env: dict[str, str], token: str, args: argparse.Namespace) -> tuple[dict, dict]:
    """``python -m stellwerk.cli serve`` (this interpreter, so PYTHONPATH=src serves the source tree) and the load."""
    port = _free_port()
    command = [sys.executable, "-m", "stellwerk.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        bearer = {"Authorization": f"Bearer {token}"}
        cases = [
            ("Basis /api/health", "/api/health", {}),
            ("Startseite /t/bench/ (anonym)", "/t/bench/", {}),
            ("Startseite /t/bench/ (Mitglied)", "/t/bench/", bearer),
            ("Indikator-API (anonym)", INDICATOR_PATH, {}),
            ("Hinweise-API (Bearer)", "/api/t/bench/hinweise", bearer),
        ]
        results, single = {}, {}
        for label, path, headers in cases:
            # Warm-up from all connections, so that every worker process fills its caches.
            warm = _measure(args.generator, base, path, args.warmup, args.concurrency, headers)
            if warm["errors"]:
                print(f"  {label}: {warm['errors']} Fehler beim Aufwärmen", file=sys.stderr)
            single[label] = _measure(args.generator, base, path, max(50, args.requests // 10), 1, headers)
            results[label] = _measure(args.generator, base, path, args.requests, args.concurrency, headers)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results, single


def _run_backend(backend: str, args: argparse.Namespace) -> tuple[dict, dict, float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STELLWERK_WORKSPACE": tmp}
        env.pop("STELLWERK_DATABASE_URL", None)
        drop = None
        demo: bool | None = args.demo
        source = "stellwerk demo" if args.demo else "Kreisverzeichnis und drei Kreistabellen"
        if backend == "sqlite" and args.workspace:
            env["STELLWERK_WORKSPACE"], demo, source = str(args.workspace), None, "Arbeitsbereich --workspace"
        elif backend == "postgresql" and args.database_url:
            env["STELLWERK_DATABASE_URL"], demo, source = args.database_url, None, "Datenbank --database-url"
        elif backend == "postgresql":
            env["STELLWERK_DATABASE_URL"], drop = _postgres_database(args.postgres)
        try:
            began = time.perf_counter()
            token = _seed(env, demo)
            seeded = time.perf_counter() - began
            results, single = _serve_and_measure(env, token, args)
        finally:
            if drop:
                drop()
    return results, single, seeded, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200, help="warm-up requests per endpoint (all connections)")
    parser.add_argument("--workers", type=int, default=2, help="server processes (stellwerk serve --workers)")
    parser.add_argument("--generator", choices=("auto", "wrk", "httpx"), default="auto",
                        help="load generator (auto: wrk when it is on PATH, else httpx)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server (a database on it is created and dropped)")
    parser.add_argument("--demo", action="store_true", help="load everything `stellwerk demo` loads (slow)")
    parser.add_argument("--workspace", type=Path,
                        help="SQLite: serve this existing workspace (e.g. a copy of a demo workspace; gets tenant bench)")
    parser.add_argument("--database-url",
                        help="PostgreSQL: serve this existing database (e.g. with the demo loaded; gets tenant bench)")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not set(backends) <= {"sqlite", "postgresql"}:
        parser.error("--backends: sqlite und/oder postgresql")
    if args.generator == "auto":
        args.generator = "wrk" if shutil.which("wrk") else "httpx"

    print(f"web_load: {args.requests} Anfragen je Endpunkt, {args.concurrency} gleichzeitige Clients, "
          f"Lastgenerator {args.generator}, stellwerk serve --workers {args.workers}; "
          f"Last der Maschine (1 min) {os.getloadavg()[0]:.1f} bei {os.cpu_count()} Kernen")
    slow = []
    for backend in backends:
        results, single, seeded, source = _run_backend(backend, args)
        baseline = results["Basis /api/health"]
        print(f"\n{backend} (Daten: {source}; vorbereitet in {seeded:.0f} s)")
        print(f"{'Endpunkt':34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'p95/Basis':>10} "
              f"{'1 Client p50':>13} Fehler")
        for label, r in results.items():
            print(f"{label:34} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} {r['rps']:7.0f} "
                  f"{r['p95'] / baseline['p95']:10.2f} {single[label]['p50']:10.1f} ms {r['errors']}")
            if label.startswith(TARGETS) and r["p95"] >= 200:
                slow.append(f"{label} ({backend})")
        print(f"Last der Maschine (1 min): {os.getloadavg()[0]:.1f}")
    print("Ziel p95 < 200 ms für Startseite und Indikator-API: "
          + ("erreicht" if not slow else "verfehlt für " + ", ".join(slow)))


if __name__ == "__main__":
    main()
