"""``itsmkit report``: a draft service report whose figures come from the records.

The measured figures, the workload and the breach list are computed by
:mod:`itsmkit.sla.attainment`; what people wrote stays theirs. When a report of the same
SLA and period exists (only with ``--force``, and never when approved), its title,
author, alerts, summary, measurement comments, metric-less measurements (figures the
records cannot give, e.g. page response time) and the description and actions of each
breach still found are kept. Legacy breaches with no ``metric:`` are matched on their
records, in order.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmkit.errors import ItsmkitError, UsageError, WriteConflictError
from itsmkit.fsutil import atomic_write_text
from itsmkit.model.agreement import Sla
from itsmkit.model.reporting import ReportStatus, ServiceReport
from itsmkit.repo.loader import Loaded, Repository, find_root, load_repository
from itsmkit.sla.period import Period
from itsmkit.sla.printers import hours
from itsmkit.sla.results import INCIDENT, REQUEST, Breach, Figure, SlaAttainment
from itsmkit.sla.runner import measure

_APPROVED = re.compile(r"^status:\s*[\"']?approved", re.MULTILINE)


class ApprovedReportError(ItsmkitError):
    """The service report of that SLA and period is approved: it is never overwritten."""

    code = "report-approved"

    def __init__(self, *, path: str, ident: str) -> None:
        super().__init__(f"{path}: service report {ident} is approved; it is never overwritten")
        self.path = path
        self.hint = (
            "An approved report is a record of what was reported. If the records changed, "
            "issue a new report (another id), or set `status: draft` by hand to redo this one."
        )


@dataclass(frozen=True, slots=True)
class Written:
    """What `report` wrote."""

    path: str
    id: str
    replaced: bool
    breaches: int
    unreadable: int = 0
    """Files with errors whose records were not counted."""


_KIND_FR = {INCIDENT: "Incidents", REQUEST: "Demandes de service"}
_KIND_EN = {INCIDENT: "Incidents", REQUEST: "Service requests"}
_WHAT_FR = {"response": "prise en compte", "resolution": "résolution"}
_WHAT_EN = {"response": "response", "resolution": "resolution"}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:g} %"


def _figure_measurement(f: Figure) -> dict[str, Any]:
    what = f.metric.split(":")[0].removeprefix("request-")
    target = hours(f.target_seconds)
    return {
        "indicator": {
            "fr": f"{_KIND_FR[f.kind]} {f.priority} : {_WHAT_FR[what]} en {target} au plus",
            "en": f"{_KIND_EN[f.kind]} {f.priority}: {_WHAT_EN[what]} within {target}",
        },
        "target": f"100 % ≤ {target}",
        "measured": f"{f.within}/{f.measured} ({_pct(f.share)})"
        + (f", {f.pending} en cours" if f.pending else ""),
        "met": f.met,
        "metric": f.metric,
        "measured_value": f.share if f.share is not None else 100.0,
        "target_value": 100.0,
    }


_OVERALL_FR = {
    "response": "Incidents pris en compte dans le délai de leur priorité",
    "resolution": "Incidents résolus dans le délai de leur priorité",
    "request-response": "Demandes de service prises en compte dans le délai de leur priorité",
    "request-resolution": "Demandes de service réalisées dans le délai de leur priorité",
}
_OVERALL_EN = {
    "response": "Incidents responded to within their priority's target",
    "resolution": "Incidents resolved within their priority's target",
    "request-response": "Service requests responded to within their priority's target",
    "request-resolution": "Service requests fulfilled within their priority's target",
}


def _overall_measurements(r: SlaAttainment, sla: Sla) -> list[dict[str, Any]]:
    """One line per metric over every priority (also when no ticket came in)."""
    t = sla.targets
    if t is None or not (t.per_priority or t.requests):
        return []
    out = []
    for metric in _OVERALL_FR:
        within, judged, pending = r.overall(metric)
        share = round(100.0 * within / judged, 2) if judged else None
        out.append(
            {
                "indicator": {"fr": _OVERALL_FR[metric], "en": _OVERALL_EN[metric]},
                "target": "100 %",
                "measured": f"{within}/{judged} ({_pct(share) if judged else '100 %'})"
                + (f", {pending} en cours" if pending else ""),
                "met": within == judged,
                "metric": metric,
                "measured_value": share if share is not None else 100.0,
                "target_value": 100.0,
            }
        )
    return out


def _availability_measurement(r: SlaAttainment) -> dict[str, Any] | None:
    a = r.availability
    if a is None or a.target is None or a.measured is None:
        return None
    return {
        "indicator": {
            "fr": f"Disponibilité ({a.clock}), {hours(a.downtime_seconds)} d'arrêt",
            "en": f"Availability ({a.clock}), {hours(a.downtime_seconds)} down",
        },
        "target": f"≥ {a.target:g} %",
        "measured": f"{a.measured:g} %",
        "met": a.met,
        "metric": "availability",
        "measured_value": a.measured,
        "target_value": a.target,
    }


def _breach_entry(b: Breach) -> dict[str, Any]:
    ids = [e.id for e in b.evidence]
    if b.metric == "availability":
        fr = f"Disponibilité de {b.measured:g} % pour un objectif de {b.target:g} % ({', '.join(ids)})."
        en = f"Availability {b.measured:g}% against a target of {b.target:g}% ({', '.join(ids)})."
    else:
        still = " (toujours ouvert en fin de période)" if b.unresolved else ""
        still_en = " (still open at the period's end)" if b.unresolved else ""
        fr = f"{ids[0]} : {b.metric} en {hours(b.measured)} pour un objectif de {hours(b.target)}{still}."
        en = f"{ids[0]}: {b.metric} in {hours(b.measured)} against {hours(b.target)}{still_en}."
    entry: dict[str, Any] = {"description": {"fr": fr, "en": en}, "metric": b.metric}
    if b.opened is not None:
        entry["occurred_on"] = b.opened.date()
    incidents = [e.id for e in b.evidence if e.kind == INCIDENT]
    requests = [e.id for e in b.evidence if e.kind == REQUEST]
    if incidents:
        entry["incidents"] = incidents
    if requests:
        entry["requests"] = requests
    return entry


def _workload(r: SlaAttainment) -> dict[str, str]:
    per = ", ".join(f"{n} {p}" for p, n in r.counts.get(INCIDENT, {}).items())
    inner = f" ({per})" if per else ""
    return {
        "fr": f"{r.incidents} incidents{inner} et {r.requests} demandes de service.",
        "en": f"{r.incidents} incidents{inner} and {r.requests} service requests.",
    }


def _carry_breaches(new: list[dict[str, Any]], old: ServiceReport | None) -> None:
    if old is None:
        return
    pool = list(old.breaches)
    for entry in new:
        ids = set(entry.get("incidents", [])) | set(entry.get("requests", []))
        match = next((b for b in pool if b.metric == entry["metric"]), None)
        if match is None:
            match = next(
                (b for b in pool if b.metric is None and ids & {*b.incidents, *b.requests}), None
            )
        if match is None:
            continue
        pool.remove(match)
        entry["description"] = _plain(match.description)
        if match.occurred_on is not None:
            entry["occurred_on"] = match.occurred_on
        if match.actions:
            entry["actions"] = list(match.actions)


def _plain(value: Any) -> Any:
    return value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else value


def _slug(sla: Sla) -> str:
    customer = sla.customer or sla.id
    return customer.removeprefix("CUST-").removeprefix("cust-")


def build(
    r: SlaAttainment,
    sla: Sla,
    old: ServiceReport | None,
    *,
    author: str | None,
    issued_on: dt.date,
    customer_name: str | None = None,
) -> dict[str, Any]:
    """The report's data: computed figures, with what people wrote in ``old`` kept."""
    slug = _slug(sla).upper()
    label = r.period.label
    measurements = [m for m in [_availability_measurement(r)] if m]
    measurements += _overall_measurements(r, sla)
    measurements += [_figure_measurement(f) for f in r.figures]
    if old is not None:
        comments = {m.metric: m.comment for m in old.measurements if m.metric and m.comment}
        for m in measurements:
            if m["metric"] in comments:
                m["comment"] = _plain(comments[m["metric"]])
        measurements += [_plain(m) for m in old.measurements if m.metric is None]
    if not measurements:
        raise UsageError(
            f"SLA {sla.id} has no target to measure over {label}",
            hint="Give the SLA `targets:` (availability or per_priority).",
        )
    breaches = [_breach_entry(b) for b in r.breaches]
    _carry_breaches(breaches, old)
    who = (old.author if old else None) or author or sla.owner
    data: dict[str, Any] = {
        "kind": "service-report",
        "id": old.id if old else f"RS-{slug}-{label}",
        "schema_version": 1,
        "title": _plain(old.title)
        if old and old.title
        else {
            "fr": f"Rapport de service {label} – {customer_name or sla.customer}",
            "en": f"Service report {label} – {customer_name or sla.customer}",
        },
        "addresses": list(old.addresses) if old and old.addresses else ["iso20000-1:2018/9.4"],
        "sla": sla.id,
        "status": ReportStatus.DRAFT.value,
        "period_start": r.period.start,
        "period_end": r.period.last_day,
        "issued_on": old.issued_on if old else issued_on,
        "author": who,
        "measurements": measurements,
    }
    if breaches:
        data["breaches"] = breaches
    if old is not None and old.alerts:
        data["alerts"] = [_plain(a.model_dump(exclude_none=True)) for a in old.alerts]
    data["workload"] = _workload(r)
    if old is not None and old.summary:
        data["summary"] = _plain(old.summary)
    ServiceReport.model_validate(data)  # a report we cannot read back is a bug here
    return data


def _dump(data: dict[str, Any], header: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return header + buffer.getvalue()


def _existing(repo: Repository, sla: str, period: Period) -> Loaded | None:
    for item in repo.by_kind("service-report"):
        rep = item.artefact
        assert isinstance(rep, ServiceReport)
        if (
            rep.sla == sla
            and rep.period_start == period.start
            and rep.period_end == period.last_day
        ):
            return item
    return None


def _header(root: Path, rel: str) -> str:
    from itsmkit.modelines import modeline

    path = root / rel
    if path.exists():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.startswith("# yaml-language-server:"):
            return first + "\n"
    return modeline(rel, "service-report.schema.json") + "\n"


def write_report(
    path: Path,
    sla_id: str,
    period: Period,
    *,
    author: str | None = None,
    issued_on: dt.date | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Written:
    """Compute ``sla_id`` over ``period`` and write its draft service report.

    Raises:
        ApprovedReportError: the report of that SLA and period is approved.
        WriteConflictError: a report (or file) is there and ``force`` is false.
        UsageError: unknown SLA, or an SLA with nothing to measure.
    """
    root = find_root(path)
    repo = load_repository(root)
    measured = measure(root, sla_id, period, now=now, repo=repo)
    (result,) = measured.results
    sla = next(i.artefact for i in repo.by_kind("sla") if i.artefact.id == sla_id)
    assert isinstance(sla, Sla)
    found = _existing(repo, sla_id, period)
    old: ServiceReport | None = None
    if found is not None:
        assert isinstance(found.artefact, ServiceReport)
        old = found.artefact
        if found.prefix:
            raise UsageError(
                f"{found.file}: service report {old.id} sits in a batch file",
                hint="Move it to a file of its own to let `itsmkit report` rewrite it.",
            )
        if old.status is ReportStatus.APPROVED:
            raise ApprovedReportError(path=found.file, ident=old.id)
        rel = found.file
    else:
        name = f"rs-{_slug(sla).lower()}"
        if len(period.label) != 7:  # not a month: the label tells the files apart
            name += f"-{period.label.lower()}"
        rel = f"records/{period.start:%Y-%m}/{name}.yaml"
    target = root / rel
    if target.exists() and found is None and _APPROVED.search(target.read_text("utf-8", "replace")):
        raise ApprovedReportError(path=rel, ident=rel)  # unreadable, but says it is approved
    if target.exists() and not force:
        raise WriteConflictError(paths=[target])
    customer = next((i.artefact for i in repo.artefacts if i.artefact.id == sla.customer), None)
    data = build(
        result,
        sla,
        old,
        author=author,
        issued_on=issued_on or dt.date.today(),
        customer_name=getattr(customer, "name", None),
    )
    atomic_write_text(target, _dump(data, _header(root, rel)))
    return Written(rel, data["id"], found is not None, len(result.breaches), measured.unreadable)
