"""Render the report context into a DOCX through a docxtpl template.

Templates run in a Jinja2 sandbox with autoescape and strict undefined names:
text with `&`, `<`, `>` renders as itself, a name the context lacks fails with a
message naming it, and a template that reaches for Python internals fails
without running anything. Characters XML forbids are removed from every string
of the context before rendering.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from taskrollup.errors import TaskrollupError

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class TemplateError(TaskrollupError):
    """A report template that cannot be rendered."""


def default_template() -> Path:
    """templates/bao-cao.docx: from the source tree, else where the package installed it."""
    in_tree = Path(__file__).resolve().parents[2] / "templates" / "bao-cao.docx"
    if in_tree.is_file():
        return in_tree
    return Path(sys.prefix) / "share" / "taskrollup" / "templates" / "bao-cao.docx"


def xml_safe(value: object) -> object:
    """The same structure with XML-forbidden characters removed from every string."""
    if isinstance(value, str):
        return _XML_FORBIDDEN.sub("", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    return value


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def render_docx(context: dict[str, object], out: Path, template: Path | None = None) -> Path:
    """Write the report to `out`; raises TemplateError with the template's name on failure."""
    from docxtpl import DocxTemplate  # imported here: docx rendering is the slow path

    source = template or default_template()
    if not Path(source).is_file():
        raise TemplateError(f"template not found: {source}")
    try:
        doc = DocxTemplate(str(source))
        doc.render(xml_safe(context), jinja_env=_environment(), autoescape=True)
        doc.save(str(out))
    except SecurityError as exc:
        raise TemplateError(f"template {Path(source).name} tries to reach Python internals: {exc}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {Path(source).name} uses an unknown variable: {exc}"
                            " (see 'taskrollup report --list-variables')") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {Path(source).name}: syntax error: {exc.message}") from exc
    except (KeyError, ValueError, OSError) as exc:
        raise TemplateError(f"template {Path(source).name} cannot be used: {exc}") from exc
    return out
