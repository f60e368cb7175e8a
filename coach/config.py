"""Settings: every one has an environment variable (COACH_*, or the OpenAI SDK's own names) and a default
that runs the whole product offline with no key.

The personas, rubrics and eval suites ship inside the package (coach/resources/) and are found through
importlib.resources, so an installed wheel runs from any folder; COACH_PERSONAS_DIR and COACH_RUBRICS_DIR
point the app at other folders."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.models import Usage


def _resources() -> Path:
    folder = files("coach") / "resources"
    # Loaders read these folders with pathlib (glob, open); a wheel installs unpacked, so this is a Path
    # in every install pip makes. A zip import would not be, and fails here rather than at first read.
    if not isinstance(folder, Path):
        raise RuntimeError(f"coach must be installed unpacked to read its data folders, not from {folder}")
    return folder


RESOURCES = _resources()
"""The data shipped in the package: personas/, rubrics/ and evals/."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COACH_", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path.cwd() / "data",
        description="where the SQLite database lives by default: ./data under the folder coach starts in",
    )
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite in data_dir")
    personas_dir: Path = RESOURCES / "personas"
    rubrics_dir: Path = RESOURCES / "rubrics"

    backend: str = Field(
        "auto",
        description="a name in coach.backends.BACKENDS (offline, llm), or auto: llm when an API key is set",
    )
    patient_model: str = "openai:gpt-4o-mini"
    grader_model: str = "openai:gpt-4o-mini"
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("COACH_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("COACH_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    request_timeout: float = Field(30.0, gt=0, description="seconds per model request (read)")
    connect_timeout: float = Field(5.0, gt=0, description="seconds to open a connection to the model server")
    reply_deadline: float = Field(
        20.0,
        gt=0,
        description="seconds for the patient's whole reply, retries included, before the turn fails",
    )
    slow_notice: float = Field(4.0, gt=0, description="seconds without words before the trainee is told")
    grade_deadline: float = Field(
        45.0, gt=0, description="seconds for the LLM grade, retries included, before the offline one stands"
    )
    max_retries: int = Field(2, ge=0, le=10, description="retries after the first try, owned by tenacity")
    structured_output: Literal["auto", "json_schema", "json_mode", "function_calling"] = Field(
        "auto", description="auto: the first the server accepts, probed once (json_schema, json_mode, tools)"
    )
    principle_check: bool = Field(
        False,
        description="ask the patient's model to check each guarded draft against the persona's principles "
        "before the trainee sees any of it (one more call a reply)",
    )
    principle_check_deadline: float = Field(
        5.0, gt=0, description="seconds for one principle check, retries included, before the draft is shown"
    )
    patient_temperature: float = Field(0.8, ge=0, le=2)
    grader_temperature: float = Field(0.0, ge=0, le=2)
    prompt_price: float | None = Field(None, ge=0, description="USD per million prompt tokens, for cost")
    completion_price: float | None = Field(None, ge=0, description="USD per million completion tokens")

    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    concurrency_limit: int = Field(16, ge=1, description="simultaneous turns per app process")
    session_idle_minutes: float = Field(
        30.0, gt=0, description="a sign-in ends after this long without a request from its browser"
    )
    session_hours: float = Field(12.0, gt=0, description="a sign-in ends this long after it began (a shift)")

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'coach.db'}"

    def cost(self, usage: Usage) -> float | None:
        """What `usage` cost in USD, when both prices are set."""
        if self.prompt_price is None or self.completion_price is None:
            return None
        return (
            usage.prompt_tokens * self.prompt_price + usage.completion_tokens * self.completion_price
        ) / 1e6

    @property
    def resolved_backend(self) -> str:
        """The backend's name, with auto decided (coach.backends checks that the name is known)."""
        if self.backend == "auto":
            return "llm" if self.openai_api_key else "offline"
        return self.backend


@lru_cache
def get_settings() -> Settings:
    return Settings()
