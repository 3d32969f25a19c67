"""Escaping, one function per output context. Record text is hostile: it reaches output only through these.

Every function takes record text and returns text that, placed in its context, shows exactly that text and
nothing else (no element, attribute, link, emphasis, shell expansion or statement comes from it). A leaf module:
it imports nothing of the project, so every stage (site pages, snippets, feeds, reports) uses the same escapes.
"""

from __future__ import annotations

import functools
import json
import re

from markupsafe import Markup

# Python-Markdown's escapable characters (`+`, `-`, `.` matter only at a line start, handled below).
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#!|])")
LINE_START = re.compile(r"^([-+.>=]|\d+\.)")
LINE_START_ESCAPES = {"=": "&#61;"}
"""Python-Markdown has no backslash escape for `=` (it would show the backslash): an entity instead."""


# C0/C1 controls (tab and newline aside), bidi overrides and isolates, and line/paragraph separators: characters
# that reorder, hide or break what a reader sees, or that XML 1.0 does not allow.
INVISIBLE_CHARACTERS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff"
"""A regular-expression character class body; record validation refuses these in free text (tab and newline
aside), so what validates is shown exactly as written."""
INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
# What YAML (PyYAML) does not read back unchanged in a double-quoted scalar: its non-printable characters and NEL,
# which it folds as a line break.
NOT_YAML_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def visible(text: str) -> str:
    """Text without the characters that could reorder or hide what surrounds it."""
    return INVISIBLE.sub("\ufffd", text)


@functools.lru_cache(maxsize=1 << 16)  # a page names the same models and providers in thousands of cells
def one_line(text: str) -> str:
    """Text for a place that must stay one line (a code comment, a tab title): whitespace runs become a space."""
    return " ".join(visible(text).split())


def code_comment(text: object) -> str:
    """Text after `#` in Python or shell: one line, so nothing after a newline can become a statement."""
    return one_line(str(text))


def shell_double_quoted(text: str) -> str:
    """A URL inside a double-quoted shell word, also as the default of `"${VAR:-...}"`: `$`, backquote, `"`,
    backslash and `}` lose their meaning. bash cannot hold a single quote in that default at all, so it is
    percent-encoded (`%27`, the same URL)."""
    return "".join("\\" + c if c in '$`"\\}' else "%27" if c == "'" else c for c in one_line(text))


def yaml_double_quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (front matter): JSON's escapes are YAML's, and characters
    YAML will not read raw are escaped; astral characters such as emoji stay as written, since PyYAML does not
    join JSON's surrogate-pair escapes."""
    quoted = json.dumps(text, ensure_ascii=False)
    return NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def xml_text(text: str) -> str:
    """Text ElementTree can write as well-formed XML 1.0 (it escapes markup, not forbidden characters)."""
    return visible(text)


def html_text(text: str) -> str:
    """Entities for the three characters that can open markup; quotes are harmless in text and left alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_attribute(text: str) -> str:
    """Text for a double-quoted HTML (or SVG) attribute value."""
    return html_text(text).replace('"', "&quot;").replace("'", "&#x27;")


def md(value: object) -> Markup:
    """Text from a record, safe to place anywhere in Markdown or HTML: it renders exactly as written."""
    if value is None:
        return Markup("")
    text = one_line(str(value))
    text = html_text(text)  # before the escapes below, so no entity's `#` gets escaped
    text = MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = LINE_START.sub(lambda m: m.group(1)[:-1] + LINE_START_ESCAPES.get(m.group(1)[-1], "\\" + m.group(1)[-1]),
                          text)
    return Markup(text)


def code_span(value: object) -> Markup:
    """Record text as inline code on a Markdown page: a `<code>` element holding the text as `md` escapes it, the
    same HTML a backtick code span gives. Not a backtick span: Python-Markdown runs an HTML parser over the raw
    page before it finds code spans, so a span's text reaches that parser unescaped, and `&#` without digits in it
    makes the parser lose a later inline tag and whatever follows (a provider's page dropped half its sections)."""
    return Markup(f"<code>{md(value)}</code>")


def html_cell(value: object) -> Markup:
    """Record text for a raw-HTML element's content (our generated tables): escaped, on one line, so no blank line
    can end the HTML block Markdown stashes."""
    return Markup("" if value is None else html_text(one_line(str(value))))


def html_attr(value: object) -> Markup:
    """Record text for a double-quoted attribute of a raw-HTML element."""
    return Markup("" if value is None else html_attribute(one_line(str(value))))


__all__ = ["code_comment", "code_span", "html_attr", "html_attribute", "html_cell", "html_text", "md", "one_line",
           "shell_double_quoted", "visible", "xml_text", "yaml_double_quoted"]


def md_code(value: object, table: bool = False) -> str:
    """Any text as one GitHub-Markdown code span (pull-request comments, issue bodies, step summaries): one line
    (a newline shows as ⏎, so nothing after it can start a heading or a list), fenced by more backticks than any
    run inside it, so a backtick in a file name cannot close it early. Inside a code span no link, image, mention,
    autolink or HTML is made. In a table cell `|` is escaped too (GFM splits cells before reading code spans)."""
    text = visible(str(value)).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") or not text else ""
    span = f"{fence}{pad}{text}{pad}{fence}"
    return span.replace("|", "\\|") if table else span


def terminal_char(char: str) -> str:
    """One character as a terminal should show it: itself when printable, else its escape `\\uXXXX` (`\\UXXXXXXXX`
    beyond). Python's printable leaves out controls, format characters (bidi overrides, zero-width, BOM), separators
    other than space, surrogates, private-use and unassigned code points."""
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def terminal(text: str) -> str:
    """One line of terminal-safe text (every report and message printed to a terminal): line breaks as spaces,
    every other non-printable or format character (ESC, C1 controls, bidi overrides) escaped by `terminal_char`, so
    a feed's or a record's text cannot move the cursor, recolour, or reorder what surrounds it."""
    text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if text.isascii() and text.isprintable():
        return text
    return "".join(map(terminal_char, text))


GITHUB_SPECIAL = re.compile(r"([\\`*_\[\]|~@#])")
AUTOLINK_START = re.compile(r"(?i)(://|www\.)")
"""Where GitHub's autolinker starts a link in plain text (a scheme's `://`, a bare `www.`); `@` is escaped above."""
DOMAIN_DOT = re.compile(r"(?<=\w)\.(?=\w)")
"""A dot inside a word, as in a bare domain (`evil.com`), which fuzzier autolinkers than GitHub's link."""


def github_text(text: str) -> str:
    """Upstream text as prose in GitHub Markdown (the freshness issue, the refresh pull request, step summaries): one
    terminal-safe line, trimmed, HTML escaped, Markdown punctuation backslashed (no emphasis, link, table cell or
    @-mention), a leading block marker (`-`, `+`, `=`, `1.`) escaped, and the autolinker's triggers split by a
    backslash, so a bare URL from an error body stays text, not a link."""
    text = terminal(text).strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = GITHUB_SPECIAL.sub(r"\\\1", text)
    # a leading list, quote, heading-underline or ordered-list marker would start a block where the text is placed
    text = re.sub(r"^([-+=]|\d+[.)])", lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)
    text = AUTOLINK_START.sub(lambda m: "\\:" + "//" if m.group(1) == "://" else m.group(1)[:3] + "\\.", text)
    return DOMAIN_DOT.sub(r"\\.", text)


def workflow_message(text: str) -> str:
    """A GitHub workflow command's message: one terminal-safe line, `%` encoded so no `%0A` starts a new command."""
    return terminal(text).replace("%", "%25")


def workflow_property(text: str) -> str:
    """A workflow command's property value (file=, title=): also `:` and `,`, which end a property."""
    return workflow_message(text).replace(":", "%3A").replace(",", "%2C")
