"""Model providers by name, and the model settings that name a model on one.

After pydantic-ai's and simonw/llm's shape: a Provider (coach.providers.base) knows where models are
served, the key and the client; a Model names one model on a provider, written `provider:model` in
COACH_PATIENT_MODEL and COACH_GRADER_MODEL (`openai:gpt-4o-mini`). A new provider is one module with a
Provider subclass and one entry in PROVIDERS (CONTRIBUTING.md, "Adding a backend or a provider").
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.config import Settings
from coach.providers.base import LLMConfigError, Provider
from coach.providers.openai import OpenAIProvider

PROVIDERS: dict[str, type[Provider]] = {provider.name: provider for provider in (OpenAIProvider,)}
DEFAULT_PROVIDER = OpenAIProvider.name
"""The provider of a model setting with no `provider:` in front."""


@dataclass(frozen=True)
class Model:
    """A model on a provider: `openai:gpt-4o-mini` is the model gpt-4o-mini on the openai provider."""

    provider: str
    name: str

    def on(self, settings: Settings) -> Provider:
        """The provider serving this model under `settings`."""
        return PROVIDERS[self.provider](settings)


def known_providers() -> str:
    return ", ".join(f"{name} ({cls.summary})" for name, cls in PROVIDERS.items())


def parse_model(spec: str) -> Model:
    """'openai:gpt-4o-mini' -> Model('openai', 'gpt-4o-mini'); a bare name is on the default provider.

    Only the first colon splits, so a local model tag keeps its own: 'openai:qwen2.5:7b'.
    """
    spec = spec.strip()
    if not spec:
        raise LLMConfigError("The model setting is empty; use a name like openai:gpt-4o-mini.")
    if ":" not in spec:
        return Model(DEFAULT_PROVIDER, spec)
    provider, name = spec.split(":", 1)
    if provider not in PROVIDERS:
        raise LLMConfigError(
            f"Unknown model provider {provider!r} in {spec!r}; known: {known_providers()}. A model name "
            f"with a colon, such as an Ollama tag, needs the provider in front: {DEFAULT_PROVIDER}:{spec}."
        )
    if not name:
        raise LLMConfigError(f"No model name after the provider in {spec!r}; e.g. openai:gpt-4o-mini.")
    return Model(provider, name)
