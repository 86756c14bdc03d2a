"""Time ``itsmkit import`` of a large GLPI CSV export against Python's ``csv`` parse of it.

Generates N tickets (seeded) as GLPI writes its CSV export (``;``, every field quoted, a
trailing ``;``, UTF-8 with a BOM, French headers, local times), then times in the same run:

  (a) baseline: read the file and ``list(csv.reader(...))`` with the same dialect;
  (b) ``import_tickets`` into an empty repository (read, map, convert, emit, stage, move);
  (c) ``import_tickets`` again, same export (match, digest, compare; nothing written).

Target: (b) <= 2x (a) at 100k tickets. Prints the honest ratio.

Usage::

    python benchmarks/bench_import.py              # 100k
    python benchmarks/bench_import.py -n 10000 --repeat 3
    python benchmarks/bench_import.py --profile    # cProfile of (b), top 25
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from itsmkit.importers.engine import import_tickets

PARIS = ZoneInfo("Europe/Paris")
HEADER = (
    "ID",
    "Titre",
    "Type",
    "Statut",
    "Priorité",
    "Impact",
    "Entité",
    "Catégorie",
    "Date d'ouverture",
    "Date de prise en compte",
    "Date de résolution",
    "Date de clôture",
    "Description",
)
STATUS = ("Nouveau", "En cours (Attribué)", "En attente", "Résolu", "Clos", "Clos", "Clos")
PRIORITY = ("Très haute", "Haute", "Moyenne", "Moyenne", "Basse")
IMPACT = ("Très haut", "Moyen", "Bas")
CONFIG = "organisation: Bench\nlanguage: fr\nscope: Hébergement.\nexclude: ['imports/*']\n"
CUSTOMER = "kind: customer\nid: CUST-{0}\nschema_version: 1\nname: Client {0}\n"
MAPPING = """\
values:
  customer: {"Hébergeur > Client A": CUST-A, "Hébergeur > Client B": CUST-B}
  service: {Messagerie: SVC-MAIL, Web: SVC-WEB}
"""
SERVICE = """\
kind: service
id: SVC-{0}
schema_version: 1
title: Service {0}
version: "1.0"
status: draft
owner: P-ALICE
code: {0}
name: Service {0}
service_status: pipeline
description: A service.
service_owner: P-ALICE
"""
PERSON = "kind: person\nid: P-ALICE\nschema_version: 1\nname: Alice Martin\n"


def export(n: int, path: Path) -> None:
    """A seeded GLPI CSV export of ``n`` tickets over about two years."""
    rng = random.Random(20261201)
    start = dt.datetime(2024, 1, 1, 7, 0, tzinfo=dt.timezone.utc)

    def local(moment: dt.datetime) -> str:
        # Written as GLPI does, in local time (so never inside a daylight-saving gap).
        return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator=";\r\n")
    writer.writerow(HEADER)
    for i in range(n):
        opened = start + dt.timedelta(minutes=i * 7 + rng.randrange(5))
        status = rng.choice(STATUS)
        ack = opened + dt.timedelta(minutes=rng.randrange(5, 120))
        resolved = ack + dt.timedelta(minutes=rng.randrange(10, 3000))
        closed = resolved + dt.timedelta(hours=rng.choice((2, 24, 48)))
        done = status in ("Résolu", "Clos")
        writer.writerow(
            (
                str(100000 + i),
                f"Ticket {i}: messagerie lente pour un utilisateur",
                rng.choice(("Incident", "Incident", "Demande")),
                status,
                rng.choice(PRIORITY),
                rng.choice(IMPACT),
                rng.choice(("Hébergeur > Client A", "Hébergeur > Client B")),
                rng.choice(("Messagerie", "Web")),
                local(opened),
                local(ack),
                local(resolved) if done else "",
                local(closed) if status == "Clos" else "",
                "Le client signale une lenteur ; analyse en cours.",
            )
        )
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def make_repo(root: Path) -> Path:
    """An empty company repository with the two customers and services the export names."""
    if root.exists():
        shutil.rmtree(root)
    (root / "parties").mkdir(parents=True)
    (root / "services").mkdir()
    (root / "imports").mkdir()
    (root / "itsmkit.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "people.yaml").write_text(PERSON, encoding="utf-8")
    (root / "imports/glpi.yaml").write_text(MAPPING, encoding="utf-8")
    for code in ("A", "B"):
        (root / f"parties/{code}.yaml").write_text(CUSTOMER.format(code), encoding="utf-8")
    for code in ("MAIL", "WEB"):
        (root / f"services/{code}.yaml").write_text(SERVICE.format(code), encoding="utf-8")
    return root


def timed(
    fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (``setup`` untimed before each)."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="tickets (default 100000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the fresh import")
    args = parser.parse_args()
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for n in args.n or [100_000]:
            path = base / f"glpi-{n}.csv"
            export(n, path)
            repo = base / "repo"

            def baseline(path: Path = path) -> object:
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    return list(csv.reader(handle, delimiter=";"))

            def fresh(path: Path = path, repo: Path = repo) -> object:
                return import_tickets(repo, "glpi", [path], imported_at=stamp)

            def reset(repo: Path = repo) -> object:
                return make_repo(repo)

            if args.profile:
                import cProfile
                import pstats

                reset()
                prof = cProfile.Profile()
                prof.runcall(fresh)
                pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
                continue
            t_csv = timed(baseline, args.repeat)
            t_import = timed(fresh, args.repeat, reset)
            t_again = timed(fresh, args.repeat)
            size = path.stat().st_size / 1e6
            print(f"{n} tickets, export {size:.1f} MB")
            print(f"  (a) csv.reader parse            {t_csv:7.3f} s")
            print(
                f"  (b) import into an empty repo   {t_import:7.3f} s  = {t_import / t_csv:5.1f}x (a)"
            )
            print(
                f"  (c) import again (no change)    {t_again:7.3f} s  = {t_again / t_csv:5.1f}x (a)"
            )


if __name__ == "__main__":
    main()
