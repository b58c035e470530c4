"""The figures of a benchmark run: percentiles, one row per scenario, the table and the JSON file."""

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path


def percentile(sorted_ms: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100] of already sorted values; 0.0 for no values."""
    if not sorted_ms:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_ms)))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


@dataclass(frozen=True)
class Figures:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float


MEMORY_TARGET_MIB = 250


def figures(durations_ms: list[float], *, errors: int, seconds: float) -> Figures:
    ordered = sorted(durations_ms)
    return Figures(
        requests=len(ordered),
        errors=errors,
        seconds=round(seconds, 2),
        p50_ms=round(percentile(ordered, 50), 1),
        p95_ms=round(percentile(ordered, 95), 1),
        p99_ms=round(percentile(ordered, 99), 1),
        per_second=round(len(ordered) / seconds, 1) if seconds > 0 else 0.0,
    )


@dataclass(frozen=True)
class Row:
    scenario: str
    concurrency: int
    measured: Figures
    baseline_name: str
    baseline: Figures | None
    target: str = ""
    met: bool | None = None  # None: no target for this row
    notes: dict = field(default_factory=dict)


@dataclass
class Report:
    commit: str
    started: str
    database: str
    load_average: list[float]
    rows: list[Row] = field(default_factory=list)
    worker_rss_mib: list[float] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


COLUMNS = (
    "Scenario",
    "Users",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "Req/s",
    "Errors",
    "Baseline",
    "p50",
    "p95",
    "p99",
    "Req/s",
    "Errors",
    "Target",
    "Met",
)

VERDICTS = {True: "yes", False: "NO", None: ""}


def _cells(row: Row) -> list[str]:
    m, b = row.measured, row.baseline
    own = [row.scenario, str(row.concurrency), f"{m.p50_ms:.1f}", f"{m.p95_ms:.1f}", f"{m.p99_ms:.1f}"]
    own += [f"{m.per_second:.1f}", str(m.errors), row.baseline_name]
    verdict = [row.target, VERDICTS[row.met]]
    if b is None:
        return [*own, "", "", "", "", "", *verdict]
    return [
        *own,
        f"{b.p50_ms:.1f}",
        f"{b.p95_ms:.1f}",
        f"{b.p99_ms:.1f}",
        f"{b.per_second:.1f}",
        str(b.errors),
        *verdict,
    ]


def table(report: Report) -> str:
    """The run as a Markdown table, then the workers' memory: the same figures as the JSON."""
    lines = [COLUMNS, *(_cells(row) for row in report.rows)]
    out = ["| " + " | ".join(line) + " |" for line in lines]
    out.insert(1, "|" + "---|" * len(COLUMNS))
    rss = ", ".join(f"{mib:.0f}" for mib in report.worker_rss_mib) or "not read"
    out.append("")
    for row in report.rows:
        if row.notes:
            out.append(
                f"{row.scenario}: " + ", ".join(f"{name} {value}" for name, value in row.notes.items())
            )
    out.append(
        f"gunicorn workers' resident memory at the end (MiB): {rss} (target ≤ {MEMORY_TARGET_MIB} each)"
    )
    out.append(f"commit {report.commit}, {report.database}, load average {report.load_average}")
    return "\n".join(out)


def write_json(report: Report, folder: Path) -> Path:
    """Write the run to `<folder>/<started>-<commit>.json` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report.started.replace(":", "").replace("-", "")
    path = folder / f"{stamp}-{report.commit}.json"
    path.write_text(json.dumps(asdict(report), indent=2) + "\n")
    return path
