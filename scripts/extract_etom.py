"""Extract the eTOM process identifiers and names from seed 002 (ITU-T M.3050.2, French).

Usage: python scripts/extract_etom.py [SEED] [OUTPUT] [--check]

The seed is read from ../shared/seeds/002*.txt beside the repository (the CI layout) unless
given. Two independent listings in the seed are parsed and must agree:
  * the body, where each process section says "Identificateur (de|du) processus: ID"
    (a few say "Indicateur de processus" or "Identificateur de produit");
  * the closing summary tables ("Identificateur du processus <TAB> Nom <TAB> Description").
Names come from the summary tables. Parents follow the numbering: a level-3 id's parent
drops its last number; a level-2 id's parent is the level-1 grouping of its horizontal
(1.OFAB.n for operations, 1.SIP.n for strategy/infrastructure/product, 1.E.n for enterprise).
The seed's own section nesting (section 8.1.1 lies within 8.1) must give the same parent
for every id, so parents are sourced, not only inferred.
Where a process section's heading ("8.1.1 Title (M&OM - SC)") or its "Nom du processus:"
line words the name differently from the summary table, the id is listed under
``name_variants`` with both wordings (differences of typography, case, accents, a
trailing area tag, the group heading form "Processus de X et de Y", "&" for "et", or a
trailing acronym are not counted).
Only ids, names and headings are written, never the seed's descriptions.

With --check, nothing is written: exit 1 if OUTPUT differs from what would be written.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "src" / "itsmkit" / "data" / "frameworks" / "etom.yaml"

ID = r"[0-9]\.[A-Z]+(?:\.[0-9]+)+"
BODY = re.compile(
    rf"^\s*(?:Identificateur|Indicateur) d[eu] (?:processus|produit)\s*:\s*({ID})\s*$"
)
TABLE = re.compile(rf"^({ID})\t([^\t]+)\t")
SECTION = re.compile(r"^\s*(\d+(?:\.\d+)+)\s+(\S.*?)\s*$")
NAME_LINE = re.compile(r"^\s*Nom du processus\s*:\s*(.+?)\s*$")

OPERATIONS = {"O", "F", "A", "B", "FAB", "AB", "OFAB"}
STRATEGY = {"S", "I", "P", "SIP"}


def default_seed() -> Path:
    """The seed file in ../shared/seeds beside the repository."""
    found = sorted((REPO.parent / "shared" / "seeds").glob("002*.txt"))
    if not found:
        raise SystemExit("seed 002 not found in ../shared/seeds; pass its path")
    return found[0]


def parse(text: str) -> dict[str, str]:
    """Map every process id to its (French) name; both listings must agree."""
    body: list[str] = []
    names: dict[str, str] = {}
    for line in text.splitlines():
        m = BODY.match(line)
        if m:
            body.append(m.group(1))
        t = TABLE.match(line)
        if t:
            ident, name = t.group(1), " ".join(t.group(2).split())
            if ident in names:
                raise SystemExit(f"summary table lists {ident} twice")
            names[ident] = name
    if len(set(body)) != len(body):
        raise SystemExit("the body repeats a process identifier")
    if set(body) != set(names):
        raise SystemExit(f"body and summary disagree: {sorted(set(body) ^ set(names))}")
    return names


def _wording(text: str) -> str:
    """A name with typography, case, accents, tags and acronyms folded away."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("*", "")
    text = text.replace("&", " et ")
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = " ".join(text.split()).rstrip(".").casefold()
    # group heading form "Processus de X et de Y" for the table's "X et Y"
    text = text.removeprefix("processus de ").replace(" et de ", " et ")
    return re.sub(r" [a-z]{2,4}$", "", text) if text.endswith(" crm") else text


def sections(text: str) -> dict[str, tuple[str, str | None, str | None]]:
    """Per body id: its section number, section heading and "Nom du processus" line."""
    out: dict[str, tuple[str, str | None, str | None]] = {}
    number, heading, name_line = "", None, None
    for line in text.splitlines():
        if "\t" in line:  # table of contents and summary tables
            continue
        sec = SECTION.match(line)
        if sec:
            number, heading, name_line = sec.group(1), sec.group(2), None
        nom = NAME_LINE.match(line)
        if nom:
            name_line = nom.group(1)
        body = BODY.match(line)
        if body:
            out[body.group(1)] = (number, heading, name_line)
            heading, name_line = None, None
    return out


def section_parents(text: str) -> dict[str, str | None]:
    """Parent of each id by the seed's section nesting (nearest enclosing process section)."""
    numbers = {ident: number for ident, (number, _, _) in sections(text).items()}
    by_number = {number: ident for ident, number in numbers.items()}
    if len(by_number) != len(numbers):
        raise SystemExit("two process ids share a section number")
    out: dict[str, str | None] = {}
    for ident, number in numbers.items():
        parts = number.split(".")
        prefixes = (".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1))
        out[ident] = next((by_number[p] for p in prefixes if p in by_number), None)
    return out


def name_variants(text: str, names: dict[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Ids whose heading or "Nom du processus" line words the name otherwise than the table."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for ident, (_, heading, name_line) in sections(text).items():
        table = _wording(names[ident])
        differs = [w for w in (heading, name_line) if w is not None and _wording(w) != table]
        if differs:
            out[ident] = (heading, name_line)
    return out


def parent_of(ident: str, known: set[str]) -> str | None:
    """Parent id by the numbering convention (see module docstring)."""
    parts = ident.split(".")
    if len(parts) >= 5:
        return ".".join(parts[:-1])
    if len(parts) == 4:
        area = parts[1]
        group = "OFAB" if area in OPERATIONS else "SIP" if area in STRATEGY else area
        candidate = f"{parts[0]}.{group}.{parts[2]}"
        return candidate if candidate in known and candidate != ident else None
    return None


def level(ident: str) -> int:
    """eTOM level: 1.X.n is level 1, 1.X.n.m level 2, 1.X.n.m.k level 3."""
    return len(ident.split(".")) - 2


def sort_key(ident: str) -> tuple[object, ...]:
    """Order ids by vertical/horizontal grouping, then numerically."""
    parts = ident.split(".")
    return (parts[0], int(parts[2]), parts[1], *(int(p) for p in parts[3:]))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    names: dict[str, str],
    seed_name: str,
    variants: dict[str, tuple[str | None, str | None]] | None = None,
) -> str:
    """The catalog file's text."""
    known = set(names)
    out = [
        "# Generated by scripts/extract_etom.py from seed 002; do not edit by hand.",
        "kind: catalog",
        "framework: etom",
        'edition: "ITU-T M.3050.2 (06/2004)"',
        "title: {en: Enhanced Telecom Operations Map (eTOM) process decomposition,"
        " fr: Plan amélioré d'exploitation des télécommunications (eTOM)}",
        "publisher: ITU-T (from TM Forum GB921)",
        "licence_note: >-",
        "  Process identifiers and names only, as listed in ITU-T M.3050.2 (French",
        "  edition); the Recommendation's descriptions are not reproduced. TM Forum keeps",
        "  rights on eTOM.",
        f"source: seed {seed_name} (summary tables and process sections)",
        "data_version: 2",
        f"expected_count: {len(names)}",
        "sources:",
        f"  seed-002: ITU-T M.3050.2 (06/2004), French edition, seed {seed_name}",
        "  numbering: >-",
        "    parent derived from the identifier numbering (level 3 under its level-2",
        "    prefix; level 2 under the level-1 grouping of its horizontal) and confirmed,",
        "    for every id, by the seed's section nesting (e.g. section 8.1.1 within 8.1)",
        "items:",
    ]
    for ident in sorted(names, key=sort_key):
        parent = parent_of(ident, known)
        kind = "process" if level(ident) > 1 else "group"
        line = (
            f"  - {{id: {_quote(ident)}, fr: {_quote(names[ident])}, kind: {kind},"
            f" level: {level(ident)}, parent: {_quote(parent) if parent else 'null'},"
            f" source: seed-002, confidence: S}}"
        )
        out.append(line)
    if variants:
        out.append("# Process sections whose heading or 'Nom du processus' line words the name")
        out.append("# otherwise than the summary table (the table's wording is the item's fr).")
        out.append("name_variants:")
        for ident in sorted(variants, key=sort_key):
            heading, name_line = variants[ident]
            fields = [f"id: {_quote(ident)}", f"table: {_quote(names[ident])}"]
            if heading is not None:
                fields.append(f"heading: {_quote(heading)}")
            if name_line is not None:
                fields.append(f"name_line: {_quote(name_line)}")
            fields += ["source: seed-002", "confidence: S"]
            out.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Entry point."""
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    seed = Path(args[0]) if args else default_seed()
    output = Path(args[1]) if len(args) > 1 else DEFAULT_OUTPUT
    raw = seed.read_text(encoding="utf-8")
    names = parse(raw)
    known = set(names)
    nesting = section_parents(raw)
    wrong = sorted(i for i in names if nesting.get(i) != parent_of(i, known))
    if wrong:
        raise SystemExit(f"numbering and section nesting disagree on the parents of {wrong}")
    text = render(names, seed.name, name_variants(raw, names))
    if check:
        same = output.is_file() and output.read_text(encoding="utf-8") == text
        print(f"{len(names)} identifiers; {output} {'is up to date' if same else 'differs'}")
        return 0 if same else 1
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}: {len(names)} identifiers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
