"""Everything a draft states: the claims of its prose and of its figure tables, the column
totals of those tables, and the numbers it states that the tool could not read. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from taskrollup.claim_tables import ColumnTotal, read_table
from taskrollup.claims import AgencyResolver, Claim, Loose, TextUnit, find_claims, scope_marker

_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVX]+[.)])\s")


@dataclass
class DraftFigures:
    claims: list[Claim] = field(default_factory=list)
    loose: list[Loose] = field(default_factory=list)
    totals: list[ColumnTotal] = field(default_factory=list)


def read_figures(units: Sequence[TextUnit], agency: AgencyResolver | None = None) -> DraftFigures:
    """Figure tables read by column; every other unit (paragraphs, footnotes, the rows of any
    other table) read as prose."""
    out = DraftFigures()
    prose: list[TextUnit] = []
    for table, rows in groupby(units, key=lambda u: u.table):
        block = list(rows)
        reading = read_table(block, table_scope(block[0], agency), agency) if table else None
        if reading is None:
            prose += block
            continue
        out.claims += reading.claims
        out.totals += reading.totals
    claims, loose = find_claims(prose, agency)
    out.claims = sorted(out.claims + claims, key=lambda c: (c.paragraph, c.position))
    out.loose = loose
    return out


def table_scope(unit: TextUnit, agency: AgencyResolver | None = None) -> str | None:
    """The group the paragraphs above a table name: the nearest that names one, up to the
    numbered heading the table sits under ("3. Kết quả theo từng chương trình")."""
    for line in unit.heading.splitlines():
        marker = scope_marker(line, agency)
        if marker or _HEADING.match(line):
            return marker
    return None
