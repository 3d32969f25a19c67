"""How the site's templates write an expression's value: escaped as markupsafe.escape escapes it, without copying
what is markup already.

Under autoescape, jinja2 compiles every `{{ value }}` into a call of the name `escape` in the template's module,
markupsafe.escape. Given a Markup, that calls `__html__` and builds a second Markup of the same text. The site's
filters, macros, links and citations all return Markup, and each one a template wrote was copied for nothing (at
catalogue scale the templates still write about 67,000 a build, beside 318,000 other values). `written` hands a
Markup back as it is (the same text `escape` would give); every other value, a Markup subclass included, still goes
through markupsafe.escape.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup, escape


def written(value: object) -> Markup:
    """markupsafe.escape(value), with a Markup returned as it is."""
    if type(value) is Markup:
        return value
    return escape(value)


class SiteTemplate(Template):
    """A template whose compiled code escapes each value it writes with `written`."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> Template:
        # Both ways jinja2 makes a template (from code, from a module) pass through here with the module's names.
        if namespace.get("escape") is not escape:
            raise RuntimeError("jinja2's compiled templates no longer import markupsafe's escape as `escape`: "
                               "template_output.SiteTemplate needs updating to this jinja2 version")
        namespace["escape"] = written
        return super()._from_namespace(environment, namespace, globals)
