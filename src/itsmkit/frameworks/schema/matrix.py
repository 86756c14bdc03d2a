"""The Annex D matrices of the deployment packages, cell for cell."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header, Titled

Coverage = Literal["C", "P", "N"]


class MatrixRow(DataModel):
    """One cell row of an Annex D matrix, as printed in the seed."""

    activity: str
    title: str
    coverage: Coverage
    practice: str = ""
    comment: str = ""


class Matrix(DataModel):
    """One Annex D table: the DP's activities against one standard or model."""

    label: str
    framework: str | None = None
    framework_note: str | None = None
    practice_header: str
    rows: list[MatrixRow] = Field(min_length=1)


class MatrixPackage(DataModel):
    """The Annex D of one deployment package."""

    id: str
    seed: str
    title: Titled
    matrices: list[Matrix] = Field(min_length=1)


class KnownIssue(DataModel):
    """A visible inconsistency of a seed matrix, stated by itsmkit."""

    package: str
    matrix: str
    activity: str | None = None
    issue: str
    source: str
    confidence: Confidence


class MatrixFile(Header):
    """The deployment packages' Annex D matrices, cell for cell."""

    kind: Literal["annex-d"]
    packages: list[MatrixPackage] = Field(min_length=1)
    known_issues: list[KnownIssue] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_declared(self) -> MatrixFile:
        for issue in self.known_issues:
            self.check_source(issue.source, f"known issue on {issue.matrix}")
        return self
