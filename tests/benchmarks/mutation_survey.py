"""Mutation survey: break the logic readers depend on, one small change at a time, and count what the suite kills.

Run from the repository: `python tests/benchmarks/mutation_survey.py` (add `--only N` for one mutation). Each
mutation is applied to a copy of the repository in a temporary folder (the working tree is never touched), and
the test files that judge that code run against the copy; a mutation is killed when any of them fails. Prints one
line per mutation and the kill count. Not part of `make test`: it takes minutes and measures the suite itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Mutation:
    label: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


CURRENT = "generators/kb/current.py"
M = Mutation
MUTATIONS = [
    M("live: an offering retiring today is still live", CURRENT, "return retires is not None and retires <= on",
      "return retires is not None and retires < on", ("test_current.py", "test_retiring.py")),
    M("model status: retired unless every offering is live", CURRENT, "    if not live:\n",
      "    if len(live) < len(offerings):\n", ("test_boundaries.py", "test_current.py", "test_site.py")),
    M("model status: retiring when any live offering retires", CURRENT,
      "all(retiring_within(o, on) for o in live)", "any(retiring_within(o, on) for o in live)",
      ("test_boundaries.py", "test_current.py", "test_retiring.py")),
    M("fits: a prompt filling the window exactly does not fit", CURRENT,
      "if input_tokens + output_tokens > window.value:", "if input_tokens + output_tokens >= window.value:",
      ("test_boundaries.py", "test_current.py", "test_choose.py", "test_site.py")),
    M("fits: output at the limit does not fit", CURRENT, "output_tokens > most.value:", "output_tokens >= most.value:",
      ("test_boundaries.py", "test_current.py", "test_choose.py", "test_site.py")),
    M("retiring within: the last day of the window excluded", CURRENT,
      "retires <= on + datetime.timedelta(days=days)", "retires < on + datetime.timedelta(days=days)",
      ("test_current.py", "test_retiring.py")),
    M("snapshot in force: one effective today is not yet in force", "generators/kb/records/price.py",
      "s.effective <= on]", "s.effective < on]", ("test_current.py", "test_history.py", "test_price_date.py")),
    M("snapshot in force: disputed snapshots count", "generators/kb/records/price.py",
      "return [s for s in self.snapshots if s.disputed is None]", "return list(self.snapshots)",
      ("test_current.py", "test_history.py", "test_undisputed.py")),
    M("changelog: the build day's events dropped", "generators/site/changelog.py", "e.date <= today]",
      "e.date < today]", ("test_boundaries.py", "test_site.py", "test_feeds.py")),
    M("stale price: exactly the limit is stale", "generators/live/check.py",
      "(today - check.checked).days > stale_days", "(today - check.checked).days >= stale_days",
      ("test_boundaries.py", "test_check.py")),
    M("retiring soon: the last day of the window excluded", CURRENT,
      "retires <= on + datetime.timedelta(days=days)", "retires < on + datetime.timedelta(days=days)",
      ("test_check.py", "test_retiring.py")),
    M("units: a float price read through float arithmetic", "generators/kb/units.py",
      "Decimal(repr(value) if isinstance(value, float) else str(value).strip())",
      "Decimal(value) if isinstance(value, float) else Decimal(str(value).strip())",
      ("test_boundaries.py", "test_interop.py", "test_import_into.py", "test_units_usd.py")),
    M("matching: an alias listed just within 30 days is another model", "generators/live/matching.py",
      "if listed >= model.released - OLDER_BY:", "if listed > model.released - OLDER_BY:",
      ("test_boundaries.py", "test_refresh.py")),
    M("drift: exactly the threshold counts as drift", "generators/live/aggregator.py",
      "abs(change) > decimal(threshold)", "abs(change) >= decimal(threshold)",
      ("test_boundaries.py", "test_check.py", "test_live_hardening.py")),
    M("drift: higher and lower swapped", "generators/live/aggregator.py", "'higher' if change > 0 else 'lower'",
      "'lower' if change > 0 else 'higher'", ("test_check.py", "test_live_hardening.py", "test_endpoints.py")),
    M("refresh: a price already observed today is observed again", "generators/live/refresh.py",
      "snapshot.effective < as_of:", "snapshot.effective <= as_of:", ("test_boundaries.py", "test_refresh.py")),
    M("best now: a claim published on the day does not count", "generators/kb/best_now.py", "and c.date <= on)",
      "and c.date < on)", ("test_best_now.py",)),
    M("best now: a model exactly a year old is not current", "generators/kb/best_now.py",
      "on - GENERATION <= m.released", "on - GENERATION < m.released", ("test_best_now.py",)),
    M("price date: 'since' for an observed price", "generators/site/numbers.py", 'if basis == "effective"',
      'if basis in ("effective", "observed")', ("test_price_date.py", "test_site.py")),
    M("escape: & left raw in HTML", "generators/escape.py", 'text.replace("&", "&amp;")', "text",
      ("test_boundaries.py", "test_hostile_text.py", "test_markdown_sink.py")),
    M("url: a backtick allowed", "generators/kb/records/base.py", 'bad = next((c for n, c in enumerate(rest)',
      'bad = next((c for n, c in enumerate(rest.replace("`", ""))', ("test_boundaries.py", "test_url_query.py")),
    M("diff: the change measured against a disputed price", "generators/kb/diff.py",
      'undisputed = [s for s in new_snaps if not s.get("disputed")]', "undisputed = list(new_snaps)",
      ("test_boundaries.py", "test_history.py")),
    M("redaction: the JSON-escaped key not redacted", "generators/live/upstream.py",
      r'''\r\t'} | {"/": "\\/"}''', r'''\r\t'}''', ("test_redaction.py",)),
    M("feed shape: a list accepted as LiteLLM's mode", "generators/interop/feed_shapes.py", "    mode: str\n",
      "    mode: object\n", ("test_feed_shapes.py",)),
    M("output file: a link into the KB followed", "generators/kb/files.py",
      "if target.is_relative_to(kb_root.resolve()):", "if out.is_relative_to(kb_root):", ("test_output_files.py",)),
    M("migrate: files written though one failed", "generators/kb/migrate.py",
      "if write and writes and not any(o.error for o in outcomes):", "if write and writes:", ("test_history.py",)),
    M("pareto: a tie in score joins the front", "generators/kb/ranking.py", "score(item) > top:", "score(item) >= top:",
      ("test_choose.py", "test_ranking.py")),
    M("cost: a prompt exactly at a tier threshold billed at the tier", "generators/kb/costs.py",
      "if input_tokens > tier.above_tokens:", "if input_tokens >= tier.above_tokens:",
      ("test_choose.py", "test_current.py", "test_site.py")),
    M("endpoints: a listed id reaches another path", "generators/live/dialects/openrouter.py",
      "model=f\"{quote(author, safe='')}/{quote(slug, safe='')}\")", "model=model_id)", ("test_endpoints.py",)),
    M("snippets: the Bedrock model id not encoded in the path", "generators/live/templates/curl_bedrock.sh.j2",
      "api_id|urlpath|dq", "api_id|dq", ("test_boundaries.py", "test_snippets.py")),
    # Survivors of the second audit (issue 24), and the rules of the hostile-input and reader issues since.
    M("workload row: the newest snapshot, not the one in force on the report's date", "generators/site/summary_rows.py",
      "snapshot = history.current(reported.as_of) if history else None",
      "snapshot = history.snapshots[-1] if history else None", ("test_in_force.py", "test_site.py")),
    M("live check: its own copy of live (status only)", "generators/live/aggregator.py",
      "current is not None and is_live(offering, today):",
      "current is not None and offering.lifecycle.status != 'retired':", ("test_in_force.py", "test_check.py")),
    M("OpenRouter import: an expiry on the feed's day is a deprecation", "generators/interop/openrouter.py",
      '"retired" if has_retired(day, as_of) else "deprecated"', '"retired" if day < as_of else "deprecated"',
      ("test_interop.py", "test_import_observes.py", "test_boundaries.py")),
    M("LiteLLM import: a deprecation on the feed's day leaves it active", "generators/interop/litellm.py",
      '"retired" if has_retired(day, as_of) else "active"', '"retired" if day < as_of else "active"',
      ("test_interop.py", "test_import_observes.py", "test_boundaries.py")),
    M("live: an offering is live before it was announced", "generators/kb/current.py",
      "announced = cycle.announced is None or cycle.announced <= on", "announced = True", ("test_retiring.py",)),
    M("offering status: retiring 91 days ahead", "generators/kb/current.py",
      "    if retiring_within(offering, on):\n", "    if retiring_within(offering, on, RETIRING_SOON_DAYS + 1):\n",
      ("test_retiring.py",)),
    M("offering status: not yet announced on the day of its announcement", CURRENT,
      "if cycle.announced is not None and cycle.announced > on:",
      "if cycle.announced is not None and cycle.announced >= on:", ("test_retiring.py",)),
    M("page cache: a kept value's reads not noted again on use", "generators/site/pages.py",
      "        reads.replay(made)\n", "", ("test_page_cache.py",)),
    M("page cache: price reads not noted", "generators/kb/link.py", '        reads.note("price", offering_id)\n', "",
      ("test_page_cache.py",)),
    M("incremental link check: cached pages read again", "generators/site/build.py",
      "check_links(staging, base_path, jobs, known, Since(", "check_links(staging, base_path, jobs, None, Since(",
      ("test_incremental.py",)),
    M("incremental link check: a file gone since the cached build not noticed", "generators/site/linkcheck.py",
      "if files_in(self.site.resolve()) - {ignored} <= files:", "if True:",
      ("test_incremental.py",)),
    M("incremental link check: kept pages' links into rewritten pages not checked", "generators/site/linkcheck.py",
      "yield page, [target for target in targets if last_segment(target) in names]", "yield page, []",
      ("test_incremental.py", "test_link_check_since.py")),
    M("Choose page: a retirement on the month's last day is outside it", "generators/site/assets/choose.js",
      "c.o.retires <= addDays(", "c.o.retires < addDays(", ("test_choose_browser.py",)),
    M("kb diff: an unreadable head passes the gate", "generators/kb/diff.py",
      '(diff.errors if which == "head" and old is not None else diff.unreadable)', "diff.unreadable",
      ("test_history.py", "test_hostile_input.py")),
    M("redaction: only the exact encodings of a key", "generators/live/upstream.py",
      "text = secret_pattern(secret).sub(\"***\", text)", "text = text.replace(secret, \"***\")",
      ("test_redaction.py",)),
    M("provider page: a retired offering shows its last price", "generators/site/record_pages.py",
      "current=priced.snapshot if (priced := current.priced_if_live(kb, offering, today))\n        else None,",
      "current=current.current_price(kb, offering, today),", ("test_retiring.py",)),
    M("price check: a later reading of an unchanged price loses the earlier check", "generators/kb/records/price.py",
      "            if earlier.checked:\n                return earlier",
      "            if earlier.checked and earlier is snapshot:\n                return earlier",
      ("test_price_check.py", "test_landscape.py")),
    M("dropped prices: a host's reading may end the cached price", "generators/kb/rules/prices.py",
      "if previous is None or snapshot.checked or", "if previous is None or True or",
      ("test_dropped_prices.py", "test_broken_records.py")),
    M("carried prices: carried from a disputed snapshot", "generators/kb/records/price.py",
      'if isinstance(raw, dict) and raw.get("disputed") is None:\n                before = raw',
      "if isinstance(raw, dict):\n                before = raw", ("test_dropped_prices.py", "test_carried_prices.py")),
    M("parse cache: the same text in another kind folder parses as the first kind", "generators/kb/parse_cache.py",
      'f"{kind}\\0{text}"', 'f"{text}"', ("test_parse_cache.py",)),
    M("price check: a tier's threshold may move under a check", "generators/kb/records/price.py",
      "return isinstance(later, list) and len(later) == len(earlier) and all(",
      "return isinstance(later, list) and len(later) == len(earlier) and True or all(", ("test_price_check.py",)),
    M("import: a feed that changes a checked price is not disputed", "generators/interop/plan.py",
      "and not only_adds(check, current, snapshot):", "and False:", ("test_price_check.py",)),
    M("unconfirmed: a price added to since the check counts as checked", "generators/kb/records/price_readings.py",
      "(field in check.carried or getattr(check, field) != getattr(snapshot, field))",
      "(field in check.carried or not stated(getattr(check, field)))", ("test_price_check.py",)),
    M("price date: a later reading of the same price restarts its date", "generators/kb/current.py",
      "    while index > 0 and (undisputed[index - 1].input", "    while False and (undisputed[index - 1].input",
      ("test_price_check.py",)),
    M("refresh: a cached-only drift drops the Batch price", "generators/live/refresh.py",
      "carrying(observed(found.entry, as_of), snapshot)", "observed(found.entry, as_of)", ("test_refresh.py",)),
    M("import: a source nothing cites is written", "generators/interop/commit.py",
      "    drop_uncited_sources(plan)\n", "    pass\n", ("test_import_adds.py", "test_interop.py")),
    M("retired-in-snippet: an id retired at one provider counts at every other", "generators/live/check.py",
      "if (offering.provider, api_id) in calls:", "if api_id in {called for _, called in calls}:", ("test_check.py",)),
    M("successor: a live replacement is passed over for the next one", CURRENT,
      "    if step is None or is_live(step, on):\n", "    if step is None:\n", ("test_retiring.py",)),
    M("scheduled: a price on the day it takes effect is still announced", "generators/kb/records/price.py",
      "if s.effective > on), None)", "if s.effective >= on), None)", ("test_scheduled_prices.py",)),
    M("scheduled: a reading goes after a price announced for later", "generators/kb/history_text.py",
      'if str(snapshot["effective"]) > str(effective)),', "if False),", ("test_import_adds.py",)),
    M("scheduled: a check before the announcement passes", "generators/kb/rules/prices.py",
      "if snapshot.checked and snapshot.checked < snapshot.announced:", "if False:",
      ("test_broken_records.py", "test_validate_rules.py")),
    M("scheduled: a price announced for later blocks today's reading", "generators/interop/plan.py",
      "history.newest_reading(self.as_of)", "history.snapshots[-1].effective", ("test_import_adds.py",)),
    M("floor: a provider's not-sooner-than date is not shown", "generators/site/templates/_html.j2",
      "{% elif cycle.retires_not_before %}not before", "{% elif false %}not before", ("test_retiring.py",)),
    M("floor: a Claude date on Google Cloud imported as a retirement", "generators/interop/litellm.py",
      'if entry.get("litellm_provider") in FLOOR_DATES:', "if False:", ("test_interop.py",)),
    M("floor: a retirement before the provider's floor accepted", "generators/kb/rules/offerings.py",
      "cycle.retires < cycle.retires_not_before:", "False:", ("test_broken_records.py",)),
    M("sourced dates: a retirement nothing cites accepted", "generators/kb/rules/offerings.py",
      "        if dated and not cycle.sources:\n", "        if False:\n",
      ("test_broken_records.py", "test_validate_rules.py")),
    M("evidence: a date a catalogue alone gives reads as first-party", "generators/kb/evidence.py",
      "    return is_primary(kb, cycle.sources)\n", "    return True\n", ("test_date_evidence.py", "test_choose.py")),
    M("seen gone: an offering seen gone stays live", CURRENT,
      " and \\\n        not has_retired(cycle.seen_gone, on)", "", ("test_seen_gone.py",)),
    M("seen gone: a catalogue's silence accepted as the provider's", "generators/kb/rules/offerings.py",
      "elif cycle.seen_gone and not is_primary(kb, cycle.sources):", "elif False:", ("test_broken_records.py",)),
    M("refresh: an id gone from the provider's own list stays live", "generators/live/first_party.py",
      '{"status": "retired", "seen_gone": as_of, **dropped}', '{"status": "deprecated"}',
      ("test_refresh_own_lists.py",)),
    M("format cache: a remembered price serves any equal value, True taken for 1", "generators/site/numbers.py",
      "lru_cache(maxsize=4096, typed=True)", "lru_cache(maxsize=4096)", ("test_memoized_formats.py",)),
    M("units: a Decimal returned as it is, even NaN or infinite", "generators/kb/units.py",
      "if type(value) is Decimal and value.is_finite():", "if type(value) is Decimal:",
      ("test_memoized_formats.py",)),
    M("shards: a shard leaves out no page (each converts the whole site)", "generators/site/shard_pages.py",
      "            file.inclusion = InclusionLevel.EXCLUDED", "            pass", ("test_shards.py",)),
    M("shards: Markdown links weigh nothing in a page's work", "generators/site/shards.py",
      'return text.count("<") + LINK_WEIGHT * text.count("](")', 'return text.count("<")', ("test_shards.py",)),
]


def run(mutation: Mutation, python: str) -> str:
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        copy = Path(folder) / "repo"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", ".venv", "public", "node_modules",
                                                                  ".build-cache", "__pycache__", ".mypy_cache"))
        target = copy / mutation.file
        text = target.read_text(encoding="utf-8")
        if text.count(mutation.old) != 1:
            return f"NOT APPLIED ({text.count(mutation.old)} matches)"
        target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
        tests = [str(copy / "tests" / t) for t in mutation.tests]
        result = subprocess.run([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests], cwd=copy,
                                env=env, capture_output=True, text=True, check=False)
        return "killed" if result.returncode == 1 else "survived" if result.returncode == 0 else \
            f"error {result.returncode}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", type=int, help="Run only mutation N (1-based).")
    args = parser.parse_args()
    chosen = [(n, m) for n, m in enumerate(MUTATIONS, 1) if args.only in (None, n)]
    outcomes = []
    for n, mutation in chosen:
        outcome = run(mutation, sys.executable)
        outcomes.append(outcome)
        print(f"{n:2} {outcome:>9}  {mutation.label}  ({mutation.file})", flush=True)
    killed = sum(1 for o in outcomes if o == "killed")
    print(f"killed {killed} of {len(outcomes)} mutations")
    return 0 if killed == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
