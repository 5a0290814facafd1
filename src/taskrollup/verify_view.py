"""How `taskrollup verify` prints: the findings, what was not checked, a summary. No checks here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from taskrollup.views import emit_json

if TYPE_CHECKING:
    from taskrollup.verify import VerifyResult


def print_verify(out: Console, result: VerifyResult, fmt: str, written: str = "") -> None:
    """The findings of a draft (where, claim, stated, expected, verdict) and their notes, one
    line for each figure not checked with why, the conventions, a summary. JSON lists every check."""
    if fmt == "json":
        data = result.to_dict()
        if written:
            data["annotated"] = written
        emit_json(out, data)
        return
    if result.findings:
        out.print(_findings_table(result))
    for f in result.findings:
        if f.note:
            out.print(Text(f"note, {f.where} ({f.claim}): {f.note}"))
        if f.hint:
            out.print(Text(f"the {f.expected} in the data, {f.where}: {f.hint}"))
    for x in result.loose:
        why = x.reason if x.understood else f"not understood: {x.reason}"
        out.print(Text(f"not checked, {x.where}: {x.raw} — {why}"))
    for line in result.conventions():
        out.print(Text(f"convention: {line}"))
    if written:
        out.print(Text(written))
    out.print(Text(result.summary()))


def _findings_table(result: VerifyResult) -> Table:
    from taskrollup.verify import group_name

    table = Table(title=f"Findings in {result.draft.name}")
    for col in ("where", "group", "claim", "stated", "expected", "verdict"):
        table.add_column(col, justify="right" if col == "stated" else "left", overflow="fold",
                         ratio=3 if col in ("where", "expected") else None)
    for f in result.findings:
        table.add_row(Text(f"{f.where}: {around(f.sentence, f.stated)}"), Text(group_name(f.group)), Text(f.claim),
                      Text(f.stated), Text(f.expected), Text(f.verdict, style="bold red"))
    return table


def around(sentence: str, figure: str, width: int = 40) -> str:
    """The words of a sentence around the figure, about `width` characters."""
    at = sentence.find(figure)
    if len(sentence) <= width or at < 0:
        return sentence
    lo = max(0, min(at - width // 2, len(sentence) - width))
    cut = sentence[lo:lo + width]
    if lo > 0:
        cut = "…" + cut.split(" ", 1)[-1]
    if lo + width < len(sentence):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return cut
