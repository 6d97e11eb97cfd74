"""Load test of the public rating form: gunicorn serving the portal on PostgreSQL and Redis, N citizens at once.

    python bench/satisfaction_load.py [--clients 50] [--seconds 20] [--workers 5]

Each simulated citizen does the real flow in a loop: GET the form (its one-time form token; no CSRF cookie),
then POST the answers from its own address (X-Forwarded-For), with no pause between submissions. Every
tenth citizen taps "send" twice, which must store one response. The same clients then hit a bare Django
view on the same server: the ceiling. At the end every accepted submission must be in the database once.
"""

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from satisfaction_common import ENV, ROOT, create_database, setup_django

HOST, PORT = "127.0.0.1", 8765
EXTRA = os.environ.get("BENCH_GUNICORN_EXTRA", "").split()
TOKEN = re.compile(rb'name="form_token" value="([^"]+)"')


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, of the measured request
    accepted: list[str] = field(default_factory=list)  # markers of submissions the server thanked for
    replays: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def request(conn: http.client.HTTPConnection, method: str, path: str, body: str | None = None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.getheader("Set-Cookie", ""), response.read()


def citizen(number: int, point_token: str, run: str, stop: threading.Event, tally: Tally) -> None:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    path = f"/s/{point_token}/"
    sequence = 0
    while not stop.is_set():
        sequence += 1
        # One address per submission: many citizens, as at a busy counter; the limiter still counts each.
        address = f"10.{number}.{sequence // 250 % 250}.{sequence % 250 + 1}"
        try:
            status, _cookie, body = request(conn, "GET", path, headers={"X-Forwarded-For": address})
            if status != 200:
                tally.error(f"GET {status}")
                continue
            marker = f"{run}:{number}:{sequence}"
            form = {
                "form_token": TOKEN.search(body).group(1).decode(),
                "comment": marker,
                **{f"q{p}": str(1 + (number + sequence + p) % 5) for p in range(1, 7)},
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": address,
            }
            started = time.perf_counter()
            status, _cookie, body = request(conn, "POST", path, urlencode(form), headers)
            elapsed = time.perf_counter() - started
        except (OSError, http.client.HTTPException) as error:
            tally.error(type(error).__name__)
            conn.close()
            continue
        if status == 200 and "ขอบคุณ".encode() in body:
            tally.latencies.append(elapsed)
            tally.accepted.append(marker)
            if number % 10 == 0:  # the double tap: same token again, must not be stored twice
                status, _cookie, body = request(conn, "POST", path, urlencode(form), headers)
                tally.replays += 1
        else:
            tally.error(f"POST {status}")


def bare_client(stop: threading.Event, tally: Tally) -> None:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, _cookie, _body = request(conn, "GET", "/bench/bare/")
        except (OSError, http.client.HTTPException) as error:
            tally.error(type(error).__name__)
            conn.close()
            continue
        if status == 200:
            tally.latencies.append(time.perf_counter() - started)
        else:
            tally.error(f"GET {status}")


def run_clients(target, clients: int, seconds: float, args_of, tally: Tally) -> float:
    stop = threading.Event()
    threads = [threading.Thread(target=target, args=(*args_of(n), stop, tally), daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] * 1000 if len(samples) >= 2 else float("nan")


def report(label: str, count: int, elapsed: float, tally: Tally) -> float:
    rate = count / elapsed
    print(
        f"{label:<28} {rate:8.1f}/s   p50 {percentile(tally.latencies, 50):6.1f} ms   "
        f"p99 {percentile(tally.latencies, 99):6.1f} ms   errors {tally.errors or 0}"
    )
    return rate


def start_server(workers: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "takbai_ita.wsgi",
        "--bind", f"{HOST}:{PORT}", "--workers", str(workers), "--log-level", "warning",
        "--backlog", "2048", *EXTRA,
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV}, start_new_session=True)  # noqa: S603
    for _attempt in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            request(conn, "GET", "/bench/bare/")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30, help="per kind of load, split over the rounds")
    parser.add_argument("--rounds", type=int, default=3, help="alternate the two loads, so both see the same machine")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    create_database()
    setup_django()
    from core.models import Department
    from satisfaction.models import Response, ServicePoint

    department = Department.objects.order_by("order").first() or Department.objects.create(name_th="Bench")
    point, _created = ServicePoint.objects.get_or_create(name="Bench load", department=department)
    run = uuid.uuid4().hex[:8]

    server = start_server(args.workers)
    try:
        print(f"{args.clients} clients, {args.seconds:.0f} s of each load, gunicorn {args.workers} sync workers")
        bare, flow = Tally(), Tally()
        bare_elapsed = flow_elapsed = 0.0
        slice_ = args.seconds / args.rounds
        for round_ in range(args.rounds):
            bare_elapsed += run_clients(bare_client, args.clients, slice_, lambda n: (), bare)
            marker = f"{run}-{round_}"
            flow_elapsed += run_clients(citizen, args.clients, slice_, lambda n, m=marker: (n, point.token, m), flow)
        ceiling = report("bare Django view", len(bare.latencies), bare_elapsed, bare)
        accepted = report("rating submissions (POST)", len(flow.accepted), flow_elapsed, flow)
        print(f"submissions / bare view: {100 * accepted / ceiling:.0f}% (each submission also costs its form GET)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()

    stored = Response.objects.filter(service_point=point, comment__startswith=f"{run}-")
    markers = list(stored.values_list("comment", flat=True))
    duplicates = len(markers) - len(set(markers))
    missing = set(flow.accepted) - set(markers)
    unexpected = set(markers) - set(flow.accepted)
    print(
        f"accepted {len(flow.accepted)}, stored {len(markers)}, double taps {flow.replays}, "
        f"duplicates {duplicates}, missing {len(missing)}, stored but not thanked {len(unexpected)}"
    )
    if duplicates or missing or unexpected:
        raise SystemExit("FAILED: the stored responses are not exactly the accepted submissions")
    print("OK: every accepted submission is stored exactly once")


if __name__ == "__main__":
    main()
