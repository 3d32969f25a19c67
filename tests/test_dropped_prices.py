"""A reading no one checked at the provider cannot end the prices the KB holds, and `carried` continues them
(records/price.py, rules/prices.py): over generated histories, each snapshot's prices are those it states plus those
it carries from the undisputed snapshot before it, and the rules fire exactly when an unchecked, undisputed snapshot
repeats the input and output before it and leaves a price out, or carries what cannot be carried."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, TODAY, write_record
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generators.kb.validate import validate_kb

OTHER = {  # each price a snapshot may state beside input and output, as YAML ({n}: the snapshot's number, so each
    # snapshot's figure differs) and as the rule names it
    "cached_input": ("  cached_input: 0.02{n}\n", "cached input"),
    "cache_write": ("  cache_write: 0.3{n}\n", "cache write"),
    "batch": ("  batch:\n    input: 0.12{n}\n    output: 0.12{n}\n", "Batch"),
    "priority": ("  priority:\n    input: 0.5{n}\n    output: 0.5{n}\n", "Priority"),
    "flex": ("  flex:\n    input: 0.11{n}\n    output: 0.11{n}\n", "Flex"),
    "tiers": ("  tiers:\n  - above_tokens: 4000\n    input: 0.6{n}\n    output: 0.6{n}\n", "long-context tiers"),
}
DATES = ["2024-01-10", "2024-06-01", "2025-03-01"]

snapshot = st.fixed_dictionaries({
    "same": st.booleans(),  # input and output as in the first snapshot, or cut
    "checked": st.booleans(),
    "disputed": st.booleans(),
    "prices": st.frozensets(st.sampled_from(sorted(OTHER))),
    "carried": st.lists(st.sampled_from(sorted(OTHER)), unique=True, max_size=3),
})


def yaml_of(number: int, facts: dict[str, object]) -> str:
    price = "0.25" if facts["same"] else "0.2"
    text = f"- effective: {DATES[number]}\n  basis: observed\n"
    text += f"  checked: {DATES[number]}\n" if facts["checked"] else ""
    text += f"  input: {price}\n  output: {price}\n"
    text += "".join(OTHER[name][0].format(n=number) for name in sorted(facts["prices"]))  # type: ignore[attr-defined]
    text += f"  carried: [{', '.join(facts['carried'])}]\n" if facts["carried"] else ""  # type: ignore[arg-type]
    text += "  sources:\n  - mistral-pricing\n"
    return text + ("  disputed: another source disagrees\n" if facts["disputed"] else "")


def in_force(history: list[dict[str, object]]) -> list[dict[str, int]]:
    """Each snapshot's prices besides input and output, worked out here, each with the number of the snapshot that
    states its figure: those it states, plus those it carries that the undisputed snapshot before it has, when
    the input and output are the same."""
    found: list[dict[str, int]] = []
    before: int | None = None
    for number, facts in enumerate(history):
        own = {name: number for name in facts["prices"]}  # type: ignore[attr-defined]
        if before is not None and facts["same"] == history[before]["same"]:
            own = {**{name: found[before][name] for name in facts["carried"]  # type: ignore[attr-defined]
                      if name in found[before]}, **own}
        found.append(own)
        before = number if not facts["disputed"] else before
    return found


def figure(snapshot: object, name: str) -> object:
    """A price of a validated snapshot as the YAML above wrote it: the first figure of the field."""
    value = getattr(snapshot, name)
    value = value[0] if isinstance(value, list) else value
    return Decimal(str(value if not hasattr(value, "input") else value.input))


def written(name: str, number: int) -> Decimal:
    """The first figure OTHER writes for `name` in snapshot `number`."""
    line = next(line for line in OTHER[name][0].format(n=number).splitlines() if "0." in line)
    return Decimal(line.split(": ")[1])


def expected(history: list[dict[str, object]]) -> list[str]:
    """The rules' messages for `history`, worked out here from the facts written into it."""
    prices, found = in_force(history), []
    before: int | None = None  # the undisputed snapshot before, by its number
    for number, facts in enumerate(history):
        carried: list[str] = facts["carried"]  # type: ignore[assignment]
        if carried and (before is None or facts["same"] != history[before]["same"]):
            found.append("carried prices continue only from an undisputed snapshot before this one with the same "
                         "input and output")
        elif carried and before is not None:
            for name in carried:
                if name in facts["prices"]:  # type: ignore[operator]
                    found.append(f"{OTHER[name][1]} is both stated here and carried")
                elif name not in prices[before]:
                    found.append(f"the snapshot of {DATES[before]} states no {OTHER[name][1]} to carry")
        if facts["disputed"]:
            continue
        if before is not None and not facts["checked"] and facts["same"] == history[before]["same"]:
            gone = [OTHER[name][1] for name in OTHER if name in prices[before] and name not in prices[number]]
            if gone:
                found.append(f"this reading repeats the input and output of the snapshot of {DATES[before]} but not "
                             f"its {', '.join(gone)}; unchecked, it cannot end them")
        before = number
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(  # a disputed figure between: a carry continues the undisputed snapshot's figure, not the disputed one's
    first={"same": True, "checked": False, "disputed": False, "prices": frozenset({"cached_input"}), "carried": []},
    rest=[{"same": True, "checked": False, "disputed": True, "prices": frozenset({"cached_input"}), "carried": []},
          {"same": True, "checked": False, "disputed": False, "prices": frozenset(), "carried": ["cached_input"]}])
@given(first=snapshot.map(lambda f: {**f, "same": True, "disputed": False, "carried": []}),
       rest=st.lists(snapshot, min_size=1, max_size=2))
def test_the_rule_fires_exactly_when_an_unchecked_reading_leaves_out_a_price(
        tmp_path_factory: pytest.TempPathFactory, first: dict[str, object], rest: list[dict[str, object]]) -> None:
    root = tmp_path_factory.mktemp("dropped") / "kb"
    shutil.copytree(FIXTURE_KB, root)
    history = [first, *rest]
    body = "schema_version: 2\nid: mistral--mistral-7b\noffering: mistral--mistral-7b\nsnapshots:\n"
    write_record(root, "prices", "mistral--mistral-7b", body + "".join(yaml_of(n, f) for n, f in enumerate(history)))
    kb, issues = validate_kb(root, TODAY)
    assert sorted(issue.message for issue in issues) == sorted(expected(history))
    if not issues:
        record = kb.price_history("mistral--mistral-7b")
        assert record is not None
        assert [{name: figure(s, name) for name in OTHER if getattr(s, name) not in (None, [])}
                for s in record.snapshots] == [{name: written(name, origin) for name, origin in prices.items()}
                                               for prices in in_force(history)]


def test_a_reading_checked_at_the_provider_may_show_a_price_gone(scratch_kb: Path) -> None:
    plain = {"same": True, "disputed": False, "carried": []}
    write_record(scratch_kb, "prices", "mistral--mistral-7b", "schema_version: 2\nid: mistral--mistral-7b\n"
                 "offering: mistral--mistral-7b\nsnapshots:\n"
                 + yaml_of(0, {**plain, "checked": False, "prices": {"batch"}})
                 + yaml_of(1, {**plain, "checked": True, "prices": set()}))
    assert validate_kb(scratch_kb, TODAY)[1] == []
