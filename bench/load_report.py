"""The load run's report: per kind of request, latencies and errors; as JSON or as a table."""

import argparse
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class Recorded(Protocol):
    """What the report reads of each simulated browser (load.py's Browser)."""

    number: int
    requests: list[tuple[str, int | None, float, str, float]]
    jobs: dict[str, str]


SUBMIT_P95_TARGET_MS = 300
KINDS = ("form", "submit", "page", "status", "drain")


def build_report(args: argparse.Namespace, browsers: Sequence[Recorded], elapsed: float) -> dict:
    """Counts, errors and latency percentiles per kind of request; jobs by outcome; the targets."""
    samples = [sample for browser in browsers for sample in browser.requests]
    expected = {"form": 200, "submit": 302, "page": 200, "status": 200, "drain": 200}
    requests = {}
    for kind in KINDS:
        mine = [sample for sample in samples if sample[0] == kind]
        millis = sorted(seconds * 1000 for _, _, seconds, _, _ in mine)
        requests[kind] = {
            "count": len(mine),
            "errors": sum(1 for _, status, _, _, _ in mine if status != expected[kind]),
            **{f"p{p}_ms": _percentile(millis, p) for p in (50, 95, 99)},
            "max_ms": round(millis[-1], 1) if millis else None,
        }
    errors = Counter(
        str(status) if status is not None else error
        for kind, status, _, error, _ in samples
        if status != expected[kind]
    )
    outcomes = Counter(status for browser in browsers for status in browser.jobs.values())
    submitted = sum(outcomes.values())
    lost = submitted - outcomes["done"] - outcomes["failed"]
    load_requests = sum(1 for sample in samples if sample[0] in KINDS and sample[0] != "drain")
    submit_p95 = requests["submit"]["p95_ms"]
    targets = {
        "no 5xx or connection error": not any(key.startswith("5") or not key.isdigit() for key in errors),
        "no lost job": submitted > 0 and lost == 0,
        "no failed job": outcomes["failed"] == 0,
        f"submit p95 < {SUBMIT_P95_TARGET_MS} ms": submit_p95 is not None and submit_p95 < SUBMIT_P95_TARGET_MS,
    }
    return {
        "clients": args.clients,
        "duration_s": args.duration,
        "gunicorn_workers": args.gunicorn_workers,
        "gunicorn_threads": args.gunicorn_threads,
        "worker_concurrency": args.worker_concurrency,
        "worker_threads": args.worker_threads,
        "ramp_up_s": args.ramp_up,
        "elapsed_s": round(elapsed, 1),
        "requests": requests,
        "requests_per_s": round(load_requests / args.duration, 1),
        "errors": dict(errors),
        "jobs": {
            "submitted": submitted,
            "completed": outcomes["done"],
            "failed": outcomes["failed"],
            "lost": lost,
            "lost_by_last_status": {status: n for status, n in outcomes.items() if status not in ("done", "failed")},
        },
        "jobs_per_s": round(outcomes["done"] / elapsed, 2),
        "targets": targets,
        "passed": all(targets.values()),
    }


def save_requests(path: Path, browsers: Sequence[Recorded]) -> None:
    """Every request (client, kind, start in seconds from the first, status, milliseconds, error), for a closer look."""
    first = min(sample[4] for browser in browsers for sample in browser.requests)
    with path.open("w", encoding="utf-8") as output:
        output.write("client,kind,start_s,status,ms,error\n")
        for browser in browsers:
            for kind, status, seconds, error, start in browser.requests:
                output.write(
                    f"{browser.number},{kind},{start - first:.3f},{status or ''},{seconds * 1000:.1f},{error}\n"
                )


def _percentile(sorted_values: list[float], percent: int) -> float | None:
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    return round(sorted_values[max(0, math.ceil(percent / 100 * len(sorted_values)) - 1)], 1)


def format_report(report: dict) -> str:
    """The report for people: one table row per kind of request, then errors, jobs and each target."""
    jobs = report["jobs"]
    lines = [
        f"{report['clients']} clients (started over {report['ramp_up_s']:g} s) for {report['duration_s']:g} s; "
        f"gunicorn {report['gunicorn_workers']} workers x {report['gunicorn_threads']} threads; Celery worker "
        f"concurrency {report['worker_concurrency']} x {report['worker_threads']} torch threads; tiny models",
        f"{'requests':<10}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for kind, row in report["requests"].items():
        figures = "".join(
            f"{'-' if row[key] is None else row[key]:>9}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")
        )
        lines.append(f"{kind:<10}{row['count']:>8}{row['errors']:>8}{figures}")
    errors = ", ".join(f"{key} x{n}" for key, n in sorted(report["errors"].items())) or "none"
    lines += [
        f"throughput: {report['requests_per_s']} requests/s while loading, {report['jobs_per_s']} jobs/s completed",
        f"errors: {errors}",
        f"jobs: submitted {jobs['submitted']}, completed {jobs['completed']}, failed {jobs['failed']}, lost {jobs['lost']}"
        + (f" (last status {jobs['lost_by_last_status']})" if jobs["lost"] else "")
        + f"; drained {report['elapsed_s'] - report['duration_s']:.1f} s after the load stopped",
    ]
    lines += [f"target {name}: {'met' if met else 'MISSED'}" for name, met in report["targets"].items()]
    lines.append("PASSED" if report["passed"] else "FAILED")
    return "\n".join(lines)
