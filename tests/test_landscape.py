"""The landscape is current: figures over kb/ that readers rely on (issue: the landscape as it is today).

Thresholds are what the KB has reached and must not fall below; the closing notes say where the goals stand.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from conftest import KB_TODAY

from generators.kb import current, evidence
from generators.kb.link import KB

LABS = {"openai", "anthropic", "google", "xai", "meta", "mistral", "deepseek", "alibaba", "cohere", "microsoft",
        "moonshot", "zhipu", "amazon"}
CLOUDS = {"bedrock", "vertex-ai", "azure-ai-foundry"}


@pytest.fixture(scope="module")
def kb(real_kb: KB) -> KB:
    return real_kb


def test_the_kb_covers_at_least_a_hundred_models_thirty_of_them_released_this_year(kb: KB) -> None:
    assert len(kb.models) >= 185  # 139 on 2026-11-26, 174 on 2026-12-05, 178 with the Amazon and Google curation, 188
    # once an audit of each lab's newest first-party pages added Mythos 5.2, Muse Wonder/Ember/Spark Open, GLM-5.4,
    # North Mini Code and Qwen3.8-Omni-Flash
    assert sum(1 for m in kb.models if m.released and m.released.year == KB_TODAY.year) >= 30


def test_every_covered_lab_has_a_live_model_and_those_with_an_api_a_recent_one(kb: KB) -> None:
    live_labs, recent = set(), set()
    for model in kb.models:
        if any(current.is_live(o, KB_TODAY) for o in kb.offerings_of_model(model.id)):
            live_labs.add(model.lab)
            if model.released and (KB_TODAY - model.released).days <= 366:
                recent.add(model.lab)
    assert live_labs >= LABS
    # Amazon sells through Bedrock only, and its newest release in the KB (Nova 2 Lite, 2025-12-02) is a year old
    assert LABS - recent == {"amazon"}


def test_nearly_every_live_offering_is_priced(kb: KB) -> None:
    live = [o for o in kb.offerings if current.is_live(o, KB_TODAY)]
    priced = [o for o in live if current.current_price(kb, o, KB_TODAY)]
    # 230 of 255 (0.902) on 2026-12-06; 233 of 259 (0.900) once Bedrock's Claude Opus 5.5, Fable 5 and 5.1 came in
    # priced and Fable 5.2 with no Bedrock price on any page read: a new offering is recorded before its price is
    # known, so the floor keeps a margin below the figure
    assert len(priced) / len(live) >= 0.88


def test_current_prices_confirmed_at_a_first_party_page(kb: KB) -> None:
    snapshots = {o.id: s for o in kb.offerings if current.is_live(o, KB_TODAY)
                 if (s := current.current_price(kb, o, KB_TODAY))}
    checked = [check for offering_id, s in snapshots.items() if (check := current.price_check(kb, offering_id, s))]
    # 0.60 as of 2026-11-26; 74 of 124 (0.597) on 2026-12-05 after scheduled prices took effect unchecked; 88 of 167
    # (0.527) once the three clouds' offerings arrived, Azure's and Vertex AI's priced from LiteLLM's map only; 90 of
    # 178 (0.506) with the autumn releases whose prices only secondary sources state; 90 of 189 (0.476) after 13
    # models the KB lacked came in through `kb import litellm` (observed, unchecked until someone reads labs' pages);
    # 100 of 211 (0.474) with 15 Bedrock offerings checked against AWS's table and 7 Vertex AI ones priced from LiteLLM;
    # 103 of 211 (0.488) with three Azure GPT-6 prices read on Microsoft's PTU sizing page (2026-12-05); 108 of 214
    # (0.505) with Z.ai's three models from its 2026-05-08 capture and cached rates from labs' pages; 109 of 214
    # (0.509) with grok-build-0.1 on xAI's pricing page, after three helpers searched the stored copies for the 105
    # others (OpenAI, Google, Vertex AI, Azure and most hosts' price pages are not among them); 110 of 213 (0.516)
    # with Moonshot's Kimi K3 page as a repository captured it (captures older than the in-force snapshot cannot
    # check it: Azure's 2026-07-31 Retail Prices API response is history before LiteLLM's 2026-11-22 reading); 111 of
    # 215 (0.516) after three withdrawals, eight new offerings priced from secondary sources only and o3 checked on a
    # 2025-09-07 copy of OpenAI's pricing page; 115 of 215 (0.535) once a later reading of an unchanged price keeps
    # the earlier check (current.price_check: Azure GPT-4.1 and gpt-oss-120b, OpenAI GPT-5.4, Z.ai GLM-5V-Turbo); 118
    # of 215 (0.549) once a reading of input and output only no longer drops the cached and tier prices before it
    # (GPT-5.4 mini, GLM-4.5-Air, Bedrock Nova 2 Lite); 121 of 215 (0.563) with OpenAI's 2025-09-07 page for GPT-4.1,
    # GPT-4.1 mini and GPT-5; 122 of 215 (0.567) once a reading that adds a price keeps the check of the others
    # (Azure GPT-5.5's Flex price, seen only in LiteLLM's map after the Retail Prices API showed the rest); 123 of 215
    # (0.572) with Gemini 3.6 Flash priced by Google's own guide over two tools' claimed promotion (two helpers found
    # no first-party copy for the other 92: Vertex AI's, DeepInfra's and most Fireworks, Alibaba and Azure prices);
    # 123 of 217 (0.567) with Bedrock's Claude Opus 4.7 and Haiku 5.5, whose prices only LiteLLM's map states; 148 of
    # 220 (0.673) with captures found on 2026-12-06: DeepInfra's models API (2026-02-23, 2026-04-17), Azure's Retail
    # Prices API as a daily mirror kept it (2026-09-02, 2026-10-10), Vertex AI's pricing rows (2026-07-31), Meta's
    # rate card (2026-09-03), MiniMax's page dated by its repository's import log (2026-06-12), Anthropic's pages for
    # Fable and Mythos 5.2, AWS's table for Bedrock Opus 4.7. Vertex AI's Claude, most Fireworks, Alibaba's and the
    # Gemini 4 prices have no stored first-party copy; eight DeepInfra captures disagree with the later reading; 150 of
    # 220 (0.682) after an audit of a random sample of 40 facts: Fireworks' size bands price its unlisted Llama 3.1
    # 405B, Llama 4 Scout and Qwen3-30B-A3B over LiteLLM's older figures, and DeepInfra's Llama 3.3 70B Turbo follows
    # its own models API over three undated page copies that disagree; 146 of 206 (0.709) after a ninth audit round:
    # eleven Fireworks prices no page of Fireworks' shows (its newest pricing page neither lists the models nor has a
    # size band for them) are disputed history, and DeepInfra's Qwen3-32B follows its own models API; 149 of 207
    # (0.720) once Anthropic's release note of 2026-10-07, Azure's price list as recorded on 2026-10-10 and Meta's
    # pricing page (Muse Spark 1.2, new) confirm three more; 168 of 230 (0.730) after a sweep of labs' and hosts' own
    # pages: Fireworks' pricing page for seven models it had no offering for, Cohere's docs repository, and Foundry's
    # Claude at Anthropic's rates, which Microsoft's CCU billing page says Foundry bills (13 offerings new); 170 of
    # 230 (0.739) with Foundry's Opus 4.7 and Sonnet 5.5 at Anthropic's checked rates, after two helpers searched
    # again for the other 62 (Vertex AI, DeepInfra, Alibaba, Z.ai, Moonshot: no stored first-party copy); 176 of 238
    # (0.739) with Bedrock's Fable 5 and 5.1 from AWS's table, Anthropic's Haiku 5.5 overview clipped on 2026-10-08
    # and Qwen Cloud's pricing page for three Alibaba models, after 21 offerings came in, most priced from secondary
    # sources or not at all; 183 of 238 (0.769) with captures of Z.ai's pricing page of 2026-07-31 and 2026-10-08
    # (GLM-5.2, GLM-5.3, 5.3-Flash, 5.3-FlashX), Together's catalog and Mistral's GA docs data, found by searching
    # for the exact text of a page's table rows; 186 of 239 (0.778) with Foundry's Sonnet 4.6 at Anthropic's rates
    # of 2026-09-28 and GPT-6.2 Astra's input and output on OpenAI's models overview; 180 of 231 (0.779) once 18
    # Fireworks and DeepInfra offerings were found retired (eight of them priced, six of those checked); 207 of 258
    # (0.802) with 27 offerings the clouds and Together sell, priced from the hosts' own dated lists (Together's
    # catalog of 2026-10-07, AWS's Bedrock table of 2026-10-05, Azure's Retail Prices API as recorded on 2026-09-02
    # and 2026-10-10); the 51 unchecked before stay unchecked (no stored first-party copy: Vertex AI, DeepInfra,
    # Alibaba, Google's newest Gemini, Bedrock's Claude 5.5, Moonshot, Z.ai's GLM-5.4). Coverage lists them all; 210
    # of 258 (0.814) with a daily capture of AWS's Bedrock pricing page (its two Qwen models, 2026-05-25 to
    # 2026-07-24), AWS's table naming Opus 5.5's rates verified 2026-09-24 and DeepInfra's docs on DeepSeek-V4-Flash;
    # 213 of 261 (0.816) with Bedrock's GPT-6 Sol, Luna and 6.1 Sol read off their model cards on 2026-10-10.
    assert len(checked) / len(snapshots) >= 0.80  # the goal, with a margin for offerings priced before a check
    for snapshot in checked:
        assert evidence.is_primary(kb, snapshot.sources), "a checked price names a first-party page among its sources"


def test_open_weight_models_have_two_priced_hosts_to_compare(kb: KB) -> None:
    hosts: dict[str, set[str]] = defaultdict(set)
    for model in kb.models:
        if model.weights in ("open", "restricted"):
            hosts[model.id] = {p.offering.provider for p in current.live_priced(kb, kb.offerings_of_model(model.id),
                                                                                KB_TODAY)}
    assert sum(1 for found in hosts.values() if len(found) >= 2) >= 15


def test_no_offering_past_its_retirement_day_is_still_marked_served(kb: KB) -> None:
    """The one live rule: an offering retiring on a day is retired that day, and its record says so."""
    overdue = [o.id for o in kb.offerings
               if o.lifecycle.retires and o.lifecycle.retires <= KB_TODAY and o.lifecycle.status != "retired"]
    assert overdue == []


def test_the_clouds_readers_buy_from_are_hosts_with_priced_flagships(kb: KB) -> None:
    """A reader can compare one model across the places it is sold: Bedrock, Vertex AI and Azure AI Foundry."""
    priced: dict[str, int] = defaultdict(int)
    for offering in kb.offerings:
        if offering.provider in CLOUDS and current.is_live(offering, KB_TODAY) and \
                current.current_price(kb, offering, KB_TODAY):
            priced[offering.provider] += 1
    assert {cloud: priced[cloud] >= 8 for cloud in CLOUDS} == dict.fromkeys(CLOUDS, True), dict(priced)
    sold_where = {p.offering.provider for p in current.live_priced(
        kb, kb.offerings_of_model("claude-sonnet-5"), KB_TODAY)}
    assert sold_where >= {"anthropic", "bedrock", "vertex-ai"}


def test_most_recent_models_have_a_benchmark_claim(kb: KB) -> None:
    """Models released in the six months before KB_TODAY with at least one claim (the goal: 80%). 17 of 41 on
    2026-12-05 before this session's curation, 22 of 41 after it (Mythos 5's system card, MAI-Thinking-1's report,
    tau2-bench's banking submissions), 33 of 41 later that day (the Qwen3.8 open checkpoint's card, Gemini 3.5
    Flash-Lite's model card as restated by models.dev and others), 35 of 42 once Claude Mythos 5.2 came in (launch
    figures of Claude Fable 5.2 and Gemini 4 Carbon as a reseller's launch notes restate them), 41 of 50 after the
    audit of newest releases added eight recent models and claims were found for six (Datacurve's DeepSWE board for
    Kimi K2.7 Code; lab figures as aggregators restate them for the Muse, Qwen3.8-Omni and North models), 44 of 54 on
    2026-12-06 with Gemini Omni 1.2 Flash and Qwen3.8-Flash-Next (the latter's DeepSWE figure from the Qwen team's
    model card as models.dev restates it; no score for the former was found), 50 of 54 later that day with
    Artificial Analysis's FrontierCode-AA 2.0 runs for GPT-6.2 Astra and Sol, Gemini 4 Neon and Hydrogen, Qwen4-Max
    and Muse Ember 1.0 as OpenRouter's comparison pages restate them (no score was found for Claude Mythos 5.2, GLM-5.4
    or either Gemini Omni Flash), 49 of 53 once MAI-Thinking-1's release day became 2026-06-02 (Microsoft's MAI family
    page), outside the six months; 51 of 58 on 2026-12-06 after a second sweep added eight recent models, 52 of 58 with
    Muse Glimmer 30B's launch figures (Hugging Face's launch post; Meta's own). Independent results beside the
    vendors': 19 of 58 recent models had one, 26 once Datacurve's DeepSWE board and its changelog dated six more rows
    and Artificial Analysis's run of Gemini 4 Carbon came in (no stored ARC Prize, OpenHands or Sierra copy is newer
    than the summer)."""
    claimed = {claim.model for claim in kb.claims}
    independent = {claim.model for claim in kb.claims if claim.reported_by == "independent"}
    recent = [m for m in kb.models if m.released and 0 <= (KB_TODAY - m.released).days <= 183]
    assert len(recent) >= 40
    assert sum(m.id in claimed for m in recent) >= 49
    assert sum(m.id in independent for m in recent) >= 24


def test_labs_that_publish_cached_prices_have_them_as_data(kb: KB) -> None:
    """A lab's own offering, at a lab whose price list has any cached rate, carries its cached rate in the price in
    force. 73 of 85 on 2026-12-05, 77 of 89 later that day (o3 from a 2025-09-07 copy of OpenAI's pricing page), 80
    once a reading of input and output only carries the cached rates before it, 83 with Claude Haiku 5.5's, Mythos
    5.2's and Gemini 3.5 Flash-Lite's cached rates from secondary readings (an earlier first-party check still covers
    the rest); 90 of 97 once `kb import litellm --existing` recorded the cached rates LiteLLM's map adds to the
    KB's own offerings (Mistral's among them, so Mistral Large 4 now counts). The other seven have no cached rate in
    the sources read: Gemini 3.6 Flash (only a disputed reading has one), Gemini 4 Carbon and Omni 1.1 Flash, Muse
    Ember, Qwen3-Max, Qwen3-Next, Mistral Large 4."""
    in_force = {o.id: s for o in kb.offerings if current.is_live(o, KB_TODAY)
                if (s := current.current_price(kb, o, KB_TODAY))}
    caching = {o.provider for o in kb.offerings if o.id in in_force and in_force[o.id].cached_input is not None}
    labs = [o for o in kb.offerings if o.id in in_force and o.provider in caching
            and getattr(kb.get("models", o.model), "lab", None) == o.provider]
    with_cache = [o for o in labs if in_force[o.id].cached_input is not None]
    assert len(labs) >= 80 and len(with_cache) / len(labs) >= 0.80  # margin for a contributor's new offerings


def test_attention_as_it_is_built_today_has_models_on_the_attention_page(kb: KB) -> None:
    """Beyond MHA/MQA/GQA: latent (DeepSeek, Kimi K2, GLM-5), DeepSeek's sparse attention (V3.2, GLM-5) and hybrid
    linear/full (Qwen3-Next, Qwen3.5) each name the models that use them, from the labs' reports and model cards."""
    users: dict[str, set[str]] = {}
    for model in kb.models:
        for claim in model.architecture.attention if model.architecture else []:
            for variant in claim.variants:
                users.setdefault(variant, set()).add(model.id)
    assert {"deepseek-r1", "deepseek-v3.2", "kimi-k2", "glm-5"} <= users["mla"]
    assert {"deepseek-v3.2", "glm-5"} <= users["dsa"]
    assert {"qwen3-next-80b-a3b-instruct", "qwen3.5-397b-a17b"} <= users["hybrid-linear"]
    assert sum(1 for m in kb.models if m.architecture and m.architecture.attention) >= 57
