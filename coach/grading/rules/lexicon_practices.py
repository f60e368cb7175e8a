"""Phrase tables for risky practices that are not flags of their own but shape the scores: curt, lecturing,
passing the buck, hedging, swearing, provocative gestures, and instructions (demands).

Sources: Safewards Soft Words and Talk Down, Project BETA, DABS.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Rule, Scope, group

CURT = group(
    F.curt,
    "Curt, irritated or dismissive words close the conversation and are heard as not caring "
    "(DABS: valuing the patient).",
    r"not my problem",
    r"deal with it",
    r"tough luck",
    r"tough(?=[.!]|$)",
    r"whatever(?=[.!?,]|$)",
    r"i (?:don't|do not) (?:have time|care)",
    r"i (?:haven't|have not) got time",
    r"i'm (?:too )?busy",
    r"end of(?: story| discussion| conversation)?(?=[.!]|$)",
    r"stop asking",
    r"(?:don't|do not) ask (?:me )?again",
    r"(?:that's|that is) enough",
    r"enough(?: now)?!",
    r"we're done(?: here)?",
    r"i'm not (?:going to )?(?:discuss|discussing) (?:this|it|that)",
    r"because i said so",
    r"rules are rules",
    r"it is what it is",
    r"(?:that's|that is) (?:just )?(?:how|the way) it is",
    r"hurry up",
    r"get on with it",
    r"what (?:is it|do you want) now",
    r"what now(?=\?)",
    r"what do you want(?=[?!.]|$)",
    r"(?:not again|here we go(?: again)?(?=[.!]|$))",
    r"for (?:god's|goodness|heaven's|pete's|christ's) sake",
    r"i've got other patients",
    r"ugh",
    r"(?:right,? )?that's it(?=[.!]|,? (?:i've|you're|i'm|we're|enough))",
    r"i've had enough",
    r"i (?:dunno|dno)",
    r"whatever you (?:want|like)(?=[.!]|$)",
    r"(?:^|(?<=[.!?]\s))(?:and|so)\?",
    r"(?:we're|we are) all busy",
    r"join the club",
    r"can(?:'t| you not)? you (?:not )?see (?:i'm|i am|that i'm|we're)",
    r"(?:you'll|you will) be seen when you're seen",
    # A no that puts it back on the person: "you know I can't", "we've been over this", "still the same".
    r"you know (?:i|we) (?:can't|cannot|won't|don't)",
    r"(?:we've|we have|i've|i have) (?:already )?been (?:over|through) (?:this|it|that)|(?:i've|i have) already"
    r" (?:told|said to) you",
    r"(?:the )?answer(?:'s| is) still the same|(?:it's|that's) still (?:a )?no",
    r"(?:it's )?(?:me|this|that) or (?:nobody|no one|nothing)|take it or leave it",
    r"(?:^|(?<=[.!?]\s))oi(?=[,.!]|$| )",
)

BRUSQUE = group(
    F.curt,
    "Brushing the person off ('nothing to do with me', 'take it up with them') or shaming them in front of "
    "others closes the conversation and humiliates (DABS: valuing the patient).",
    r"nothing to do with (?:me|us|nursing|the ward|the nurses)",
    r"(?:it )?(?:wasn't|was not|not) me(?=[.,!]| mate|$)",
    r"take it up with",
    r"(?:make|making|cause|causing) a scene",
    r"embarrassing yourself",
    r"in front of (?:everyone|everybody|the others|all these people)",
)

CURT_GO_AWAY = Rule(
    F.curt,
    r"go away",
    "Sending the person away closes the conversation (DABS: valuing the patient).",
    unless_preceded_by=r"\b(?:i'll|i will|won't|not|i'm not going to|i could|i can) ",
)

LECTURE = group(
    F.lecture,
    "Lecturing and defending yourself turn a limit into a contest; say it once, briefly, with the reason "
    "(Safewards Soft Words).",
    r"how many times",
    r"i've (?:already )?told you",
    r"i told you",
    r"for the (?:last|hundredth|tenth) time",
    r"i'm not (?:going to|gonna) (?:tell|say|repeat|ask) (?:you |it |this |that )?again",
    r"you (?:should|ought to) (?:know|have known|know better|understand)",
    r"you know (?:full well|the rules|better|perfectly well)",
    r"(?:you need to|you have to|you've got to) (?:understand|accept|realise|realize|learn|respect)",
    r"(?:it's|that's) your own fault",
    r"you brought (?:this|it) on yourself",
    r"(?:only )?(?:got )?yourself to blame",
    r"if you (?:had|hadn't|had not) (?:behaved|listened|done|been)",
    r"(?:don't|do not) (?:take|use) that tone",
    r"(?:don't|do not) (?:speak|talk) to me like that",
    r"i won't be spoken to",
    r"i'm not (?:being|going to be) spoken to",
    r"i (?:don't|do not) appreciate",
    r"i'm (?:just )?doing my job",
    r"(?:it's|it is) not my fault",
    r"i (?:didn't|don't|do not|did not) make the (?:rules|decision)",
    r"when you (?:learn to )?behave",
    r"behave(?: yourself)?",
    r"you're not (?:special|in charge|a child)",
    r"(?:that's|that is) no excuse",
    r"no excuse for",
    r"let me be (?:very )?clear",
    r"frankly",
    r"(?:it's|that's|it is|that is) (?:a bit |quite |really )?(?:insulting|rude|disrespectful|offensive|out of order)",
    r"every time you (?:decide|want|feel like|think)",
    r"you've been told",
    r"(?:the )?rules apply to everyone",
    r"life (?:isn't|is not) fair",
    r"who do you think you are",
    r"(?:you're|you are) (?:being )?(?:rude|aggressive|abusive|disrespectful|inappropriate)",
    r"(?:in|on) (?:this|my) ward,? we",
)

BUCK_PASSING = group(
    F.buck_passing,
    "Passing the decision to someone else ('not my decision', 'ask the doctor') leaves the person with "
    "nowhere to go; own the no and say what you will do (Safewards Soft Words).",
    r"(?:not|isn't|is not) my (?:decision|call|choice|problem|department|job)",
    r"(?:not|isn't|is not) up to me",
    r"nothing (?:i|we) can do",
    r"out of my hands",
    r"(?:above|beyond) my pay ?grade|not my (?:shout|place|area)",
    r"(?:you'll|you will|you'd|you would) (?:have|need) to (?:ask|speak to|talk to|see|take it up with|wait for)",
    r"(?:that's|that is|it's|it is) (?:for|up to|down to) (?:the|your) (?:doctor|team|consultant|psychiatrist|manager|nurse in charge)",
    r"take it up with",
    r"(?:ask|speak to|talk to|complain to|see) (?:the|your) (?:doctor|consultant|nurse in charge|manager|team|psychiatrist|ward manager|day staff|night staff)",
    unless_preceded_by=r"\b(?:i'll|i will|let me|i can|i could|we can|we could|i'm going to|i am going to|want me to|like me to|can i|i'd|shall i|should i|help you|or|and|to)\s*$",
)

EVASIVE = group(
    F.evasive,
    "Hedging ('we'll see', 'maybe later') is a no in disguise; it keeps the person asking and erodes trust "
    "(Safewards Soft Words: be clear).",
    r"we'll (?:have to |just have to )?see",
    r"(?:maybe|perhaps|possibly) later",
    r"i'll see what i can do",
    r"probably not",
    r"(?:we|i) might be able to",
    r"(?:maybe|perhaps),? (?:another time|some other time|one day|another day|some other day)",
)

# Hedges that are a no in disguise only when they answer a request ("Can I...?" "Hmm, possibly, I'd have
# to check, I'm not sure"); elsewhere they are honest uncertainty. reading.py decides which.
HEDGE = group(
    F.hedge,
    "A hedged non-answer to a request is a no in disguise; it keeps the person asking and erodes trust "
    "(Safewards Soft Words: be clear).",
    r"(?:i'm|i am) not (?:really )?sure(?: though| about that| if (?:we|i) can)?(?=[.,!]|$)",
    r"(?:i'd|i would) have to (?:check|ask|see|find out)",
    r"(?:it )?might be something (?:we|i) (?:could|can)",
    r"(?:hmm|um|erm|well),? (?:possibly|maybe|perhaps)",
    r"possibly,? i mean",
    r"i'd like to think so",
    r"(?:it )?(?:all )?depends (?:on )?(?:who|how|what|whether|if)",
    r"no promises",
    r"(?:we'll|we will|i'll|i will) (?:try|do) (?:our|my) best",
    r"hopefully(?=[.,!]|$)",
    r"(?:one|something) (?:to think about|for)(?: for)? (?:the future|another (?:day|time)|later)",
    # "I wish.": a request met with a sigh rather than an answer.
    r"i wish(?=[.!,]|$)",
    r"further down the line",
    r"(?:a bit|quite|bit) tricky",
    r"not (?:really )?one for (?:today|tonight|now|this (?:afternoon|morning|evening|week))",
    r"(?:^|(?<=[.!?]\s))(?:maybe|possibly|perhaps|we'll see|let me see|let's see)(?=[.,!]|$)",
    r"(?:i'll|let me) see (?:about (?:it|that)|what i can do)",
)

SWEARING = group(
    F.swearing,
    "Swearing at the person is hostile whatever the words around it (Project BETA: do not be provocative).",
    r"f+u+c+k\w*",
    r"shit\w*",
    r"bloody",
    r"piss(?: off|ed)?",
    r"bollocks",
    r"bastard",
    r"(?:bugger|sod) off",
    r"shut (?:up|it|your mouth)",
)

PROVOCATIVE = group(
    F.provocative,
    "A closed or aggressive posture (arms folded, pointing, hands on hips, sighing, staring) reads as "
    "hostile whatever the words (Project BETA: calm face, hands visible).",
    r"(?:crosses|folds|folded|crossed) (?:\w+ )?arms",
    r"(?:points?|pointing|jabs?|wags?) (?:a |\w+ )?(?:finger|at (?:him|her|them))",
    r"hands on hips",
    r"(?:sighs?|tuts?|huffs?|groans?)",
    r"(?:stares?|glares?)",
    r"(?:slams?|bangs?|thumps?)",
    r"shakes? (?:\w+ )?head",
    r"(?:clenches|clenched) (?:\w+ )?(?:fists?|jaw)",
    scope=Scope.action,
)

PRACTICE_RULES: tuple[Rule, ...] = (
    *CURT,
    *BRUSQUE,
    CURT_GO_AWAY,
    *LECTURE,
    *BUCK_PASSING,
    *EVASIVE,
    *HEDGE,
    *SWEARING,
    *PROVOCATIVE,
)

# A demand is a clause that starts (after fillers such as "right," or "just") with an instruction verb.
# Counted per clause: one short request at a time is good practice, several at once overwhelm.
DEMAND_WHY = (
    "Several instructions at once overwhelm an agitated person; make one short request at a time "
    "(Project BETA: be concise; Safewards: asking someone to do something is a flashpoint)."
)
COMMAND_WHY = (
    "A bare command is heard as cold and controlling; ask, with a reason, and offer a choice "
    "(Safewards: asking someone to do something is a flashpoint)."
)
DEMAND = re.compile(
    r"^(?:(?:please|just|now|right|ok|okay|so|come on|look|hey|oi|mate|well|also|and|then|but|fine|i said"
    r"|i told you)\W+)*"
    r"(?:(?:you need to|you have to|you must|you've got to|youve got to|you gotta|i need you to|i want you to)"
    r"\s+(?!understand|accept|realise|realize|know|be\b|have been|feel|remember)\w+"
    r"|sit(?:\s+down)?|stand\s+(?:up|back|still|over|there)|stop|give\s+(?:me|it|that|them|those|us)(?!\s+(?:a|an|\d+|two|five|ten|twenty|half|some)\s+(?:few|couple|bit|while|minutes?|mins?|moment|sec|seconds?|hours?|week|day|month|go|try|time)\b|\s+time\b)"
    r"|back\s+to\s+(?:your|the)\s+\w+|hand\s+(?:it|that|me|them|over)|put\s+(?:it|that|them|the|down|away|those|this)|drop\s+(?:it|that|the)"
    r"|go\s+(?:to|back|away|now|over|and|in|outside|inside)|get\s+(?:back|out|in|off|away|down|up|over|inside)"
    r"|come\s+(?:here|with\s+me|back|over|out|away|down)|move|leave\s+(?:it|that|the|now|this)(?!\s+with\s+me)"
    r"|listen\s+to\s+me|be\s+(?:quiet|calm|sensible|reasonable|nice|careful)|shut\s+(?:up|it)"
    r"|keep\s+(?:quiet|still|your\s+voice|it\s+down|calm)|lower\s+(?:your|the)\s+voice|turn\s+(?:it|that|the)"
    r"|back\s+(?:off|away|up)|step\s+(?:back|away|aside|outside)"
    r"|take\s+(?:your|the|it|that|this)\s+(?:medication|meds|tablets?|pills?)|take\s+(?:them|these|those)\b"
    r"|move\s+along|(?:calm|quiet|settle)\s+down"
    r"|pack\s+it\s+in|knock\s+it\s+off|cut\s+it\s+out|return\s+to|wait\s+(?:here|there|outside|in|until|till)"
    r"|hurry\s+up|look\s+at\s+me|don'?t\s+(?:shout|swear|throw|hit|touch|talk|speak|kick|bang|spit|you\s+dare|move)"
    r"|answer\s+(?:me|the\s+question)|apologi[sz]e|clean\s+(?:that|it|this)\s+up|pick\s+(?:that|it|this)\s+up"
    r"|do\s+as\s+(?:you'?re|i\s+say)|behave)\b",
    re.IGNORECASE,
)
# After one instruction, any clause that opens with a verb is another ("shower, change your sheets, eat").
FOLLOW_ON_DEMAND = re.compile(
    r"^(?:then\s+|also\s+)?(?:shower|wash|change|eat|drink|come|go|take|get|put|give|sit|stand|stop|clean|tidy"
    r"|pick|have|make|bring|fetch|hand|leave|move|check|write|tell|show|open|close|shut|turn|wait|follow|listen"
    r"|look|answer|do|be|keep|lower|calm|settle|drop|apologi[sz]e|behave|return|stay|hurry)\b",
    re.IGNORECASE,
)
DEMAND_SOFTENERS = re.compile(r"\b(?:would you|could you|can you|if you can|when you're ready)\b|\?", re.I)
