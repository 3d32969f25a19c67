"""template_output: how the site's templates write a value. `written` must give exactly what markupsafe.escape gives
for every value (text, numbers, dates, Markup, a Markup subclass, an object with its own __html__), handing a Markup
back as it is; and the site's templates must write through it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import Markup, escape

from generators.site import render
from generators.site.template_output import SiteTemplate, escaped_text, publicly_escaped, written


class Loud(Markup):
    """A Markup subclass whose __html__ is its own: markupsafe.escape asks it, so `written` must too."""

    def __html__(self) -> Markup:
        return Markup(f"<b>{self!s}</b>")


class Shown:
    def __init__(self, text: str) -> None:
        self.text = text

    def __html__(self) -> str:
        return f"<i>{self.text}</i>"


texts = st.text(st.one_of(st.sampled_from("&<>'\""), st.characters()), max_size=30)  # what escape changes, often
VALUES = st.one_of(texts, texts.map(Markup), texts.map(escape), texts.map(Loud), texts.map(Shown),
                   st.integers(), st.decimals(allow_nan=False, allow_infinity=False), st.dates(), st.none(),
                   st.booleans(), st.floats(allow_nan=False))


@given(VALUES)
def test_a_value_is_written_as_markupsafe_escapes_it(value: object) -> None:
    assert written(value) == escape(value)
    assert type(written(value)) is Markup


@given(st.text())
def test_the_text_escaped_is_the_text_escape_gives_by_either_way(text: str) -> None:
    assert escaped_text(text) == publicly_escaped(text) == str(escape(text))


@given(texts)
def test_markup_is_handed_back_as_it_is(text: str) -> None:
    already = Markup(text)
    assert written(already) is already
    assert written(Loud(text)) == f"<b>{text}</b>"  # a subclass still goes through its own __html__


@pytest.mark.parametrize("value, shown", [("a < b & \"c\"", "a &lt; b &amp; &#34;c&#34;"), (3, "3"),
                                          (Decimal("1.50"), "1.50"), (datetime.date(2026, 12, 7), "2026-12-07"),
                                          (Markup("<br>"), "<br>")])
def test_the_site_templates_write_through_it(value: object, shown: str) -> None:
    template = render.environment().from_string("[{{ v }}]")
    assert isinstance(template, SiteTemplate)
    assert template.root_render_func.__globals__["escape"] is written
    assert template.render(v=value) == f"[{shown}]"
    # a page template as loaded from the package, through the loader and its bytecode cache
    assert render.environment().get_template("model.md.j2").root_render_func.__globals__["escape"] is written


def test_a_jinja2_that_no_longer_names_markupsafes_escape_is_refused() -> None:
    env = Environment(autoescape=True)
    with pytest.raises(RuntimeError, match=r"template_output\.SiteTemplate needs updating"):
        SiteTemplate._from_namespace(env, {"escape": lambda value: value}, {})
