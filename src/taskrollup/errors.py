"""Domain exceptions. The CLI turns each into one line `Error: <message>`."""

from __future__ import annotations

from taskrollup import problems


class TaskrollupError(Exception):
    """Base of every error the tool reports to its user."""

    exit_code = 2


class UsageError(TaskrollupError):
    """Options that do not make sense together, a bad period, a missing --month."""


class DecisionError(TaskrollupError):
    """A decision on task identity that cannot be recorded or read: an unknown task, two
    documents or lead agencies, a malformed decisions file."""


class InputFileError(TaskrollupError):
    """A workbook that cannot be read at all (corrupt, not Excel, no task table)."""

    def __init__(self, path: str, message: str, sheet: str | None = None) -> None:
        self.path = path
        self.sheet = sheet
        where = f"{path}" + (f", sheet '{sheet}'" if sheet else "")
        super().__init__(f"{where}: {message}")


class ValueParseError(TaskrollupError, ValueError):
    """One cell value that cannot be read (a date, a status, a document number).

    Raised by the pure normalisers with the problem's code and fields (`problem`, see
    `problems`) and no place: `normalise` adds the column when it records the problem on
    the row, and ingest the file, sheet and row when it prints it.
    """

    def __init__(self, code: str, **fields: object) -> None:
        self.problem: problems.Problem = {"code": code, **fields}
        super().__init__(problems.words(self.problem))

    def __reduce__(self) -> tuple[object, ...]:  # rebuilt whole from a pickle (a forked helper)
        return _value_parse_error, (self.problem,)


def _value_parse_error(problem: problems.Problem) -> ValueParseError:
    return ValueParseError(**problem)  # type: ignore[arg-type]


class StoreError(TaskrollupError):
    """The store is missing, locked beyond the wait, or from another version."""


class TaskIdClash(TaskrollupError):
    """Two different tasks were given the same id (48 bits of a hash: about one chance in
    50.000 for a store of 100.000 tasks). The tasks are not updated rather than two merged."""

    def __init__(self, task_id: str, first: str = "", second: str = "") -> None:
        super().__init__(task_id, first, second)  # rebuilt whole from a pickle (a forked helper)

    def __str__(self) -> str:
        task_id, first, second = self.args
        which = f" ({first}; {second})" if first and second else ""
        return (f"two different tasks were given the same task id {task_id}{which}: the files were"
                " stored, but the tasks were not updated, so reports show them as of the last"
                " complete ingest; please report this")


class UnknownFigure(UsageError):
    """A figure name the report does not have; the message lists the ones it has."""

    def __init__(self, name: str, names: list[str]) -> None:
        super().__init__(f"no figure {name!r}; the report's figures: {', '.join(names)}")


class UnknownTask(UsageError):
    """A task id the store does not hold."""

    def __init__(self, task_id: str) -> None:
        super().__init__(f"no task {task_id!r} in the store (a task id is the 12 characters "
                         "explain, check --format json and the report's task list show)")


class TaskOutsidePeriod(UsageError):
    """A task the store holds but the report asked about does not count: the message says
    which periods it belongs to."""
