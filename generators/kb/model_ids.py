"""How model ids are compared across catalogues: normalised (lower case, dots and underscores as hyphens, so
`claude-opus-4.5` = `claude-opus-4-5`) and, where asked, without a trailing snapshot date."""

from __future__ import annotations

import re

DATE = re.compile(r"-(20\d{2}-?\d{2}-?\d{2})$")


def normal(model_id: str) -> str:
    return model_id.lower().replace(".", "-").replace("_", "-")


def undated(model_id: str) -> str:
    """The id without a trailing `-YYYYMMDD` / `-YYYY-MM-DD` snapshot date."""
    return DATE.sub("", model_id)


def is_dated(model_id: str) -> bool:
    return DATE.search(model_id) is not None


GEO_ROUTE = re.compile(r"^(?:us|eu|apac|us-gov|global|jp|au|ca|apne|euw|in)\.")
"""A cloud's geography prefix on an id (Bedrock's `us.`, `eu.`, `global.` inference profiles): a route to the
model, not another model."""
VARIANT_PREFIX = re.compile(r"^(?:" + GEO_ROUTE.pattern[1:] + r")?"
                            r"(?:(?:anthropic|meta|mistral|amazon|cohere|ai21|deepseek|qwen|openai|google|moonshotai|"
                            r"minimax|writer|zai|nvidia)\.(?=[a-z]))?(?:databricks-)?~?")
VARIANT_SUFFIX = re.compile(r"(?:-v\d+(?::\d+)?|:\d+|:(?:free|beta|extended|thinking|online|nitro|floor|exacto)|"
                            r"-latest)+$")


def base_name(api_id: str) -> str:
    """The model an id variant names: without a cloud region or vendor prefix (Bedrock's `us.anthropic.`), a
    platform prefix (`databricks-`), a version suffix (`-v1:0`), a routing variant (`:free`), a moving alias
    (`~…`, `-latest`), and with Vertex's `@date` as `-date`. `us.anthropic.claude-opus-4-5-20251101-v1:0` ->
    `claude-opus-4-5-20251101`."""
    name = api_id.rsplit("/", 1)[-1]
    name = VARIANT_PREFIX.sub("", name, count=1)
    name = VARIANT_SUFFIX.sub("", name)
    name = re.sub(r"@(?:default|latest|\d{3})$", "", name)  # Vertex's moving and numbered versions
    return name.replace("@", "-")
