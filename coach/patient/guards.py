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
    r"adhd|autism|ocd|dementia|mania|manic|borderline|bpd|eupd|emotionally unstable personality)"
)
_STAFF_ROLES = r"(?:nurse|doctor|psychiatrist|therapist|support worker|healthcare assistant|consultant)"
# Who else a model writes lines for when it plays both sides of the scene.
_LABELS = (
    rf"(?:{_STAFF_ROLES}|staff|staff member|trainee|user|assistant|patient|narrator|hca|dr|me|you|"
    r"student|coach|ooc)"
)


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
    # an assistant's refusal boilerplate, not a patient's "sorry"
    r"\bi(?:'m| am) (?:really |very )?sorry,? but i (?:can(?:not|'t)|am unable to|'m unable to|won't) "
    r"(?:help|assist|comply|provide|continue|fulfil|fulfill|do that|engage)",
    r"\bi can(?:not|'t) (?:help|assist) (?:you )?with (?:that|this|your) (?:request|question)\b",
    r"\b(?:this|that|your) request\b",
    r"\bcontent (?:policy|guidelines)\b",
    # stepping out of the scene to talk about it
    r"(?:^|[\s(\[])(?:ooc|out of character|\(\(|breaking character)\b",
    r"\b(?:in|out of|break(?:ing)?|stay(?:ing)?) (?:in )?character\b",
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
_SPEAKER_LABEL = _any(
    # a label for someone else, at the start or after a sentence: "Nurse Jo: ...", "Staff: ..."
    rf"(?:^|[.!?\"”]\s+|\n\s*){_LABELS}(?: (?-i:[A-Z][a-z]+))?\s*:\s",
    # two capitalised words and a colon, as a script would name a speaker: "Nurse Jo: ", "Dr Shah: "
    r"(?:^|[.!?\"”]\s+|\n\s*)(?-i:[A-Z][a-z]+ [A-Z][a-z]+):\s",
)
_COACHING = _any(
    r"\b(?:that was|that's|what) a (?:really |very )?(?:good|great|nice|excellent|strong) "
    r"(?:open question|closed question|use of|example of|technique|de-?escalation)",
    r"\b(?:good|great|nice|excellent) (?:use of|job (?:on|with))\b",
    r"\bopen(?:-ended)? questions?\b",
    r"\bde-?escalation (?:technique|skill|training|practice|strateg)",
    r"\b(?:active|reflective) listening\b",
    r"\b(?:your|the) (?:trainee|training|feedback|learning|practice session)\b",
    r"\b(?:next time|in future),? (?:you (?:could|might|should)|try)\b",
    r"\bwell done (?:for|on) (?:using|asking|offering|validating|acknowledging)\b",
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
    rf"\b(?:signs|a case|textbook|classic|typical|presentation) (?:of )?{_CONDITIONS}",
    rf"\bsounds? (?:like|to me like) (?:\w+ ){{0,2}}{_CONDITIONS}",
    r"\byou(?:'re| are) (?:so |clearly |obviously |just |being )?(?:a )?(?:psychotic|manic|schizophrenic|"
    r"bipolar|borderline)\b",
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
    # stockpiling medication to take at once
    rf"\b(?:saving|saved|stockpil\w*|hoard\w*|stash\w*|collect\w*|hid(?:ing|den)?|kept|keeping|squirrel\w*) "
    rf"(?:up )?(?:all )?(?:my |the |some |these |them |a few )?(?:\w+ ){{0,2}}{_DRUGS}\b",
    rf"\b{_DRUGS} (?:saved|stashed|hidden|stockpiled|under (?:my|the) (?:mattress|pillow|bed))\b",
    rf"\btake (?:them |the )?all (?:of )?(?:them|my|the)? ?(?:{_DRUGS})? ?at once\b",
    # graphic violence
    r"\b(?:slit|cut) (?:your|his|her|their) throats?\b",
    r"\bstab(?:bing)? (?:you|him|her|them) (?:in|to|until)\b",
    r"\bgut (?:you|him|her|them)\b",
    r"\b(?:smash|bash|cave) (?:your|his|her|their) (?:head|skull|face) in\b",
    r"\bblood (?:everywhere|all over)\b",
    r"\bbeat (?:you|him|her|them) to death\b",
    r"\b(?:break|snap|smash|crack|bust|rip|tear|gouge|bite) (?:your|his|her|their) (?:\w+ )?"
    r"(?:jaw|neck|nose|arms?|legs?|fingers?|teeth|skull|face|eyes?|ribs?|head|throat|ears?)\b",
    r"\b(?:kill|stab|glass|strangle|throttle|knife|bottle|burn|maim) (?:you|him|her|them)\b",
    r"\b(?:teeth|blood|brains) (?:out|all over|on the floor)\b",
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
    writes_for_others = "writes_for_others"
    coaches_trainee = "coaches_trainee"


# What each failure means, in words the model is told when it is asked to redraft.
WHY = {
    GuardFailure.empty: "it said nothing",
    GuardFailure.too_long: f"it was longer than a chat line (over {MAX_SENTENCES} sentences)",
    GuardFailure.speaks_as_ai: "it stepped out of the scene (an AI, an assistant, a refusal, an aside)",
    GuardFailure.speaks_as_staff: "it spoke as staff (offering medication or help as a nurse would)",
    GuardFailure.contradicts_persona: "it gave a name or age the character does not have",
    GuardFailure.clinical_advice: "it gave clinical advice, a dose or a diagnosis",
    GuardFailure.beyond_scenario: "it described self-harm, saved-up tablets, graphic violence or a slur",
    GuardFailure.writes_for_others: "it wrote lines for someone else (a speaker label such as 'Nurse:')",
    GuardFailure.coaches_trainee: "it commented on or coached the staff member's technique",
}


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


def writes_for_others(text: str) -> bool:
    """Writes a line for someone else: a speaker label such as "Nurse Jo:" or "Staff:" (the model playing
    both sides of the scene)."""
    return bool(_SPEAKER_LABEL.search(_plain(text)))


def coaches_trainee(text: str) -> bool:
    """Comments on the staff member's technique, as a trainer would ("That was a good open question")."""
    return bool(_COACHING.search(_plain(text)))


def contradicts_persona(text: str, persona: Persona) -> bool:
    """Says something checkable that the persona file contradicts: another name, another age."""
    text = _plain(text)
    own = {part.lower() for part in persona.profile.name.split()}
    for match in _NAME_CLAIM.finditer(text):
        if match.group(1).lower() not in own:
            return True
    return any(int(m.group(1)) != persona.profile.age for m in _AGE_CLAIM.finditer(text))


def check_reply(
    spoken: str, cues: list[str], persona: Persona, *, partial: bool = False
) -> list[GuardFailure]:
    """Every guard the reply fails, in a fixed order; [] means the reply may be used. `partial` checks
    the sentences of a reply still streaming (so an empty start is no failure yet)."""
    whole = " ".join([spoken, *cues])
    checks = [
        (GuardFailure.empty, not partial and is_empty(spoken)),
        (GuardFailure.too_long, is_too_long(spoken)),
        (GuardFailure.speaks_as_ai, speaks_as_ai(whole)),
        (GuardFailure.speaks_as_staff, speaks_as_staff(spoken)),
        (GuardFailure.contradicts_persona, contradicts_persona(spoken, persona)),
        (GuardFailure.clinical_advice, gives_clinical_advice(spoken)),
        (GuardFailure.beyond_scenario, beyond_scenario(whole)),
        (GuardFailure.writes_for_others, writes_for_others(spoken)),
        (GuardFailure.coaches_trainee, coaches_trainee(spoken)),
    ]
    return [name for name, failed in checks if failed]
