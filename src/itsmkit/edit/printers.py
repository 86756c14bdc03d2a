"""Printers for edits: what a rename changed, or would change."""

from __future__ import annotations

from itsmkit.edit.rename import RenamePlan


def rename_text(plan: RenamePlan, *, written: bool) -> str:
    """The edits of a rename, and the mentions it left alone."""
    verb = "renamed" if written else "would rename"
    lines = [
        f"{e.file}:{e.line}:{e.column}: {e.before} → {e.after}  ({e.what})" for e in plan.edits
    ]
    lines.append(
        f"{verb} {plan.old} to {plan.new}: {len(plan.edits)} edit(s) in {len(plan.files)} file(s)"
    )
    if plan.mentions:
        lines.append(f"left alone, {len(plan.mentions)} mention(s) in free text:")
        lines += [f"  {f}:{n}" for f, n in plan.mentions]
    return "\n".join(lines) + "\n"
