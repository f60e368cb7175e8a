"""What a model provider is: where models are served (base URL, API key, HTTP client), asked for one chat
model by name, checked at start-up. A Model (coach.providers) names a model on a provider."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from coach.config import Settings

if TYPE_CHECKING:  # LangChain is imported only on the LLM backend
    from langchain_core.language_models import BaseChatModel


class LLMConfigError(ValueError):
    """Settings that cannot build a chat model (unknown provider, missing key, bad base URL)."""


class Probe(NamedTuple):
    """What a start-up check of the endpoint found: `fatal` means the app should not start."""

    fatal: bool
    message: str


class Provider(ABC):
    """One provider under the settings: its endpoint, its key, and the chat models it serves.

    Subclasses set `name` (the prefix of a model setting, `name:model`) and `summary` (one line for
    error messages and docs), and implement the three methods."""

    name: ClassVar[str]
    summary: ClassVar[str]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    def problem(self) -> str | None:
        """Why these settings cannot reach the provider (no key, a malformed base URL), or None."""

    @abstractmethod
    def chat_model(self, model: str, *, temperature: float, max_tokens: int) -> BaseChatModel:
        """A LangChain chat model for `model` on this provider, with no retries of its own (coach.llm owns
        retries) and its own async HTTP client (a pooled one breaks across event loops)."""

    @abstractmethod
    def probe(self) -> Probe | None:
        """Ask the endpoint once whether it answers and takes the key; None when all is well (or it cannot
        tell), a Probe when the key is refused (fatal) or the endpoint is unreachable now (a warning)."""
