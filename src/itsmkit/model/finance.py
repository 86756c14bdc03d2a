"""Budgeting and accounting for services: the budget and its periodic cost reports."""

import datetime as dt

from pydantic import Field

from itsmkit.model.base import Document, Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    BudgetRef,
    Money,
    Period,
    PersonRef,
    ServiceRef,
    Text,
)


class BudgetLine(Strict):
    """A budgeted amount, optionally with what was actually spent."""

    item: Text
    service: ServiceRef | None = None
    budgeted: Money
    actual: Money | None = None


@register("budget", en="Service budget", fr="Budget des services")
class Budget(Document):
    """Budget and accounting for the services over a period."""

    period: Period
    lines: list[BudgetLine] = Field(min_length=1)
    accounting_method: Text | None = None


class CostLine(Strict):
    """What one budget line cost so far, against what was budgeted for the period."""

    item: Text
    service: ServiceRef | None = None
    budgeted: Money | None = None
    actual: Money
    comment: Text | None = None


@register("cost-report", en="Cost report", fr="Suivi des coûts des services")
class CostReport(Record):
    """A budget follow-up: the costs of the services over a period, against the budget.

    Seed 001 names budgeting and accounting among the processes that must all run and keep
    records: the budget is the intent, these periodic follow-ups are the evidence.
    """

    budget: BudgetRef | None = None
    period_start: dt.date
    period_end: dt.date
    issued_on: dt.date
    author: PersonRef
    lines: list[CostLine] = Field(min_length=1)
    variances: Text | None = Field(
        default=None, description="Gaps against the budget and what explains them."
    )
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The period the costs are accounted for."""
        return (self.period_start, self.period_end)
