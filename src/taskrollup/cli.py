"""The command line. Each command parses options, calls one library function,
prints, and sets the exit code (0 ok, 1 findings, 2 bad input or usage).

Each command imports the library it needs when it runs: `--help` and a quick
`check` do not wait for the DOCX, XLSX and ingest machinery to load."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from taskrollup import __version__
from taskrollup.errors import TaskrollupError
from taskrollup.registry import Registry, load_registry

if TYPE_CHECKING:
    from taskrollup.periods import Window

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Roll up the monthly task sheets of a People's Committee into figures and reports.")
def _width() -> int | None:
    """A terminal sets its own width; redirected output gets room for the tables."""
    return None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 140


out = Console(width=_width())
err = Console(stderr=True)
STATE = {"debug": False}

DbOption = Annotated[Path, typer.Option("--db", envvar="TASKROLLUP_DB",
                                        help="The SQLite store (env TASKROLLUP_DB).")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
RegistryOption = Annotated[Path | None, typer.Option(
    "--registry", help="The office's agency registry (TOML), over the default one; default: [registry] file"
                       " of the settings file.")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help="Settings file (TOML; default ./taskrollup.toml): [report], [periods], [registry],"
                     " [limits], [columns].")]
PeriodOption = Annotated[str | None, typer.Option("--period", help="H1-2021, Q2-2021, 2021-06, 2021.")]
ConventionOption = Annotated[str | None, typer.Option(
    "--convention", help="The days of a named period: calendar (H1 = 01/01-30/06) or nd09 (Nghị định"
                         " 09/2019: H1 = 15/12-14/06); default: [periods] convention of the settings,"
                         " else calendar.")]
AsOfOption = Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                        help="Cut-off date (default: period end).")]
DEFAULT_DB = Path("taskrollup.db")
# What a report counts, declared once for every command that counts as `report` does (report,
# explain, verify) and read by one library call (`periods.report_window`, through `_window`).
PeriodOption = Annotated[str | None, typer.Option("--period", help="H1-2021, Q2-2021, 2021-06, 2021.")]
FromOption = Annotated[dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"],
                                                        help="Period start (with --to).")]
ToOption = Annotated[dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"],
                                                      help="Period end (with --from).")]
CutOffOption = Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                          help="Cut-off date (default: period end).")]
ScopeOption = Annotated[str, typer.Option("--scope", help="assigned (default) or due.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"taskrollup {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version.")] = False,
) -> None:
    """taskrollup: monthly task sheets -> the figures and the report of the People's Committee."""
    STATE["debug"] = debug


def _check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json")) -> None:
    if fmt not in allowed:
        raise TaskrollupError(f"--format {fmt!r}: choose one of {', '.join(allowed)}")


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Workbooks or folders of workbooks.")],
    db: DbOption = DEFAULT_DB,
    month: Annotated[str | None, typer.Option(help="Reporting month, YYYY-MM.")] = None,
    agency: Annotated[str | None, typer.Option(help="Submitting agency.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
    jobs: Annotated[int, typer.Option(min=0, help="Processes to work in; 0: one per CPU.")] = 0,
    fmt: FormatOption = "table",
) -> None:
    """Read monthly submissions into the store.

    Example: taskrollup ingest inbox/2021-06/ --db taskrollup.db
    """
    from taskrollup import views
    from taskrollup.detect import parse_month_option
    from taskrollup.ingest import ingest
    from taskrollup.reader import find_workbooks
    from taskrollup.settings import load_columns, load_limits
    from taskrollup.submission import Options

    _check_format(fmt)
    reg = _registry(registry, config)
    opts = Options(parse_month_option(month), agency, reg, load_limits(config), jobs, load_columns(config, reg))
    files = find_workbooks(paths)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=fmt == "json", auto_refresh=False) as bar:
        job = bar.add_task("Reading", total=len(files))
        report = ingest(files, db, opts, progress=lambda p: bar.update(job, advance=1, refresh=True,
                                                                        description=p.name[:40]))
    views.print_ingest(out, report, fmt)
    raise typer.Exit(report.exit_code)


@app.command("inspect")
def inspect_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Workbooks or folders of workbooks.")],
    month: Annotated[str | None, typer.Option(help="Reporting month, YYYY-MM.")] = None,
    agency: Annotated[str | None, typer.Option(help="Submitting agency.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """How workbooks would be read, sheet by sheet: the header rows, each column's field and
    why, the columns left unread, the first task rows, the rows skipped. Nothing is stored
    (exit 1 when ingest would fail a file, 2 when one cannot be read).

    Example: taskrollup inspect "inbox/2021-07/So Y te - BC thang 7.xlsx"
    """
    from taskrollup import views
    from taskrollup.detect import parse_month_option
    from taskrollup.inspection import inspect_workbook
    from taskrollup.reader import find_workbooks
    from taskrollup.settings import load_columns, load_limits
    from taskrollup.submission import Options

    _check_format(fmt)
    reg = _registry(registry, config)
    opts = Options(parse_month_option(month), agency and _agency(reg, agency), reg, load_limits(config), 1,
                   load_columns(config, reg))
    books = [inspect_workbook(path, opts) for path in find_workbooks(paths)]
    views.print_inspect(out, books, fmt)
    raise typer.Exit(max((b.exit_code for b in books), default=0))


def _registry(option: Path | None, config: Path | None) -> Registry:
    """The registry in force: the default one, with --registry or [registry] file of the settings."""
    from taskrollup.settings import registry_file

    return load_registry(registry_file(config, option))


def _agency(reg: Registry, name: str) -> str:
    found = reg.resolve(name)
    if found is None:
        raise TaskrollupError(f"--agency {name!r} is not in the agency registry")
    return found


@app.command("tasks")
def tasks_cmd(
    db: DbOption = DEFAULT_DB,
    agency: Annotated[str | None, typer.Option(help="Only this lead agency.")] = None,
    on: Annotated[dt.datetime | None, typer.Option(
        "--on", formats=["%Y-%m-%d"], help="Count each task under the agency that holds it on this day"
                                           " (the successor of one that ended), with where it came from.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Show what the store holds: submissions, rows and tasks per agency.

    Example: taskrollup tasks --db taskrollup.db --on 2025-07-01
    """
    from taskrollup import views
    from taskrollup.queries import store_summary

    _check_format(fmt)
    reg = _registry(registry, config)
    views.print_store_summary(out, store_summary(db, agency and _agency(reg, agency), _day(on), reg), fmt)


@app.command("report")
def report_cmd(
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    convention: ConventionOption = None,
    db: DbOption = DEFAULT_DB,
    as_of: CutOffOption = None,
    scope: ScopeOption = "assigned",
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, xlsx, json or table.")] = "docx",
    out_path: Annotated[Path | None, typer.Option("--out", help="Output file (docx/xlsx).")] = None,
    template: Annotated[Path | None, typer.Option(help="A DOCX template of your own.")] = None,
    config: ConfigOption = None,
    registry: RegistryOption = None,
    list_variables: Annotated[bool, typer.Option("--list-variables",
                                                 help="Print what a template may use.")] = False,
) -> None:
    """The figures of a reporting period, and the report (DOCX) or its appendices (XLSX).

    Example: taskrollup report --period H1-2021 --convention nd09 --out bao-cao.docx
    """
    from taskrollup import report, views
    from taskrollup.settings import load_convention, load_settings

    _check_format(fmt, ("docx", "xlsx", "json", "table"))
    settings = load_settings(config)
    if list_variables:
        views.print_variables(out, report.example_context(settings))
        return
    window = _window(period, start, end, as_of, scope, load_convention(config, convention))
    rep = report.build_report(db, window.period, window.as_of, window.scope, settings,
                              texts=fmt in ("docx", "xlsx"), registry=_registry(registry, config))
    if fmt == "json":
        views.emit_json(out, rep.figures.to_dict())
        return
    if fmt == "table":
        views.print_figures(out, rep.figures)
        return
    target = out_path or Path(f"bao-cao-{window.period.name}.{fmt}")
    written = (report.write_docx(rep, target, template) if fmt == "docx"
               else report.write_xlsx(rep, target, settings))
    views.print_headline(out, rep.figures, written)


@app.command("check")
def check_cmd(
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                      help="The day to check (default: today).")] = None,
    period: Annotated[str | None, typer.Option(
        "--period", help="Check as of this period's last day (H1-2021, 2021-06 ...; see --convention).")] = None,
    convention: ConventionOption = None,
    due_within: Annotated[int, typer.Option(help="Also list tasks due within N days.")] = 7,
    agency: Annotated[str | None, typer.Option(help="Only this lead agency.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this assigning document.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or xlsx.")] = "table",
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    split: Annotated[Path | None, typer.Option("--split-by-agency",
                                               help="Also write one workbook per agency here.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
) -> None:
    """Overdue tasks (exit 1 when any), tasks due soon, and data-quality findings, each task
    under the agency that holds it on the day.

    Example: taskrollup check --as-of 2021-06-30 --agency "Sở Y tế"
    """
    from taskrollup import views
    from taskrollup.periods import resolve_period
    from taskrollup.queries import check_store as store_check
    from taskrollup.settings import load_convention

    _check_format(fmt, ("table", "json", "csv", "xlsx"))
    if fmt == "xlsx" and out_path is None:
        raise TaskrollupError("--format xlsx needs --out FILE")
    day = (resolve_period(period, load_convention(config, convention), None, None, _day(as_of)).as_of
           if period else _day(as_of) or dt.date.today())
    result = store_check(db, day, due_within, agency, source, _registry(registry, config))
    if split is not None:
        from taskrollup.render_check import split_by_agency

        for path in split_by_agency(result, split):
            err.print(f"written: {path}", markup=False, highlight=False)
    if fmt == "xlsx":
        from taskrollup.render_check import to_xlsx

        to_xlsx(result, out_path)  # type: ignore[arg-type]
        err.print(f"written: {out_path}", markup=False, highlight=False)
    elif fmt == "table":
        views.print_check(out, result)
    elif fmt == "json":
        views.emit_json(out, result.to_dict(), out_path)
    else:
        from taskrollup.render_check import to_csv

        views.emit(out, to_csv(result), out_path)
    raise typer.Exit(result.exit_code)


@app.command("explain")
def explain_cmd(
    figure: Annotated[str | None, typer.Argument(
        metavar="FIGURE", help="A figure of the report: assigned, secret, done, done_on_time, done_late, not_done, "
             "not_done_in_time, not_done_overdue, extension_requested, cancelled, no_deadline.")] = None,
    task: Annotated[str | None, typer.Option("--task", help="One task id: every row it came from.")] = None,
    period: PeriodOption = None,
    start: FromOption = None,
    end: ToOption = None,
    as_of: CutOffOption = None,
    scope: ScopeOption = "assigned",
    convention: ConventionOption = None,
    central: Annotated[bool, typer.Option("--central", help="The central Government's tasks.")] = False,
    agency: Annotated[str | None, typer.Option(help="One lead agency, its row of Phụ lục 01.")] = None,
    source: Annotated[str | None, typer.Option(help="One assigning document, as by_source counts it.")] = None,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or xlsx (--task: table or json).")
                   ] = "table",
    out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
) -> None:
    """The tasks behind a figure of the report, by agency: as many as the figure says. The
    group is the report's: by default its headline (the province's tasks), --central the
    central Government's, --agency one row of Phụ lục 01, --source one document. With --task:
    one task, every row it came from and the findings on it; with a period too, what that
    report counts it as (a task the period does not count: exit 2, naming its periods).

    Example: taskrollup explain done_late --period H1-2021 --agency "Sở Tài chính"
    (one task: taskrollup explain --task 3f2a9c1d07b4 --period H1-2021)
    """
    from taskrollup import queries, views
    from taskrollup.settings import load_convention

    _check_format(fmt, ("table", "json", "csv", "xlsx") if task is None else ("table", "json"))
    convention = load_convention(config, convention)
    if fmt == "xlsx" and out_path is None:
        raise TaskrollupError("--format xlsx needs --out FILE")
    if task is not None:
        if figure or central or agency or source:
            raise TaskrollupError("--task shows one task: give it without a figure, --central, --agency or --source")
        views.print_task(out, queries.explain_task(db, task, _optional_window(period, start, end, as_of, scope,
                                                                                    convention)),
                         fmt, out_path)
        return
    if figure is None:
        raise TaskrollupError("name a figure (e.g. taskrollup explain done_late --period H1-2021) or give --task ID")
    reg = _registry(registry, config)
    group = queries.report_group(central, agency, source, reg)
    listed = queries.explain_figure(db, figure, _window(period, start, end, as_of, scope, convention), group, reg)
    if fmt == "xlsx":
        from taskrollup.render_list import write_figure_list

        err.print(f"written: {write_figure_list(listed, out_path)} ({listed.count} task(s))",  # type: ignore[arg-type]
                  markup=False, highlight=False)
        return
    views.print_explain(out, listed, fmt, out_path)


@app.command("template")
def template_cmd(
    agency: Annotated[str, typer.Option(help="The agency that will fill it.")],
    month: Annotated[str, typer.Option(help="Reporting month, YYYY-MM.")],
    out_path: Annotated[Path, typer.Option("--out", help="The workbook to write.")],
    db: DbOption = DEFAULT_DB,
    prefill: Annotated[bool, typer.Option(help="Fill in the agency's open tasks from the store.")] = False,
    registry: RegistryOption = None,
    config: ConfigOption = None,
) -> None:
    """Write the submission workbook an agency should fill for a month.

    Example: taskrollup template --agency "Sở Tài chính" --month 2021-07 --out STC-2021-07.xlsx
    """
    from taskrollup.detect import parse_month_option
    from taskrollup.queries import open_tasks
    from taskrollup.render_template import write_template
    from taskrollup.settings import load_settings

    reg = _registry(registry, config)
    name = _agency(reg, agency)
    the_month = parse_month_option(month)
    year, mon = int(the_month[:4]), int(the_month[5:])  # type: ignore[index]
    tasks = open_tasks(db, name, (year, mon), reg) if prefill else []
    write_template(out_path, name, (year, mon), tasks, f"UBND {load_settings(config).authority_line2}")
    out.print(f"written: {out_path} ({name}, {the_month}, {len(tasks)} open task(s) pre-filled)",
              markup=False, highlight=False)


@app.command("verify")
def verify_cmd(
    draft: Annotated[Path, typer.Argument(help="The draft report: .docx, .txt or .md.")],
    period: PeriodOption = None,
    convention: ConventionOption = None,
    as_of: CutOffOption = None,
    scope: ScopeOption = "assigned",
    db: DbOption = DEFAULT_DB,
    no_data: Annotated[bool, typer.Option("--no-data", help="Check only the draft's own sums.")] = False,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="Write a copy of the draft (.docx) with a Word comment on each figure "
                           "that fails and each one not understood.")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Check the figures a draft report states: its own sums, rates and tables, and against the
    store (exit 1 when any is off, or when nothing could be checked).

    Example: taskrollup verify du-thao.docx --period H1-2021 --annotate du-thao-kiem-tra.docx
    """
    from taskrollup import verify, verify_view
    from taskrollup.settings import load_convention

    _check_format(fmt)
    result = verify.verify(draft, db, period, _day(as_of), scope, use_data=not no_data,
                           convention=load_convention(config, convention), registry=_registry(registry, config))
    written = ""
    if annotate is not None:
        from taskrollup.annotate import annotate_draft

        written = annotate_draft(draft, result, annotate).message()
    verify_view.print_verify(out, result, fmt, written)
    raise typer.Exit(result.exit_code)


TaskArgument = Annotated[str, typer.Argument(help="A task id, as 'taskrollup check' prints it.")]
UndoOption = Annotated[bool, typer.Option("--undo", help="Remove this decision instead.")]


@app.command("same-task")
def same_task_cmd(first: TaskArgument, second: TaskArgument, db: DbOption = DEFAULT_DB,
                  undo: UndoOption = False) -> None:
    """Record that two tasks of one document and lead agency are one task.

    Example: taskrollup same-task 3f2a9c1d07b4 8be01c22d9f0 --db taskrollup.db
    """
    _decide("same", first, second, db, undo)


@app.command("different-task")
def different_task_cmd(first: TaskArgument, second: TaskArgument, db: DbOption = DEFAULT_DB,
                       undo: UndoOption = False) -> None:
    """Record that two tasks (or two texts of one task) are two tasks.

    Example: taskrollup different-task 3f2a9c1d07b4 8be01c22d9f0 --db taskrollup.db
    """
    _decide("different", first, second, db, undo)


def _decide(kind: str, first: str, second: str, db: Path, undo: bool) -> None:
    from taskrollup.decide import decide
    from taskrollup.decision_view import print_outcome

    print_outcome(out, decide(db, kind, first, second, undo))


@app.command("decisions")
def decisions_cmd(db: DbOption = DEFAULT_DB,
                  fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
                  out_path: Annotated[Path | None, typer.Option("--out", help="Write to this file.")] = None,
                  ) -> None:
    """List the office's decisions on task identity, and whether the tasks follow each (exit 1
    when one is not followed).

    Example: taskrollup decisions --db taskrollup.db --format csv --out quyet-dinh.csv
    """
    from taskrollup.decide import review
    from taskrollup.decision_view import print_review

    _check_format(fmt, ("table", "json", "csv"))
    found = review(db)
    print_review(out, found, fmt, out_path)
    raise typer.Exit(1 if any(not s.followed for s in found) else 0)
@app.command("agencies")
def agencies_cmd(
    on: Annotated[dt.datetime | None, typer.Option("--on", formats=["%Y-%m-%d"],
                                                   help="The day (default: today).")] = None,
    check: Annotated[Path | None, typer.Option(
        "--check", help="Instead, check an office's registry file: each fault with its line"
                        " (exit 1 when any, 2 when it cannot be read).")] = None,
    registry: RegistryOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = "table",
) -> None:
    """The agency registry in force on a day: each agency's name, abbreviations and dates, then
    the agencies that had ended by then and who holds their open tasks.

    Example: taskrollup agencies --on 2025-07-01 --registry co-quan.toml
    """
    from taskrollup import agencies, views

    _check_format(fmt)
    if check is not None:
        result = agencies.check_file(check)
        views.print_registry_check(out, result, fmt)
        raise typer.Exit(result.exit_code)
    views.print_agencies(out, agencies.listing(_registry(registry, config), _day(on) or dt.date.today()), fmt)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _window(period: str | None, start: dt.datetime | None, end: dt.datetime | None,
            as_of: dt.datetime | None, scope: str, convention: str | None = None) -> Window:
    """The period, cut-off and scope of report's options (see PeriodOption), under `convention`."""
    from taskrollup.periods import report_window

    return report_window(period, _day(start), _day(end), _day(as_of), scope, convention)


def _optional_window(period: str | None, start: dt.datetime | None, end: dt.datetime | None,
                     as_of: dt.datetime | None, scope: str, convention: str | None = None) -> Window | None:
    """As `_window`, None when no period is given."""
    from taskrollup.periods import optional_window

    return optional_window(period, _day(start), _day(end), _day(as_of), scope, convention)


def main() -> None:
    """Entry point: run the app; a domain error is one line and exit code 2."""
    try:
        app()
    except TaskrollupError as exc:
        if STATE["debug"] or os.environ.get("TASKROLLUP_DEBUG"):
            raise
        err.print(f"Error: {exc}", markup=False, highlight=False)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("Aborted.")
        raise SystemExit(130) from None
