"""Reply guards: small pure checks on an LLM patient reply before a trainee sees it as final.

Each check answers one question about the reply; `check_reply` runs them all and returns the names of
those that failed (empty when the reply may be used). They are deliberately conservative word patterns:
a false alarm costs one regeneration, a miss shows a trainee something a training scenario should not.
"""

from __future__ import annotations

import re
from enum import StrEnum

from coach.models import Persona

MAX_CHARS = 600
MAX_SENTENCES = 5

_DRUGS = (
    r"(?:medication|medicine|meds|tablets?|pills?|doses?|dosage|prn|lorazepam|diazepam|haloperidol|"
    r"olanzapine|promethazine|clozapine|lithium|sertraline|antipsychotics?|antidepressants?|sedatives?)"
)
_CONDITIONS = (
    r"(?:schizophrenia|schizoaffective|bipolar|psychosis|psychotic|depression|personality disorder|ptsd|"
    r"adhd|autism|ocd|dementia|mania|manic)"
)
_STAFF_ROLES = r"(?:nurse|doctor|psychiatrist|therapist|support worker|healthcare assistant|consultant)"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_AI = _any(
    r"\bas an? (?:ai|artificial intelligence|language model|assistant)\b",
    r"\b(?:i am|i'm) (?:just |only )?(?:an? )?(?:ai|artificial intelligence|large language model|"
    r"language model|chatbot|bot|virtual assistant|ai assistant|assistant)\b",
    r"\blanguage model\b",
    r"\b(?:the|an?) (?:ai|chatbot)\b",
    r"\b(?:openai|chatgpt|gpt-\d)",
    r"\b(?:this|the) (?:role-?play|simulation)\b",
    r"\b(?:my|the) (?:system prompt|instructions i was given|programming)\b",
    r"\bi can(?:not|'t) (?:continue|engage in|take part in|do) (?:this |that )?role-?play",
    r"\bstaff_words\b",
)
_STAFF = _any(
    rf"\bas your {_STAFF_ROLES}\b",
    rf"\b(?:i am|i'm) (?:your|the) (?:named )?{_STAFF_ROLES}\b",
    r"\b(?:would you like|can i (?:get|give|offer) you|let me (?:get|give|fetch) you|"
    r"i(?:'ll| will| can| could) (?:get|give|bring|fetch|offer) you)\s+(?:some |a |an |your )?"
    rf"(?:\w+ ){{0,2}}{_DRUGS}\b",
    r"\bhow (?:can|may) i (?:help|assist) you\b",
    r"\bis there anything else i can (?:help|do)\b",
)
_CLINICAL = _any(
    r"\b\d+(?:\.\d+)?\s*(?:mg|milligrams?|mcg|micrograms?|ml|millilitres?|milliliters?)\b",
    rf"\byou (?:should|need to|must|ought to|have to|'d better|had better) (?:take|try|have|increase|lower|"
    rf"reduce|up|double|stop taking|start taking) (?:\w+ ){{0,2}}{_DRUGS}\b",
    rf"\b(?:increase|reduce|lower|double|halve) (?:your|the) (?:{_DRUGS})\b",
    rf"\byou(?:'ve| have| are| might have| probably have| clearly have)\s+(?:got\s+)?(?:an? )?{_CONDITIONS}",
    r"\b(?:your|the|a) diagnosis (?:is|of)\b",
    r"\bi(?:'d| would)? diagnose\b",
    rf"\bsymptoms? of {_CONDITIONS}",
)
_BEYOND = _any(
    # self-harm method detail
    r"\boverdos(?:e|ing) on\b",
    r"\bhang(?:ing)? myself\b",
    r"\b(?:slit|slitting|cut|cutting) (?:my|me) (?:wrists?|arms?|throat|veins?)\b",
    r"\bhow many (?:pills|tablets) (?:it takes|would)\b",
    r"\b(?:a|the) noose\b",
    r"\b(?:ligature|tie \w+) (?:a)?round my neck\b",
    r"\bbleed (?:myself )?out\b",
    # graphic violence
    r"\b(?:slit|cut) (?:your|his|her|their) throats?\b",
    r"\bstab(?:bing)? (?:you|him|her|them) (?:in|to|until)\b",
    r"\bgut (?:you|him|her|them)\b",
    r"\b(?:smash|bash|cave) (?:your|his|her|their) (?:head|skull|face) in\b",
    r"\bblood (?:everywhere|all over)\b",
    r"\bbeat (?:you|him|her|them) to death\b",
    # slurs: a short list, matched as whole words
    r"\b(?:nigg(?:er|a)s?|fag(?:got)?s?|retards?|spastics?|spazz?|trann(?:y|ies)|pakis?|kikes?|chinks?|"
    r"wogs?|gypos?|dykes?)\b",
)
# The claimed name must be capitalised, so "my name is not the point" is no claim.
_NAME_CLAIM = re.compile(r"(?i:\b(?:my name is|my name's|i am called|i'm called))\s+([A-Z][a-z'-]+)")
_AGE_CLAIM = re.compile(r"\bi(?:'m| am) (\d{1,3})(?: years old|-year-old| year old)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]*[A-Za-z][^.!?]*(?:[.!?]+|$)")


class GuardFailure(StrEnum):
    """Why a reply may not be shown as the patient's."""

    empty = "empty"
    too_long = "too_long"
    speaks_as_ai = "speaks_as_ai"
    speaks_as_staff = "speaks_as_staff"
    contradicts_persona = "contradicts_persona"
    clinical_advice = "clinical_advice"
    beyond_scenario = "beyond_scenario"


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def is_empty(spoken: str) -> bool:
    """No words at all ("..." for a silence counts as words)."""
    return not spoken.strip()


def sentence_count(spoken: str) -> int:
    return len(_SENTENCE.findall(spoken))


def is_too_long(spoken: str) -> bool:
    """Longer than a chat turn: over MAX_CHARS characters or MAX_SENTENCES sentences."""
    return len(spoken) > MAX_CHARS or sentence_count(spoken) > MAX_SENTENCES


def speaks_as_ai(text: str) -> bool:
    """Steps out of the scene: an AI, an assistant, a language model, the roleplay itself."""
    return bool(_AI.search(_plain(text)))


def speaks_as_staff(text: str) -> bool:
    """Flips roles: talks as the nurse or doctor, offers medication, asks how it can help."""
    return bool(_STAFF.search(_plain(text)))


def gives_clinical_advice(text: str) -> bool:
    """Dosages, advice to take or change medication, or diagnosis talk."""
    return bool(_CLINICAL.search(_plain(text)))


def beyond_scenario(text: str) -> bool:
    """Self-harm method detail, graphic violence or slurs: beyond what a training scenario shows."""
    return bool(_BEYOND.search(_plain(text)))


def contradicts_persona(text: str, persona: Persona) -> bool:
    """Says something checkable that the persona file contradicts: another name, another age."""
    text = _plain(text)
    own = {part.lower() for part in persona.profile.name.split()}
    for match in _NAME_CLAIM.finditer(text):
        if match.group(1).lower() not in own:
            return True
    return any(int(m.group(1)) != persona.profile.age for m in _AGE_CLAIM.finditer(text))


def check_reply(spoken: str, cues: list[str], persona: Persona) -> list[GuardFailure]:
    """Every guard the reply fails, in a fixed order; [] means the reply may be used."""
    whole = " ".join([spoken, *cues])
    checks = [
        (GuardFailure.empty, is_empty(spoken)),
        (GuardFailure.too_long, is_too_long(spoken)),
        (GuardFailure.speaks_as_ai, speaks_as_ai(whole)),
        (GuardFailure.speaks_as_staff, speaks_as_staff(spoken)),
        (GuardFailure.contradicts_persona, contradicts_persona(spoken, persona)),
        (GuardFailure.clinical_advice, gives_clinical_advice(spoken)),
        (GuardFailure.beyond_scenario, beyond_scenario(whole)),
    ]
    return [name for name, failed in checks if failed]
