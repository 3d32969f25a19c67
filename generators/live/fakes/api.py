"""The fake providers' endpoints: routes each request to the dialect the provider speaks, which writes the bodies
(lists and their paging, auth errors, unknown models, chat replies) in that provider's own wire format.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..dialects.base import REPLY
from ..dialects.openrouter import OpenRouter

if TYPE_CHECKING:
    from .providers import FakeHandler, FakeModel

NATIVE_CHAT = {"anthropic": ("POST", "/v1/messages"), "cohere": ("POST", "/v2/chat")}


class ProviderAPI:
    """One provider's endpoints, errors and paging."""

    def __init__(self, handler: FakeHandler, provider: str, models: list[FakeModel], query: dict[str, str]) -> None:
        self.h, self.provider, self.models, self.query = handler, provider, models, query
        self.dialect = handler.fakes.dialect(provider)

    def authorised(self, path: str) -> bool:
        if self.dialect.public_list and path.endswith("/models"):
            return True
        key = self.dialect.key_in(self.h.headers, self.query, path)
        expected = self.h.fakes.keys.get(self.provider)
        if key and (expected is None or key == expected):
            return True
        status, body = self.dialect.auth_error(missing=not key)
        self.h.send_json(status, body)
        return False

    def route(self, method: str, path: str, body: dict[str, Any]) -> None:
        name = self.dialect.name
        if method == "POST" and path.endswith("/chat/completions"):
            return self.openai_chat(body)
        if method == "GET" and "/openai/" in path and path.endswith("/models"):
            return self.h.send_json(200, {"object": "list", "data": [self.dialect.item(self.provider, m)
                                                                     for m in self.models]})
        if method == "GET" and name == "openrouter" and path.startswith("/api/v1/models/") and \
                path.endswith("/endpoints"):
            return self.endpoints(unquote(path.removeprefix("/api/v1/models/").removesuffix("/endpoints")))
        if method == "GET" and self.is_list(path):
            return self.h.send_json(200, self.dialect.list_page(self.provider, self.models, self.query))
        if NATIVE_CHAT.get(name) == (method, path):
            return self.native_chat(str(body.get("model", "")), body)
        if name == "bedrock" and method == "POST" and path.startswith("/model/") and path.endswith("/converse"):
            return self.native_chat(unquote(path.removeprefix("/model/").removesuffix("/converse")), body)
        if name == "gemini" and method == "POST":
            version, _, rest = path.lstrip("/").partition("/")  # SDKs call v1beta or v1
            if version in ("v1", "v1beta") and rest.startswith("models/") and rest.endswith(":generateContent"):
                return self.native_chat(rest.removeprefix("models/").removesuffix(":generateContent"), body)
        return self.h.send_json(404, {"error": {"message": f"fake {self.provider}: no route {method} {path}"}})

    def endpoints(self, model_id: str) -> None:
        """OpenRouter's endpoints of one listed model; 404 for a model it does not list, as the API answers."""
        model = self.known(model_id)
        if model is None or not isinstance(self.dialect, OpenRouter):
            return self.h.send_json(404, {"error": {"message": f"Model {model_id} not found", "code": 404}})
        return self.h.send_json(200, self.dialect.endpoints_page(model, self.h.fakes.endpoints.get(model_id, [])))

    def is_list(self, path: str) -> bool:
        if self.dialect.name == "gemini":
            return path in ("/v1/models", "/v1beta/models")
        if self.dialect.name in ("anthropic", "cohere"):
            return path == "/v1/models"
        if self.dialect.name == "bedrock":
            return False  # the runtime lists no models
        return path.endswith("/models")

    def known(self, model_id: str) -> FakeModel | None:
        return next((m for m in self.models if m.id == model_id), None)

    def reply(self, model: str, body: dict[str, Any]) -> str:
        asked = json.dumps(body.get("messages") or body.get("contents") or "")
        if "JSON object" in asked and self.provider in self.h.fakes.structured:
            return self.h.fakes.structured[self.provider]
        return REPLY.format(provider=self.provider, model=model)

    def openai_chat(self, body: dict[str, Any]) -> None:
        model = str(body.get("model", ""))
        if self.known(model) is None:
            return self.h.send_json(*self.dialect.unknown_model(model))
        prompt = sum(len(str(m.get("content", ""))) // 4 + 1 for m in body.get("messages") or [] if isinstance(m, dict))
        return self.h.send_json(200, self.dialect.chat(self.provider, model, self.reply(model, body), prompt,
                                                       int(time.time())))

    def native_chat(self, model: str, body: dict[str, Any]) -> None:
        if self.known(model) is None:
            return self.h.send_json(*self.dialect.unknown_model(model))
        return self.h.send_json(200, self.dialect.message(model, self.reply(model, body)))  # type: ignore[attr-defined]
