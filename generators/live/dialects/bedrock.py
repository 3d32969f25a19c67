"""Amazon Bedrock: the runtime's Converse API (`POST /model/{modelId}/converse`) with an API key as a Bearer token.

Shapes as AWS documents them (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html): a
reply is `output.message` with `content` blocks of `text`, a `stopReason`, `usage` (`inputTokens`, `outputTokens`,
`totalTokens`) and `metrics.latencyMs`; errors are `{"message": ...}` with the exception's name in the
`x-amzn-ErrorType` header (not modelled by the fake). The runtime lists no models (that is the control plane's
SigV4 `ListFoundationModels`), so Bedrock offerings are checked through their prices and lifecycle pages only.
"""

from __future__ import annotations

from typing import Any

from .base import Dialect


class Bedrock(Dialect):
    name = "bedrock"

    def auth_error(self, missing: bool) -> tuple[int, dict[str, Any]]:
        if missing:
            return 403, {"message": "Missing Authentication Token"}
        return 403, {"message": "The security token included in the request is invalid."}

    def unknown_model(self, model: str) -> tuple[int, dict[str, Any]]:
        return 400, {"message": "The provided model identifier is invalid."}

    def rate_limited(self) -> dict[str, Any]:
        return {"message": "Too many requests, please wait before trying again."}

    def server_error(self, status: int) -> dict[str, Any]:
        return {"message": "The system encountered an unexpected error during processing. Try your request again."}

    def message(self, model: str, text: str) -> dict[str, Any]:
        output = len(text) // 4
        return {"output": {"message": {"role": "assistant", "content": [{"text": text}]}}, "stopReason": "end_turn",
                "usage": {"inputTokens": 12, "outputTokens": output, "totalTokens": 12 + output},
                "metrics": {"latencyMs": 120}}
