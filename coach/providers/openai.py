"""The `openai` provider: OpenAI, or any server that speaks its Chat Completions protocol (vLLM, Ollama,
LM Studio, llama.cpp's server), chosen by base URL (COACH_OPENAI_BASE_URL or OPENAI_BASE_URL) with the key
in COACH_OPENAI_API_KEY or OPENAI_API_KEY."""

from __future__ import annotations

import re
import ssl
from functools import cache
from typing import ClassVar

import openai
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from coach.providers.base import Probe, Provider

try:  # the HTTP library under the openai SDK: httpx2 from openai 3, httpx before
    import httpx2 as sdk_httpx
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx as sdk_httpx  # type: ignore[no-redef]  # the same client under its pre-openai-3 name


@cache
def _tls_context() -> ssl.SSLContext:
    """The certificate authorities the clients trust, read once per process and shared (an SSLContext is
    made to be): each HTTP client would read the system's bundle again, tens of milliseconds of CPU, and
    a model has two clients and is built again for each event loop."""
    return sdk_httpx.create_ssl_context()


NO_KEY = (
    "The LLM backend is selected but no API key is set. Set OPENAI_API_KEY (or COACH_OPENAI_API_KEY); "
    "for a local server that ignores keys any value will do, e.g. OPENAI_API_KEY=local. "
    "Or run offline with COACH_BACKEND=offline."
)


class OpenAIProvider(Provider):
    """OpenAI's protocol at a base URL with a key. A provider for another OpenAI-compatible service is a
    subclass that gives its own `name`, `summary`, `base_url`, `api_key` and `key_hint`."""

    name = "openai"
    summary = "any OpenAI-compatible server, chosen by base URL"
    key_hint: ClassVar[str] = "OPENAI_API_KEY (or COACH_OPENAI_API_KEY)"

    @property
    def base_url(self) -> str | None:
        """The endpoint; None means the SDK's default (api.openai.com)."""
        return self.settings.openai_base_url

    @property
    def api_key(self) -> str:
        key = self.settings.openai_api_key
        return key.get_secret_value() if key else ""

    def problem(self) -> str | None:
        base_url = self.base_url
        if base_url and not re.match(r"https?://", base_url):
            return (
                f"The {self.name} base URL {base_url!r} must start with http:// or https:// "
                "(e.g. http://localhost:8000/v1)."
            )
        if not self.api_key:
            return NO_KEY
        return None

    def chat_model(self, model: str, *, temperature: float, max_tokens: int) -> ChatOpenAI:
        settings = self.settings
        return ChatOpenAI(
            http_client=openai.DefaultHttpxClient(verify=_tls_context()),
            http_async_client=openai.DefaultAsyncHttpxClient(verify=_tls_context()),
            model=model,
            base_url=self.base_url,
            api_key=SecretStr(self.api_key),
            timeout=sdk_httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout),
            temperature=temperature,
            max_retries=0,
            max_tokens=max_tokens,
            use_responses_api=False,
            stream_usage=True,
            stream_chunk_timeout=settings.request_timeout,
        )

    def probe(self) -> Probe | None:
        settings = self.settings
        client = openai.OpenAI(
            http_client=openai.DefaultHttpxClient(verify=_tls_context()),
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=min(5.0, settings.request_timeout),
            max_retries=0,
        )
        where = self.base_url or "OpenAI"
        try:
            client.models.list()
        except (openai.AuthenticationError, openai.PermissionDeniedError):
            return Probe(True, f"the API key was refused by {where}: check {self.key_hint}.")
        except openai.NotFoundError:
            return None  # some OpenAI-compatible servers do not list models; chat may still work
        except (openai.APIConnectionError, openai.APITimeoutError):
            return Probe(
                False,
                f"cannot reach {where} just now; turns will offer a retry or the offline patient until it "
                "answers.",
            )
        except openai.APIStatusError as exc:
            return Probe(False, f"{where} answered {exc.status_code} to a models check; carrying on.")
        finally:
            client.close()
        return None
