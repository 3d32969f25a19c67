"""Record prose followed by the site's own words: where a full stop goes between them.

A record's note, disputed reading or author list may end a sentence itself ("…never as a current one.", "et al.");
the site's sentence after it then starts after a space, not after a second full stop. Escaping (escape.py) leaves
a text's last `.`, `!` or `?` as it is, so the same test holds for record text and for its escaped form.
"""

from __future__ import annotations

ENDS_A_SENTENCE = (".", "!", "?", "…")


def stop_after(text: str | None) -> str:
    """The full stop to write after `text` before a sentence of the site's own: none where it ends one already."""
    return "" if (text or "").rstrip().endswith(ENDS_A_SENTENCE) else "."


def sentences(*parts: str) -> str:
    """The non-empty `parts` as the sentences of one line: each but the last ended (`stop_after`), a space between."""
    kept = [part for part in parts if part]
    return " ".join([*(part + stop_after(part) for part in kept[:-1]), *kept[-1:]])
