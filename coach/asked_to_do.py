"""What a staff turn asks the patient to do: an order ("sit down", "Maureen, put it down"), a request
asked outright ("could you sit down for me?"), and, in a turn that names a care task, their consent asked
for it or the task announced to them. coach.acts reads the turn's acts with these."""

from __future__ import annotations

import re

from coach.grading.rules.dispatch import compile_keyed
from coach.wording import ENDEARMENTS, fold, sentences

# "Go on then, teach me": asked for what they know, as a question asks (coach.asking), not told to do it.
ASKS_THEIR_KNOWING = re.compile(
    r"^(?:(?:go on|go on then|come on),? )?(?:teach me|show me how|talk me through)\b"
)
ORDER = re.compile(
    # "Maureen, sit down": a word to get their attention (their name, a filler) before the order
    rf"^(?:(?:right|now|okay|ok|come on|listen|tell you what),? )?(?:(?:{ENDEARMENTS}),? |[a-z]+, )?"
    r"(?:please )?(?:go|sit|stop|come|take(?! care)|calm|put|get|stay|move|wait|leave|give|lower|keep|back|"
    r"step|hand|quiet|pop|"
    r"pass|drop|up you get|"
    r"settle|shut|don't|do not|you need to|you have to|you must|"
    r"you've got to|i need you to|i want you to|apologi[sz]e|say sorry|behave|hurry|follow|lie down|"
    r"pipe down|"
    r"pack it in|knock it off|cut it out|grow up)\b|"
    # A command cut to its bones: "Coat off.", "phone away, please", "Room. Now.", "Now!"
    r"^(?:(?:your|that|the) )?(?!(?:carry|hang|hold|later|early|go|come|log|sign|switch)\b)[a-z]+ "
    r"(?:off|on|down|away|out)(?:,? (?:now|please|pls))*"
    r"(?:\W*$|,? (?:n|and) (?:sit|go|come|get|put|stay|wait)\b)|"
    r"^now\b(?:,? (?:please|pls|[a-z]+))?\W*$"
)


# Asking the patient to do something, as a question: "could you sit down for me?", "would you mind
# stepping back?". Asking them to tell, explain or remember is a question, answered as one.
# A word or two may come first to get their attention ("Sorry, could you ...", "Mate, can you ...",
# "Nadia, would you ..."): a filler, or any one word said before a comma.
_REQUEST = re.compile(
    r"^(?:(?:so|okay|ok|right|now|sorry|excuse me|mate|love|pet|hun|hen|pal|just|mr|mrs|ms|miss|"
    r"[a-z]+,),? ){0,2}"
    r"(?:(?:could|can|would|will) you (?:please |just |maybe |possibly )?"
    r"(?:(?:be able to|try (?:and|to)) )?|would you mind (?:just )?|"
    r"would you be (?:willing|happy|ok|okay) to )"
    r"(?:sit|stand|come|go|step|move|shuffle|budge|shift|scoot|put|give|hand|pass|take|wait|stay|lower|keep|"
    r"hold|try|open|shut|close|"
    r"turn|leave|stop|pop|follow|walk|pick|bring|fetch|get|breathe|eat|drink|sign|fill|"
    r"let (?:go|me (?:in|see|past|by))|"
    r"back|head|join|swallow|show me (?:your|the)|sitting|standing|coming|going|stepping|moving|putting|"
    r"giving|handing|passing|taking|waiting|staying|lowering|keeping|holding|opening|closing|turning|"
    r"leaving|stopping|popping|following|walking|bringing|letting)\b"
)
# A care task staff do on or for a patient: observations, a blood test, a weight, a wash, medication, a
# form to sign, a check of their room or things. Asking their consent to one is asking them to do
# something (to let it be done), however the question is put.
_CARE_TASK = compile_keyed(
    r"\b(?:obs|observations|blood pressure|bp|pulse|temperature|temp|bloods?|blood tests?|blood sample|"
    # NEWS2 by its name, not "good news"
    r"weight|weigh|weighed|weighing|scales|news ?2|news score|must screen|ecg|sats|oxygen levels?|"
    r"injection|depot|"
    r"tablets?|medication|meds|dose|forms?|sign|signed|consent|property|belongings|room checks?|"
    r"check (?:of )?(?:all )?(?:the |your )?(?:rooms?|bags?|things|belongings)|search|wash|shower|"
    r"dressings?|swab)\b"
)
# Their agreement asked for: "would you let me ...", "can I ...", "is it okay if ...", "are you happy to
# sign?", "would you be willing to ...", "is okay we do it now?" (not "is that okay?", which weighs what
# was just put to them, nor "are you okay?", which asks after them).
_ASKS_CONSENT = re.compile(
    r"\b(?:would|will|could|can) you let (?:me|us)\b|\b(?:can|could|may|shall) (?:i|we) (?!ask\b)|"
    r"\b(?:would|do) you mind if\b|\bis (?:it )?(?:ok|okay|alright|all right)\b|"
    r"\bare you (?:happy|ok|okay|alright|all right|willing|up for) (?:to|for|with|if)\b|"
    r"\bwould you be (?:willing|happy|ok|okay)\b"
)
# Staff saying they are about to do a care task: "just going to do your obs", "we need to check your room".
_ANNOUNCED = re.compile(
    r"^(?:(?:so|okay|ok|alright|right|now|sorry|[a-z]+,),? ){0,2}"
    r"(?:(?:(?:i'm|i am|we're|we are) )?(?:just )?(?:going to|gonna) |"
    r"(?:i|we) (?:just )?(?:need|have|have got|'ve got|must) (?:to )?)"
    r"(?:make|check|do|take|weigh|listen to|have a (?:quick )?look (?:at|through)|look (?:at|through)|search)"
    r"\b(?:\W+\w+){0,4}?\W+(?:your|you)\b"
)


def requests_in(said: str) -> tuple[str, ...]:
    """The sentences of `said` that ask them to do something: asked outright ("could you sit down?"), or,
    in a turn that names a care task, their consent asked for it or the task announced to them."""
    caring = bool(_CARE_TASK.search(fold(said)))
    asked = []
    for sentence in sentences(said):
        folded = fold(sentence)
        if _REQUEST.match(folded) or (
            caring and (("?" in sentence and _ASKS_CONSENT.search(folded)) or _ANNOUNCED.match(folded))
        ):
            asked.append(sentence)
    return tuple(asked)
