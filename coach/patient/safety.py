"""Questions a ward has to ask about risk: thoughts of harming themselves or anyone else, whether they feel
safe, alcohol, drugs or anything brought in, and who or what keeps them going (NICE NG10 and the risk
assessment every admission keeps up); and, for their care plan, what helps them and what makes it worse
(asked after an incident: "what would you want us to do if it happens again?"). Asked, a person answers
it, whatever else the turn named: "when you're this wound up, do you ever feel like hurting yourself?" is
about self-harm, not how wound up they are, and a shout in crisis is still "No!" to "are you going to hurt
anyone?". The persona file's topics with these ids hold the answers (coach.listening); a question is read
as one when it names the topic's words and the turn asks something ("Self-harm, any of that going on,
yeah?", "I'm obliged to ask every patient whether they have had any alcohol").
"""

from __future__ import annotations

from collections.abc import Iterator

from coach.acts import fold
from coach.grading.rules.dispatch import compile_keyed
from coach.models import Band, Persona
from coach.patient.pools import Pool, lines_at
from coach.wording import mentions_any

# A turn that asks: a question, or one put indirectly ("I have to ask you whether ...").
_ASKS = compile_keyed(r"\?|\bask(?:ing)?(?: you| every \w+| everyone| everybody| all \w+)? (?:whether|if)\b")
# The persona file's topic ids for the questions about risk, most serious first, then the care plan's.
RISK_TOPICS = ("self-harm", "harm-to-others", "safe-here", "substances", "keeps-going", "what-helps")


def risk_answers(typed: str, persona: Persona, band: Band) -> Iterator[Pool]:
    """The answer of the most serious risk topic a question in `typed` names, before anything else the turn
    said; nothing when the turn asks nothing or names none of them."""
    text = fold(typed)
    if not _ASKS.search(text):
        return
    topics = sorted(
        (t for t in persona.listening.topics if t.id in RISK_TOPICS), key=lambda t: RISK_TOPICS.index(t.id)
    )
    # The most serious named is what they answer: "are you going to hurt yourself?" names hurting as well.
    asked = next((t for t in topics if mentions_any(text, t.words)), None)
    if asked is not None:
        yield lines_at(f"topic:{asked.id}", asked.answers, band)
