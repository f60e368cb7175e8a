"""Text that is not said to the patient: words addressed to a grader or a model (flagged and ignored for
scoring), and claims about the manner of a line ("I'm saying this calmly") that earn nothing.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Rule, group
from coach.models import Flag

GRADER_INJECTION = group(
    Flag.grader_injection,
    "Words addressed to a grader or a model instead of the patient are ignored for scoring; a grade is "
    "earned by what the patient hears.",
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,30}\b(?:instructions?|prompts?|rules|rubric|guidelines|messages?|above)\b",
    r"\b(?:new|system|updated|hidden|secret) (?:instructions?|prompt)\b",
    r"(?:^|\n|[.!?] )\s*(?:system|assistant|user|grader|evaluator|judge|model|ai|rater|marker|scorer)\s*:",
    r"\b(?:grader|evaluator|llm|language model|ai model|chatgpt|gpt-?\d*|rater|scorer|rubric)\b",
    r"\b(?:rate|score|grade|mark)\b (?:this|me|my|the|it)\b[^.!?\n]{0,20}?(?:\d|full|top|perfect|max|highest)",
    r"\bgive (?:this|it|me|my) (?:turn |response |reply |answer )?(?:a |an )?(?:\d+ ?/|\d+ out of|full|top|perfect|max)",
    r"\b(?:tone|options|escalation[ _-]?risk|no[ _-]?brevity|refusal|score|scores|rating|grade|validation|space|teamwork|flags)\b\s*[:=]\s*[\[\"']?\s*(?:\d|none|true|false|empty)",
    r"\"(?:tone|options|escalation_risk|no_brevity|refusal|flags|scores?|grade)\"\s*:",
    r"\b\d{1,3}\s*/\s*(?:5|10|100)\b",
    r"\b\d{1,3}\s*out of\s*(?:5|10|100)\b",
    r"\b(?:full|top|perfect|maximum|max|highest|best) (?:possible )?(?:marks|score|points|rating|grade)\b",
    r"<\|?\s*/?\s*(?:system|im_start|im_end|endoftext|instructions?|prompt)\s*\|?>",
    r"\[/?(?:inst|sys)\]",
    r"\bas an ai\b",
    r"\byou are (?:now )?(?:a|an|the) (?:grader|evaluator|judge|assistant|ai|model|language model)\b",
    r"\b(?:this|the|my) (?:turn|response|reply|answer) (?:is|deserves|should (?:get|be|score)|gets) (?:a |an )?(?:\d|perfect|excellent|exemplary|flawless|top)",
    r"\b(?:jailbreak|prompt injection)\b",
    r"\bescalation_risk\b|\bno_brevity\b",
    whole_words=False,
)

INJECTION_RULES: tuple[Rule, ...] = GRADER_INJECTION

# Claims about the manner of a line ("I'm saying this calmly and respectfully", "(warm tone, offering
# choices)") are not heard by the patient and earn nothing; the words that follow decide.
MANNER_CLAIM = re.compile(
    r"\((?=[^)]*\b(?:tone|calm|warm|respectful|empath|choices|validat|gentl|soft|kind|firm|friendly)\w*)[^)]{0,120}\)"
    r"|\[(?=[^\]]*\b(?:tone|calm|warm|respectful|empath|choices|validat|gentl|soft|kind|firm|friendly)\w*)[^\]]{0,120}\]"
    r"|\b(?:i'?m|i am) (?:saying|telling you|asking|doing) (?:this|it|you|that)?\s*(?:very\s+)?"
    r"(?:(?:calmly|respectfully|kindly|gently|warmly|empathetically|with (?:empathy|respect|compassion|kindness))"
    r"(?:,?\s*(?:and\s+)?)?)+:?",
    re.IGNORECASE,
)
