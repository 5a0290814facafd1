"""The columns of the rows and of the derived tables, shared by the stage that computes them
and the store that keeps them (a module of names only: importing it loads nothing else)."""

from __future__ import annotations

# A sheet row's fields, as `normalise` reads them and the store keeps them ("problems": the
# row's problems, a tuple of `problems.Problem`, empty for a clean row).
ROW_FIELDS = [
    "sheet", "row", "source_id", "assigned_on", "content", "content_key", "agency",
    "coordinators", "deadline", "no_deadline", "extended_deadline", "state", "timing",
    "extension_requested", "completed_on", "cancelled_on", "secret", "is_lead", "problems",
]
TASK_COLUMNS = [
    "task_id", "source_id", "authority", "agency", "content", "assigned_on", "deadline",
    "extended_deadline", "effective_deadline", "no_deadline", "state", "timing",
    "extension_requested", "completed_on", "completed_derived", "cancelled_on", "secret",
    "row_count", "status_row_id",
]
# The long texts of a task: only listings and documents show them.
TASK_TEXTS = ("content",)
# The yes/no fields of a task, and of a stored row.
TASK_FLAGS = ("no_deadline", "extension_requested", "completed_derived", "secret")
ROW_FLAGS = ("no_deadline", "extension_requested", "secret", "is_lead")
# A data-quality finding: its kind, the values its message names ("detail", a dict; the
# message is made when it is shown, `quality.message`), and the row it names.
FINDING_COLUMNS = ["kind", "detail", "file", "sheet", "row", "agency", "task_id"]
# A pair of tasks of one document and lead agency that may be one task (dedupe), and as
# stored: with each task's text as listings show it (secret ones masked).
PAIR_COLUMNS = ["source_id", "agency", "task_a", "task_b", "differing", "shared", "reason"]
STORED_PAIR_COLUMNS = [*PAIR_COLUMNS, "text_a", "text_b"]
