"""Time ``itsmkit validate`` against the raw libyaml parse and check-jsonschema.

Generates N incident records (about 1 KB each) in a temporary repository, once as one
file per record and once as monthly batch files, then times in the same run:

  (a) raw parse: read bytes + ``yaml.load(..., CSafeLoader)`` (the parse ceiling), and
      the same with the garbage collector paused, as itsmkit's loader does;
  (b) ``itsmkit validate --format json`` as a whole subprocess (start-up included);
  (c) ``itsmkit.validator.validate`` in-process, automatic jobs and one process;
  (d) ``check-jsonschema`` on the same files with the published schema.

and the reference rule (``check_references``) at two sizes, per record, to show it is
linear. Targets: (b) <= 1.5x (a) at 10k one-file-per-record; references linear.

Usage::

    python benchmarks/bench_validate.py                 # 1k, 10k, 50k
    python benchmarks/bench_validate.py -n 1000 -n 10000 --repeat 3
    python benchmarks/bench_validate.py --skip-jsonschema --layout files
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
Row = tuple[str, float]
JSONSCHEMA_SLICE = 10_000

FRENCH = (
    "Le client signale une lenteur importante sur la messagerie depuis ce matin ; "
    "les utilisateurs du site de Lyon ne reçoivent plus les courriels externes. "
    "Première analyse : file d'attente saturée sur le relais SMTP, redémarrage prévu "
    "après accord du responsable du service. Impact estimé : une vingtaine de postes."
)

CONFIG = "organisation: Bench SARL\nscope: Services infogérés pour PME\nlanguage: fr\n"
PEOPLE = [f"P-TECH{i}" for i in range(5)]
CUSTOMERS = [f"CUST-{i:03d}" for i in range(20)]
SERVICES = [f"SVC-{name}" for name in ("MAIL", "BACKUP", "NETWORK", "HELPDESK")]


def _reference_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for ident in PEOPLE:
        files[f"people/{ident}.yaml"] = (
            f"kind: person\nid: {ident}\nschema_version: 1\nname: Technicien {ident[-1]}\n"
        )
    for ident in CUSTOMERS:
        files[f"customers/{ident}.yaml"] = (
            f"kind: customer\nid: {ident}\nschema_version: 1\nname: Client {ident}\n"
        )
    for ident in SERVICES:
        code = ident.split("-", 1)[1]
        files[f"services/{ident}.yaml"] = (
            f"kind: service\nid: {ident}\nschema_version: 1\ntitle: Service {code}\n"
            f"version: '1.0'\nstatus: draft\nowner: {PEOPLE[0]}\ncode: {code}\n"
            f"name: Service {code}\nservice_status: pipeline\n"
            f"description: Service {code} infogéré\nservice_owner: {PEOPLE[0]}\n"
        )
    return files


def _incident(n: int, rng: random.Random, *, batched: bool) -> tuple[str, str]:
    """One ~1 KB incident, as a file body or as a batch item; returns (month, text)."""
    day = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    opened = day + dt.timedelta(minutes=37 * n)
    ack = opened + dt.timedelta(minutes=rng.randint(2, 30))
    resolved = ack + dt.timedelta(minutes=rng.randint(20, 600))
    closed = resolved + dt.timedelta(hours=rng.randint(1, 48))
    fields = [
        ("id", f"INC-{n:06d}"),
        ("title", f"Messagerie lente, site n°{n % 97}"),
        ("summary", "Lenteur de la messagerie pour plusieurs utilisateurs"),
        ("service", rng.choice(SERVICES)),
        ("customer", rng.choice(CUSTOMERS)),
        ("priority", f"P{rng.randint(1, 4)}"),
        ("status", "closed"),
        ("opened", opened.isoformat()),
        ("acknowledged", ack.isoformat()),
        ("resolved", resolved.isoformat()),
        ("closed", closed.isoformat()),
        ("assignee", rng.choice(PEOPLE)),
        ("channel", rng.choice(("téléphone", "courriel", "portail"))),
        ("service_state", "degraded"),
    ]
    lines = [f"{k}: {v}" if k not in ("title", "summary") else f"{k}: '{v}'" for k, v in fields]
    lines.append(f"description: >-\n  {FRENCH[:160]}\n  {FRENCH[160:]}")
    lines.append("resolution: Relais SMTP redémarré, file d'attente purgée, supervision ajoutée.")
    lines.append("tags: [messagerie, smtp]")
    month = opened.strftime("%Y-%m")
    if batched:
        body = "\n".join(lines).replace("\n", "\n    ")
        return month, "  - " + body + "\n"
    return month, "kind: incident\nschema_version: 1\n" + "\n".join(lines) + "\n"


def generate(root: Path, n: int, *, batched: bool) -> list[Path]:
    """Write a repository of ``n`` incidents; return the incident files."""
    rng = random.Random(n)
    (root / "itsmkit.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, text in _reference_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    out: list[Path] = []
    if batched:
        months: dict[str, list[str]] = {}
        for i in range(n):
            month, item = _incident(i, rng, batched=True)
            months.setdefault(month, []).append(item)
        (root / "incidents").mkdir()
        for month, items in months.items():
            path = root / "incidents" / f"{month}.yaml"
            path.write_text(
                "kind: batch\nof: incident\nschema_version: 1\nitems:\n" + "".join(items),
                encoding="utf-8",
            )
            out.append(path)
    else:
        for i in range(n):
            month, text = _incident(i, rng, batched=False)
            folder = root / "incidents" / month
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"INC-{i:06d}.yaml"
            path.write_text(text, encoding="utf-8")
            out.append(path)
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs (a warm-up run first for in-process work)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def raw_parse(files: list[Path]) -> None:
    """The parse ceiling: bytes in, Python data out, nothing checked."""
    loader = yaml.CSafeLoader
    for path in files:
        yaml.load(path.read_bytes(), Loader=loader)


def raw_parse_no_gc(files: list[Path]) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        raw_parse(files)
    finally:
        if was:
            gc.enable()


def cli_validate(root: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "itsmkit",
        "validate",
        str(root),
        "--format",
        "json",
        "--today",
        "2030-01-01",
    ]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(
            f"itsmkit validate failed ({proc.returncode}):\n{proc.stdout[-2000:]!r}"
            f"\n{proc.stderr[-2000:]!r}"
        )


def lib_validate(root: Path, jobs: int | None = None) -> None:
    from itsmkit.validator import validate

    report, _ = validate(root, today=dt.date(2030, 1, 1), jobs=jobs)
    if report.issues:
        first = report.issues[0]
        raise SystemExit(f"unexpected issues ({len(report.issues)}): {first}")


def jsonschema_validate(files: list[Path], schema: Path) -> None:
    # --base-uri lets itsmkit.schema.json's relative $refs ("incident.schema.json")
    # resolve to the local files instead of its https $id. Paths go in slices so the
    # command line stays under the system's limit (a few start-ups more at 50k files).
    for start in range(0, len(files), JSONSCHEMA_SLICE):
        cmd = [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(schema),
            "--base-uri",
            SCHEMAS.as_uri() + "/",
            *map(str, files[start : start + JSONSCHEMA_SLICE]),
        ]
        proc = subprocess.run(cmd, capture_output=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(
                f"check-jsonschema failed:\n{proc.stdout[-2000:]!r}\n{proc.stderr[-2000:]!r}"
            )


def bench_layout(n: int, *, batched: bool, repeat: int, jsonschema: bool) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, n, batched=batched)
        schema = SCHEMAS / "itsmkit.schema.json"  # dispatches on kind, batch included
        raw_parse(files)  # warm the page cache
        lib_validate(root)  # warm imports and model schemas
        rows = [
            ("(a) raw CSafeLoader parse", best(lambda: raw_parse(files), repeat)),
            ("(a2) raw parse, GC paused", best(lambda: raw_parse_no_gc(files), repeat)),
            ("(b) itsmkit validate (process)", best(lambda: cli_validate(root), repeat)),
            ("(c) validator.validate (auto jobs)", best(lambda: lib_validate(root), repeat)),
            ("(c1) validator.validate (jobs=1)", best(lambda: lib_validate(root, jobs=1), repeat)),
        ]
        if jsonschema:
            rows.append(
                (
                    "(d) check-jsonschema (process)",
                    best(lambda: jsonschema_validate(files, schema), 1),
                )
            )
        return rows


def print_table(title: str, n: int, rows: list[Row]) -> None:
    base = rows[0][1]
    js = next((s for label, s in rows if label.startswith("(d)")), None)
    print(f"\n## {title}, N = {n:,} records")
    head = f"| {'method':<38} | {'seconds':>8} | {'ms/1000':>8} | {'vs (a)':>7} |"
    if js:
        head += f" {'vs (d)':>7} |"
    print(head)
    print(
        "|"
        + "-" * 40
        + "|"
        + "-" * 10
        + ":|"
        + "-" * 9
        + ":|"
        + "-" * 8
        + ":|"
        + ("-" * 8 + ":|" if js else "")
    )
    for label, seconds in rows:
        line = (
            f"| {label:<38} | {seconds:>8.3f} | {seconds / n * 1000 * 1000:>8.1f} |"
            f" {seconds / base:>6.2f}x |"
        )
        if js:
            line += f" {seconds / js:>6.2f}x |"
        print(line)
    sys.stdout.flush()


def bench_references(sizes: list[int]) -> None:
    """Time check_references alone on synthetic repositories of growing size."""
    from itsmkit.repo.loader import load_repository
    from itsmkit.rules.repository import check_references

    print("\n## Cross-reference check (check_references alone), records in monthly batches")
    print(f"| {'records':>8} | {'seconds':>8} | {'µs / record':>11} |")
    print("|---------:|---------:|------------:|")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
            root = Path(tmp)
            generate(root, n, batched=True)
            repo = load_repository(root)
            index = {item.artefact.id: item.artefact for item in repo.artefacts}
            seconds = best(lambda: list(check_references(repo, index)), 3)  # noqa: B023
            print(f"| {n:>8,} | {seconds:>8.3f} | {seconds / n * 1e6:>11.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="record counts (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--skip-jsonschema", action="store_true")
    parser.add_argument("--layout", choices=("files", "batch", "both"), default="both")
    parser.add_argument("--ref-sizes", type=int, nargs="*", default=[10_000, 50_000])
    args = parser.parse_args()
    # The full run is measured here (bench_cache.py measures the cache): every file parsed.
    os.environ.setdefault("ITSMKIT_NO_CACHE", "1")
    sizes = args.n or [1_000, 10_000, 50_000]
    if not CHECK_JSONSCHEMA.exists() and not shutil.which("check-jsonschema"):
        args.skip_jsonschema = True
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, libyaml {yaml.__with_libyaml__}"
    )
    for n in sizes:
        layouts = (False, True) if args.layout == "both" else (args.layout == "batch",)
        for batched in layouts:
            rows = bench_layout(
                n, batched=batched, repeat=args.repeat, jsonschema=not args.skip_jsonschema
            )
            print_table("monthly batch files" if batched else "one file per record", n, rows)
    if args.ref_sizes:
        bench_references(args.ref_sizes)


if __name__ == "__main__":
    main()
