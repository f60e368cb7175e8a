"""The verbs of staff's acted lines, each of a class of doing (arriving, leaving, a posture, touch, ...),
with every form a line may use ("walks", "walked", "walking", "came")."""

from __future__ import annotations

import re
from enum import StrEnum


class Doing(StrEnum):
    """The class of doing an acted verb names."""

    arrive = "arrive"
    leave = "leave"
    approach = "approach"
    retreat = "retreat"
    posture = "posture"  # sits, stands, crouches: the words after it say how close
    touch = "touch"
    call = "call"
    hand_over = "hand_over"
    shout = "shout"
    hush = "hush"
    bring = "bring"
    confer = "confer"  # with whom, and how, is in the words after it
    knock = "knock"


def words_of(text: str) -> tuple[str, ...]:
    """The words of a space-separated list."""
    return tuple(text.split())


_LEMMAS: dict[Doing, tuple[str, ...]] = {
    Doing.arrive: words_of(
        "come walk arrive enter appear join run rush wander pile follow gather turn pop stroll hurry "
        "hang hover troop file crowd flood pour burst barge march storm"
    ),
    Doing.leave: words_of("leave go head exit shoot disappear depart"),
    Doing.approach: words_of(
        "approach edge close reach lean bend loom tower corner surround block move step shuffle get"
    ),
    Doing.retreat: words_of("back retreat withdraw"),
    Doing.posture: words_of(
        "sit stand crouch kneel squat perch stay wait plonk park settle pull drag draw lower keep open"
    ),
    Doing.touch: words_of("touch pat grab hold squeeze stroke rub grip guide put place rest lay take"),
    Doing.call: words_of(
        "call radio beckon wave signal page buzz press ring nod gesture fetch point motion indicate"
    ),
    Doing.hand_over: words_of("hand swap pass handover"),
    Doing.shout: words_of("shout yell bellow snap bark raise scream holler"),
    Doing.hush: words_of("whisper murmur soften"),
    Doing.bring: words_of("bring give offer carry set show lift spread"),
    Doing.confer: words_of("confer huddle exchange trade glance look talk speak chat mutter say have"),
    Doing.knock: words_of("knock tap rap"),
}
# Forms the rule in _forms does not make.
_IRREGULAR = dict(
    pair.split(":")
    for pair in words_of(
        "came:come went:go goes:go left:leave sat:sit stood:stand knelt:kneel leant:lean held:hold "
        "took:take brought:bring gave:give ran:run got:get shot:shoot carries:carry hurries:hurry "
        "said:say has:have had:have squatting:squat drew:draw"
    )
)


def _forms(lemma: str) -> set[str]:
    """A regular verb's forms: walk, walks, walked, walking; come, coming; sit, sitting."""
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    doubled = lemma + lemma[-1] if re.search(r"[^aeiou][aeiou][pbtgdnm]$", lemma) else lemma
    plural = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    return {lemma, plural, doubled + "ed", doubled + "ing"}


# Every form of every verb read, with its lemma and class: "walked" -> ("walk", Doing.arrive).
VERB: dict[str, tuple[str, Doing]] = {
    form: (lemma, doing) for doing, lemmas in _LEMMAS.items() for lemma in lemmas for form in _forms(lemma)
}
VERB.update({form: (lemma, VERB[lemma][1]) for form, lemma in _IRREGULAR.items()})
