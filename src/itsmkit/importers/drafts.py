"""Export files read through a source's reader and the mapping into record drafts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from itsmkit.errors import ImportDataError, ImportProblem, UsageError
from itsmkit.importers import readers as _readers  # noqa: F401  (registers the readers)
from itsmkit.importers.base import READERS, ReadContext
from itsmkit.importers.convert import Converter, Draft
from itsmkit.importers.dates import DateError, DateParser
from itsmkit.importers.mapping import load_mapping


def read_drafts(
    tool: str,
    exports: Sequence[Path],
    root: Path,
    mapping_path: Path | None,
    time_zone: str,
    ids: dict[str, str],
    progress: Callable[[int], None] | None,
    expect: Callable[[int, int], None] | None = None,
) -> tuple[list[Draft], list[ImportProblem], list[ImportProblem], str]:
    """The drafts of every export, the problems, the warnings, and the time zone used.

    The mapping is ``mapping_path``, else the repository's ``imports/<tool>.yaml`` if
    present, else the tool's default; its ``time_zone`` wins over ``time_zone``.
    """
    reader = READERS.get(tool)
    if reader is None:
        raise UsageError(
            f"unknown source {tool!r}", hint="Sources: " + ", ".join(sorted(READERS)) + "."
        )
    if mapping_path is None:
        candidate = root / "imports" / f"{tool}.yaml"
        mapping_path = candidate if candidate.is_file() else None
    mapping = load_mapping(tool, mapping_path)
    zone_name = mapping.time_zone or time_zone
    try:
        dates = DateParser(
            zone_name,
            mapping.date_format,
            day_first=mapping.day_first,
            ambiguous=mapping.ambiguous,  # type: ignore[arg-type]
        )
    except DateError as exc:
        raise UsageError(str(exc), hint="Use an IANA name such as Europe/Paris.") from None
    drafts: list[Draft] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    for index, export in enumerate(exports):
        if not export.is_file():
            raise UsageError(f"{export}: no such export file")
        label = shown_path(export, root)
        told = None if expect is None else partial(expect, index)
        ctx = ReadContext(mapping, dates, label, progress, told)
        converter = Converter(ctx, ids)
        try:
            for row in reader.read(export, ctx):
                draft = converter.convert(row)
                if draft is not None:
                    drafts.append(draft)
                if len(converter.problems) >= 50:
                    break
        except ImportDataError as exc:
            problems.extend(exc.problems)
        problems.extend(converter.problems)
        warnings.extend(converter.warnings)
    return drafts, problems, warnings, dates.tz.key


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the repository when inside it, else as given."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
