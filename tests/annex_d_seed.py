"""Parse the Annex D matrices straight from seeds 000 and 001 (used by the tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
ROW = re.compile(r"^\t(ITSM-\S+) (.+?)\s*$")


def seed_file(prefix: str) -> Path | None:
    """The seed whose name starts with ``prefix``, if the shared folder is present."""
    found = sorted(SEEDS.glob(f"{prefix}*.txt"))
    return found[0] if found else None


def parse_annex_d(text: str) -> list[dict[str, Any]]:
    """Every matrix of the seed's Annex D: label, practice header and rows, cell for cell."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Annexe D"))
    matrices: list[dict[str, Any]] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.startswith("Annexe E"):
            break
        m = re.match(r"^Matrice de référence (?:à la norme |à |au modèle )(.+?)\s*$", line)
        if not m:
            i += 1
            continue
        matrix: dict[str, Any] = {"label": m.group(1), "practice_header": "", "rows": []}
        matrices.append(matrix)
        i += 1
        while i < len(lines) and not lines[i].startswith(("Matrice", "Annexe")):
            cur = lines[i]
            if cur.startswith("\tObjectifs / Pratiques"):
                matrix["practice_header"] = cur.strip()
            row = ROW.match(cur)
            if row:
                cells = []
                j = i + 1
                while j < len(lines) and lines[j].startswith("\t") and len(cells) < 3:
                    cells.append(lines[j][1:])
                    j += 1
                cells += [""] * (3 - len(cells))
                matrix["rows"].append(
                    {
                        "activity": row.group(1),
                        "title": row.group(2),
                        "coverage": cells[0],
                        "practice": cells[1],
                        "comment": cells[2],
                    }
                )
                i = j
                continue
            i += 1
    return matrices
