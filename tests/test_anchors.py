"""anchors.Anchors: the links every generated table row repeats. Record text (a model's or provider's name, an API
id) must show as exactly that text inside one link, and the link must lead where the page's way back to the root
says, whatever the text holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_text import TEXT, dom

from generators.escape import one_line
from generators.kb.records import Model, Offering, Provider
from generators.site.anchors import Anchors
from generators.site.urls import Urls


def anchors(root: str) -> Anchors:
    return Anchors(Urls(None, root))  # type: ignore[arg-type]  # the links read no record through the KB


def test_each_link_is_the_markup_the_tables_always_wrote() -> None:
    model = Model.model_construct(id="gpt-4o", name="GPT-4o <b>&")
    provider = Provider.model_construct(id="openai", name="OpenAI \"US\"")
    offering = Offering.model_construct(id="openai--gpt-4o", model="gpt-4o", provider="openai",
                                        api_ids=["gpt-4o<x>", "gpt-4o-2024-08-06"])
    links = anchors("../")
    assert links.model(model) == '<a href="../models/gpt-4o.html">GPT-4o &lt;b&gt;&amp;</a>'
    assert links.provider(provider) == '<a href="../providers/openai.html">OpenAI "US"</a>'
    assert links.api(offering) == ('<a href="../models/gpt-4o.html#offering-openai--gpt-4o"><code>gpt-4o&lt;x&gt;'
                                   '</code></a>')
    assert anchors("").model(model).startswith('<a href="models/gpt-4o.html">')


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["", "../", "../../"]))
def test_record_text_stays_the_text_of_one_link(text: str, root: str) -> None:
    links = anchors(root)
    for html, href, tags in (
            (links.model(Model.model_construct(id="m", name=text)), f"{root}models/m.html", ["a"]),
            (links.provider(Provider.model_construct(id="p", name=text)), f"{root}providers/p.html", ["a"]),
            (links.api(Offering.model_construct(id="p--m", model="m", provider="p", api_ids=[text])),
             f"{root}models/m.html#offering-p--m", ["a", "code"])):
        page = dom(html)
        assert page.tags == tags and page.attributes == [("href", href)]
        assert "".join(page.text) == one_line(text)


def test_a_link_asked_again_is_the_same_and_a_renamed_record_shows_its_new_name() -> None:
    links = anchors("../")  # one page's links: it keeps each one it made
    assert links.model(Model.model_construct(id="m", name="Old")) == '<a href="../models/m.html">Old</a>'
    assert links.model(Model.model_construct(id="m", name="Old")) == '<a href="../models/m.html">Old</a>'
    assert links.model(Model.model_construct(id="m", name="New")) == '<a href="../models/m.html">New</a>'
    assert links.provider(Provider.model_construct(id="m", name="Old")) == '<a href="../providers/m.html">Old</a>'
    assert links.record("benchmarks", "m", "Old") == '<a href="../benchmarks/m.html">Old</a>'


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["models", "providers", "attention", "sources"]),
                          st.sampled_from(["a", "b"]), st.sampled_from(["A", "B", "<A>"])), max_size=12),
       st.sampled_from(["", "../"]))
def test_a_page_asking_for_the_same_links_again_gets_what_a_fresh_page_would(
        asked: list[tuple[str, str, str]], root: str) -> None:
    links = anchors(root)
    for kind, record_id, name in asked:
        assert links.record(kind, record_id, name) == anchors(root).record(kind, record_id, name)
