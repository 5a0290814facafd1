"""`taskrollup verify`: the figures a draft report states, checked for sums and against the data.

The draft is read by `draft` (the only file access), its figures found by `draft_figures`
(prose through the grammar of `claims`, figure tables through `claim_tables`). The checks here
are pure: per group of figures (a group is one set of figures for the province, the central
Government, a document, an agency or a table row),

- sums: done = on time + late; not done = in time + overdue; due = done + overdue; assigned =
  done + not done + cancelled (a gap is named: the cancelled tasks a draft leaves out);
- rates: against the counts they are rates of, over the basis the text gives (or, when it gives
  none, over a basis the counts support), the digits shown rounded or truncated;
- consistency: a figure stated twice for one group with two values;
- column totals of tables;
- with a store, every figure against the one `taskrollup report` computes.

Each check names the convention that made it hold (rounded or truncated, the basis). What
could not be checked is listed, never silently passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from taskrollup import rates
from taskrollup.claim_tables import ColumnTotal
from taskrollup.claims import CENTRAL, HEADLINE, LABELS, Claim, Loose
from taskrollup.draft import read_draft
from taskrollup.draft_figures import DraftFigures, read_figures
from taskrollup.errors import UsageError
from taskrollup.figures import FIGURE_KEYS, Figures
from taskrollup.periods import Reporting, resolve_period
from taskrollup.vnformat import number

if TYPE_CHECKING:
    from taskrollup.registry import Registry

OK = "đúng"
WRONG = "sai số liệu"
UNBALANCED = "không khớp tổng"
INCONSISTENT = "không nhất quán"
NOTHING_TO_CHECK = "nothing in the draft to check it against"
_GROUP_NAMES = {HEADLINE: "toàn tỉnh", CENTRAL: "Trung ương (Quy chế 42)"}
_SUMS = (
    ("done", ("done_on_time", "done_late"), "Đã hoàn thành = đúng hạn + quá hạn"),
    ("not_done", ("not_done_in_time", "not_done_overdue"), "Chưa hoàn thành = còn trong hạn + quá hạn"),
    ("due", ("done", "not_done_overdue"), "Đến hạn = đã hoàn thành + chưa hoàn thành quá hạn"),
)
_GAP = "Tổng số = đã hoàn thành + chưa hoàn thành"
_BOUNDS = (("secret", "assigned", "Giao tại văn bản mật ≤ tổng số"),
           ("extension_requested", "not_done", "Xin gia hạn ≤ chưa hoàn thành"))


@dataclass(frozen=True)
class Finding:
    """One check: where, which claim, what the draft says, what it should say, the verdict."""

    paragraph: int
    where: str
    sentence: str
    group: str
    claim: str
    stated: str
    expected: str
    verdict: str
    note: str = ""
    key: str = ""
    position: int = 0
    kind: str = "data"  # data, sum, rate, total, consistency
    end: int = 0
    convention: str = ""
    claims: tuple[int, ...] = ()  # the figures (indices in VerifyResult.claims) the check read
    hint: str = ""  # with a store: how to list the tasks behind the figure

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "paragraph": self.paragraph, "where": self.where, "sentence": self.sentence,
            "group": self.group, "key": self.key, "claim": self.claim, "stated": self.stated,
            "expected": self.expected, "verdict": self.verdict, "note": self.note, "check": self.kind}
        for name in ("convention", "hint"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out


@dataclass
class VerifyResult:
    """The figures of a draft, every check made on them, and what could not be checked."""

    draft: Path
    claims: list[Claim]
    checks: list[Finding] = field(default_factory=list)
    loose: list[Loose] = field(default_factory=list)
    against: str | None = None  # "H1-2021 as of 30/06/2021 (scope assigned)" with data

    @property
    def findings(self) -> list[Finding]:
        return [c for c in self.checks if c.verdict != OK]

    @property
    def checked(self) -> int:
        """Figures that took part in at least one check."""
        return len({i for c in self.checks for i in c.claims})

    @property
    def figures(self) -> int:
        """Numbers the draft states as task figures: read into claims, or listed as not checked."""
        spans = {(c.paragraph, c.position) for c in self.claims if not c.derived}
        return len(spans | {(x.paragraph, x.position) for x in self.loose})

    @property
    def not_understood(self) -> list[Loose]:
        return [x for x in self.loose if not x.understood]

    @property
    def exit_code(self) -> int:
        return 1 if self.findings or not self.checked else 0

    def summary(self) -> str:
        unchecked = len(self.loose)
        unread = len(self.not_understood)
        tail = f"{unchecked} not checked ({unread} not understood)"
        if not self.checked:
            found = f"{self.figures} figure(s) found, none could be checked" if self.figures \
                else "no recognisable figures"
            return (f"{found} in {self.draft.name}: nothing was checked "
                    "(is it the report's section on tasks?)" + (f"; {tail}" if unchecked else ""))
        basis = f"against {self.against}" if self.against else "arithmetic only (--no-data)"
        kinds = ", ".join(f"{sum(f.verdict == v for f in self.findings)} {v}"
                          for v in (UNBALANCED, INCONSISTENT, WRONG) if any(f.verdict == v for f in self.findings))
        head = f"{len(self.findings)} finding(s) ({kinds})" if self.findings else "all figures hold"
        return f"{head}: {self.checked} figure(s) checked by {len(self.checks)} check(s), {tail}; {basis}"

    def conventions(self) -> list[str]:
        """The conventions the draft's rates follow, and a warning when they are mixed."""
        held = [c for c in self.checks if c.kind == "rate" and c.convention and c.verdict == OK]
        modes: dict[str, list[str]] = {}
        for c in held:
            mode = c.convention.split(",")[-1].strip()
            if mode in (rates.ROUNDED, rates.TRUNCATED):
                modes.setdefault(mode, []).append(c.where)
        if len(modes) < 2:
            return []
        places = "; ".join(f"{m} in {', '.join(dict.fromkeys(w))}" for m, w in modes.items())
        return [f"the draft rounds some rates and truncates others ({places}): choose one"]

    def to_dict(self) -> dict[str, object]:
        return {"draft": str(self.draft), "against": self.against, "exit_code": self.exit_code,
                "summary": self.summary(), "findings": len(self.findings), "checked": self.checked,
                "not_checked": [x.to_dict() for x in self.loose], "conventions": self.conventions(),
                "checks": [c.to_dict() for c in self.checks],
                "claims": [c.to_dict() for c in self.claims]}


def verify(draft: Path, db: Path | None = None, period: str | None = None,
           as_of: dt.date | None = None, scope: str = "assigned", use_data: bool = True,
           convention: str | None = None, registry: Registry | None = None) -> VerifyResult:
    """Read a draft, find its figures and check them: sums always, the store when `use_data`
    (the period's days under `convention`, None: calendar)."""
    from taskrollup.registry import load_registry

    if use_data and not period:
        raise UsageError("give --period (e.g. H1-2021) to check against the store, "
                         "or --no-data to check only the draft's own arithmetic")
    registry = registry or load_registry()
    reading = read_figures(read_draft(draft), registry.resolve)
    figures = _figures(db, resolve_period(period, convention, None, None, as_of), scope, registry) \
        if use_data else None
    return check(draft, reading, figures)


def _figures(db: Path | None, reporting: Reporting, scope: str, registry: Registry) -> Figures:
    from taskrollup.report import build_report

    return build_report(db or Path("taskrollup.db"), reporting.period, reporting.as_of, scope,
                        texts=False, registry=registry).figures


def check(draft: Path, reading: DraftFigures, figures: Figures | None = None) -> VerifyResult:
    """Every check on the figures, in document order; the data checks only with `figures`."""
    claims = reading.claims
    index = {id(c): i for i, c in enumerate(claims)}
    sets = claim_sets(claims)
    checks: list[Finding] = []
    loose = list(reading.loose)
    for members in sets.values():
        checks += sum_checks(members, index)
        done, unchecked = rate_checks(members, index)
        checks += done
        loose += unchecked
    checks += consistency_checks(sets, index)
    checks += [total_check(t, index) for t in reading.totals]
    if figures is not None:
        checks = [_gap_note(f, figures, claims) for f in checks]
        data_done, data_loose = check_data(claims, sets, figures, index)
        checks += data_done
        loose += data_loose
    loose += _unchecked(claims, checks, loose)
    checks.sort(key=lambda f: (f.paragraph, f.position, f.kind != "data"))
    loose.sort(key=lambda x: (x.paragraph, x.position))
    against = (f"{figures.period.described()} as of {figures.as_of:%d/%m/%Y} (scope {figures.scope})"
               if figures is not None else None)
    return VerifyResult(draft, claims, checks, loose, against)


# ---- groups of figures ------------------------------------------------------------------


def set_id(claim: Claim) -> str:
    """Figures of one known group form one set across the draft; a second set a paragraph gives
    for its group, or figures of no known group, stay a set of their own paragraph."""
    if claim.group and not claim.group.startswith("~") and claim.instance == 1:
        return claim.group
    return f"{claim.group or '-'}@{claim.paragraph}.{claim.instance}"


def claim_sets(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    sets: dict[str, list[Claim]] = {}
    for claim in claims:
        sets.setdefault(set_id(claim), []).append(claim)
    return sets


def stated(members: Sequence[Claim]) -> dict[str, Claim]:
    """The first claim of each figure in a set (rates apart)."""
    out: dict[str, Claim] = {}
    for claim in members:
        if claim.key != "rate":
            out.setdefault(claim.key, claim)
    return out


def _finding(anchor: Claim, claim: str, expected: str, verdict: str, involved: Sequence[Claim],
             index: Mapping[int, int], note: str = "", kind: str = "sum", convention: str = "") -> Finding:
    return Finding(anchor.paragraph, anchor.where, anchor.sentence, anchor.group, claim, anchor.raw,
                   expected, verdict, note, anchor.key, anchor.position, kind, anchor.end, convention,
                   tuple(index[id(c)] for c in involved))


# ---- sums -------------------------------------------------------------------------------


def sum_checks(members: Sequence[Claim], index: Mapping[int, int]) -> list[Finding]:
    """Each whole a set states against the parts it also states."""
    st = stated(members)
    out = []
    for whole, parts, label in _SUMS:
        found = _sum(st, whole, parts, label, index)
        if found is not None:
            out.append(found)
    found = _assigned(st, index)
    if found is not None:
        out.append(found)
    for part, whole, label in _BOUNDS:
        if part in st and whole in st:
            fits = st[part].value <= st[whole].value
            out.append(_finding(st[part], label, f"{st[part].raw} {'≤' if fits else '>'} {st[whole].raw}",
                                OK if fits else UNBALANCED, [st[part], st[whole]], index))
    return out


def _sum(st: dict[str, Claim], whole: str, parts: tuple[str, ...], label: str,
         index: Mapping[int, int]) -> Finding | None:
    """whole = sum(parts) when all are stated; parts that exceed it when some are."""
    if whole not in st:
        return None
    w = st[whole]
    given = [st[p] for p in parts if p in st]
    total = sum(int(c.value) for c in given)
    terms = " + ".join(c.raw for c in given)
    if len(given) == len(parts):
        verdict = OK if total == w.value else UNBALANCED
        expected = f"{terms} = {number(total)}" + ("" if verdict == OK else f" ≠ {w.raw}")
        return _finding(w, label, expected, verdict, [w, *given], index)
    if given and total > w.value:
        return _finding(w, label, f"{terms} = {number(total)} > {w.raw}", UNBALANCED, [w, *given], index)
    return None


def _branch(st: dict[str, Claim], whole: str, parts: tuple[str, str]) -> list[Claim] | None:
    """The claims that give a branch of the total (done, or on time + late), None if unknown."""
    if whole in st:
        return [st[whole]]
    given = [st[p] for p in parts if p in st]
    return given if len(given) == len(parts) else None


def _assigned(st: dict[str, Claim], index: Mapping[int, int]) -> Finding | None:
    """assigned = done + not done + cancelled, each branch stated whole or in its parts."""
    if "assigned" not in st:
        return None
    w = st["assigned"]
    done = _branch(st, "done", ("done_on_time", "done_late"))
    not_done = _branch(st, "not_done", ("not_done_in_time", "not_done_overdue"))
    cancelled = [st["cancelled"]] if "cancelled" in st else []
    if done is None or not_done is None:
        given = [*(done or []), *(not_done or []), *cancelled] or [
            st[k] for k in ("done", "done_on_time", "done_late", "not_done", "not_done_in_time",
                            "not_done_overdue") if k in st]
        total = sum(int(c.value) for c in given)
        if given and total > w.value:
            terms = " + ".join(c.raw for c in given)
            return _finding(w, "Tổng số ≥ các phần", f"{terms} = {number(total)} > {w.raw}", UNBALANCED,
                            [w, *given], index)
        return None
    parts = [*done, *not_done, *cancelled]
    if not cancelled:
        return _gap(w, parts, index)
    return _total_with_cancelled(w, parts, cancelled[0], index)


def _total_with_cancelled(w: Claim, parts: list[Claim], cancelled: Claim, index: Mapping[int, int]) -> Finding:
    label = "Tổng số = đã hoàn thành + chưa hoàn thành + dừng thực hiện"
    total = sum(int(c.value) for c in parts)
    terms = " + ".join(c.raw for c in parts)
    if total == w.value:
        return _finding(w, label, f"{terms} = {number(total)}", OK, [w, *parts], index,
                        convention="cancelled tasks counted in the total")
    note = ""
    if total - int(cancelled.value) == w.value:
        note = (f"the total holds without the {cancelled.raw} cancelled task(s): this draft leaves them out "
                "of its total; the counting rules count them in it")
    return _finding(w, label, f"{terms} = {number(total)} ≠ {w.raw}", UNBALANCED, [w, *parts], index, note)


def _gap(w: Claim, parts: list[Claim], index: Mapping[int, int]) -> Finding:
    """assigned against done + not done when the draft gives no cancelled count."""
    label = _GAP
    total = sum(int(c.value) for c in parts)
    terms = " + ".join(c.raw for c in parts)
    if total == w.value:
        return _finding(w, label, f"{terms} = {number(total)}", OK, [w, *parts], index)
    expected = f"{terms} = {number(total)} ≠ {w.raw}"
    gap = int(w.value) - total
    if gap > 0:
        tasks = "task" if gap == 1 else "tasks"
        expected += f": {number(gap)} {tasks} unaccounted for — the draft does not mention cancelled tasks"
    return _finding(w, label, expected, UNBALANCED, [w, *parts], index)


def _gap_note(found: Finding, figures: Figures, claims: Sequence[Claim]) -> Finding:
    """A total short of done + not done: is the gap the cancelled tasks of the data?"""
    if found.claim != _GAP or found.verdict == OK:
        return found
    whole, *parts = (claims[i] for i in found.claims)
    gap = int(whole.value) - sum(int(c.value) for c in parts)
    data = _data_for(figures, found.group)
    if data is None or gap <= 0:
        return found
    cancelled = int(data.get("cancelled", 0))  # type: ignore[call-overload]
    tasks = "task" if gap == 1 else "tasks"
    if cancelled == gap:
        note = (f"the {number(gap)}-task gap is the {number(gap)} cancelled {tasks} (dừng thực hiện) "
                "in the data, which the draft does not mention")
    else:
        note = f"the data has {number(cancelled)} cancelled task(s), not {number(gap)}"
    return replace(found, note=note)


# ---- rates ------------------------------------------------------------------------------


def rate_checks(members: Sequence[Claim], index: Mapping[int, int]) -> tuple[list[Finding], list[Loose]]:
    """Each rate of a set against the counts it is a rate of."""
    by_key = stated(members)
    figures = rates.complete({k: int(c.value) for k, c in by_key.items()})
    done: list[Finding] = []
    loose: list[Loose] = []
    for rate in (c for c in members if c.key == "rate"):
        count = rate.count if rate.count is not None else figures.get(rate.of)
        involved = [by_key[rate.of]] if rate.of in by_key and rate.count is None else []
        found = check_rate(rate, count, figures, [rate, *involved], index)
        (done if isinstance(found, Finding) else loose).append(found)  # type: ignore[arg-type]
    return done, loose


def check_rate(rate: Claim, count: int | None, figures: Mapping[str, int], involved: Sequence[Claim],
               index: Mapping[int, int]) -> Finding | Loose:
    """A rate against count / base, over its stated basis or over one the figures support."""
    if count is None:
        return _not_checked(rate, f"the draft does not state the {LABELS.get(rate.of, rate.of).lower()} "
                                  "count it is a rate of")
    if rate.basis == "other":
        return _not_checked(rate, "a rate over a basis the tool does not compute (tasks with a deadline)")
    bases = rates.bases(figures, rate.of)
    tried = ({rate.basis: bases[rate.basis]} if rate.basis in bases else {}) if rate.basis \
        else rates.candidates(figures, rate.of)
    if not tried:
        return _not_checked(rate, f"its basis ({rates.BASIS_TEXT.get(rate.basis, 'which tasks it is over')}) "
                                  "is not in the draft")
    places = rates.decimals(rate.raw)
    held = {b: mode for b, base in tried.items() if (mode := rates.reading(rate.raw, count, base))}
    if held:
        basis, mode = next(iter(held.items()))
        expected = f"{number(count)} / {number(tried[basis])} = {rates.printed(count, tried[basis], places)}"
        return _finding(rate, f"{rate.label} {rates.BASIS_TEXT[basis]}", expected, OK, involved, index,
                        kind="rate", convention=f"{rates.BASIS_TEXT[basis]}, {mode}")
    readings = "; ".join(f"{number(count)} / {number(v)} = {rates.printed(count, v, places)} ({rates.BASIS_TEXT[b]})"
                         for b, v in tried.items())
    if not rate.basis and rate.of != "done":
        return _not_checked(rate, f"it names no basis, and none the draft gives makes it hold: {readings}")
    claim = f"{rate.label} {rates.BASIS_TEXT[rate.basis]}" if rate.basis else rate.label
    return _finding(rate, claim, readings, UNBALANCED, involved, index, kind="rate",
                    note=_other_basis(rate, count, bases, tried))


def _other_basis(rate: Claim, count: int, bases: Mapping[str, int], tried: Mapping[str, int]) -> str:
    for basis, base in bases.items():
        if basis not in tried and (mode := rates.reading(rate.raw, count, base)):
            return f"it holds {rates.BASIS_TEXT[basis]} ({mode}): the text names another basis"
    return ""


def _not_checked(claim: Claim, reason: str) -> Loose:
    return Loose(claim.paragraph, claim.where, claim.raw, claim.position, claim.end, claim.sentence,
                 reason, understood=True)


# ---- consistency and column totals --------------------------------------------------------


def consistency_checks(sets: Mapping[str, list[Claim]], index: Mapping[int, int]) -> list[Finding]:
    """A figure stated for one group in two places must say the same both times."""
    out = []
    for members in sets.values():
        first: dict[str, Claim] = {}
        for claim in members:
            if claim.key == "rate" or claim.derived:
                continue
            seen = first.setdefault(claim.key, claim)
            if seen is not claim and seen.paragraph != claim.paragraph:
                verdict = OK if seen.value == claim.value else INCONSISTENT
                out.append(_finding(claim, f"{claim.label}: the same figure as in {seen.where}",
                                    f"{seen.raw} ({seen.where})", verdict, [claim, seen], index,
                                    kind="consistency"))
    return out


def total_check(total: ColumnTotal, index: Mapping[int, int]) -> Finding:
    """A total row's cell = the sum of the cells above it."""
    value = sum(int(c.value) for c in total.parts)
    verdict = OK if value == total.total.value else UNBALANCED
    expected = f"sum of {len(total.parts)} rows = {number(value)}" + ("" if verdict == OK else f" ≠ {total.total.raw}")
    return _finding(total.total, f"{total.total.column}: total = {total.rows}", expected, verdict,
                    [total.total, *total.parts], index, kind="total")


# ---- against the data ---------------------------------------------------------------------


def _data_for(figures: Figures, group: str) -> dict[str, object] | None:
    """The computed figures of a group, or None when the data has no such group."""
    if group == HEADLINE:
        return dict(figures.totals)
    if group == CENTRAL:
        return dict(figures.central)
    for entry in figures.by_source:
        if entry["source"] == group:
            return entry
    for entry in figures.by_agency:
        if entry["agency"] == group:
            return entry
    return None


def _data_value(data: Mapping[str, object], key: str) -> int:
    if key == "due":
        return int(data.get("done", 0)) + int(data.get("not_done_overdue", 0))  # type: ignore[call-overload]
    return int(data.get(key, 0))  # type: ignore[call-overload]


def check_data(claims: Sequence[Claim], sets: Mapping[str, list[Claim]], figures: Figures,
               index: Mapping[int, int]) -> tuple[list[Finding], list[Loose]]:
    """Every figure of a known group against the figure computed for that group."""
    out: list[Finding] = []
    loose: list[Loose] = []
    for claim in claims:
        if set_id(claim) != claim.group:
            continue  # no known group, or a second set of figures for it: nothing to compare
        data = _data_for(figures, claim.group)
        if data is None:
            if "/" in claim.group:  # a document the data does not have
                out.append(_finding(claim, claim.label, "0", WRONG, [claim], index,
                                    note=f"the data has no task of {claim.group} in {figures.period.name}",
                                    kind="data"))
            continue
        found = _rate_data(claim, data, index) if claim.key == "rate" else _count_data(claim, data, index)
        if isinstance(found, Loose):
            loose.append(found)
        else:
            out.append(_with_hint(found, claim, figures))
    return out, loose


def _count_data(claim: Claim, data: Mapping[str, object], index: Mapping[int, int]) -> Finding:
    value = _data_value(data, claim.key)
    note = f"the label has no number of its own: read as all {claim.raw}" if claim.derived else ""
    return _finding(claim, claim.label, number(value), OK if value == claim.value else WRONG, [claim], index,
                    note=note, kind="data")


def _rate_data(claim: Claim, data: Mapping[str, object], index: Mapping[int, int]) -> Finding | Loose:
    figures = {k: _data_value(data, k) for k in ("assigned", "cancelled", "done", "not_done", "due",
                                                   "done_on_time", "done_late", "not_done_in_time",
                                                   "not_done_overdue")}
    found = check_rate(claim, figures.get(claim.of), figures, [claim], index)
    if isinstance(found, Loose):
        return found
    return Finding(found.paragraph, found.where, found.sentence, found.group, found.claim, found.stated,
                   found.expected, WRONG if found.verdict != OK else OK, found.note, found.key, found.position,
                   "data", found.end, found.convention, found.claims)


def _with_hint(found: Finding, claim: Claim, figures: Figures) -> Finding:
    return replace(found, hint=list_hint(claim, figures))


def list_hint(claim: Claim, figures: Figures) -> str:
    """The command that lists the tasks behind a figure (a rate: that breaks it down)."""
    document = "/" in claim.group
    agency = not document and claim.group not in (HEADLINE, CENTRAL)
    if claim.key not in FIGURE_KEYS:
        return _breakdown_hint(figures.period.options(), document, agency, claim.group == CENTRAL)
    where = (f" --source {claim.group}" if document else f' --agency "{claim.group}"' if agency
             else " --central" if claim.group == CENTRAL else "")
    as_of = f" --as-of {figures.as_of:%Y-%m-%d}" if figures.as_of != figures.period.end else ""
    scope = " --scope due" if figures.scope == "due" else ""
    return f"taskrollup explain {claim.key} {figures.period.options()}{as_of}{scope}{where}"


def _breakdown_hint(period: str, document: bool, agency: bool, central: bool) -> str:
    """`period`: the options that give the period again (`Period.options`)."""
    if document:
        return f"taskrollup report {period} --format xlsx (Phụ lục 02 lists its tasks)"
    if agency:
        return f"taskrollup report {period} --format xlsx (its row in Phụ lục 01)"
    if central:
        return f"taskrollup report {period} --format json (\"central\")"
    return f"taskrollup report {period} --format xlsx (Phụ lục 01 splits it by agency)"


def _unchecked(claims: Sequence[Claim], checks: Sequence[Finding], loose: Sequence[Loose]) -> list[Loose]:
    """Figures read but in no check: the draft gives nothing to check them against."""
    used = {i for c in checks for i in c.claims}
    listed = {(x.paragraph, x.position) for x in loose}
    return [_not_checked(c, NOTHING_TO_CHECK) for i, c in enumerate(claims)
            if i not in used and not c.derived and (c.paragraph, c.position) not in listed]


def group_name(group: str) -> str:
    """How a group reads in a table: 'toàn tỉnh', 'Trung ương (Quy chế 42)' or its name."""
    if not group or group.startswith("~"):
        return "(không rõ)" if not group or group == "~" else group.lstrip("~")
    return _GROUP_NAMES.get(group, group)
