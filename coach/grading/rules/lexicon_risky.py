"""Phrase tables for what makes a turn worse: the named flags and the other risky practices.

Each group is one feature and one reason; the reason is what a trainee reads in the evidence. The
sources are the rubric's: Project BETA, Safewards (Soft Words, Talk Down), NICE NG10, DABS, STAMP.
Multiple demands and shouting are counted, not matched, so they live in reading.py.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Rule, Scope, group

# "your" is how "you're" is often typed; STRICT leaves it out where "your child" would be misread.
YOU_ARE = "(?:you're|you are|your|ur|u r)"
YOU_ARE_STRICT = "(?:you're|you are|ur|u r)"
# A negation up to three words before a phrase undoes it ("no one is going to restrain you"), but not the
# condition of a threat ("if you don't stop, ...").
NEGATED = r"(?<!if\syou\s)\b(?:not|no one|nobody|no-one|never|won't|isn't|don't|aren't|doesn't|wouldn't|without)\b(?:\W+\w+){0,3}\W*"
# Words that make a phrase a report of the person's feeling rather than the speaker's claim.
REPORTED = r"(?:feels? like|feeling like|felt like|as if|as though|you think|you believe|worried|scared|afraid|sounds like|seems like|because|that) "

CALM_DOWN = group(
    F.calm_down,
    "Telling someone to calm down is a command about their feelings; it is heard as dismissal "
    "(Project BETA: help the person calm themselves).",
    r"(?:calm|settle|quieten|quiet|simmer|cool) (?:your ?self |yourself )?down",
    r"calmed down",
    r"calm (?:yourself|it)",
    r"relax",
    r"take a chill pill",
    r"chill(?: out)?",
    r"cool it",
    r"get a grip",
    # "what helps you calm down?" asks about Calm Down Methods, it is not the command.
    unless_after=r"\b(?:help(?:s|ed|ing)?(?: you)?(?: to)?|try to|trying to|ways to|want to|like to|able to|how to|"
    r"chance to|time to|somewhere to|place to|you can|you could|we can|we could) ",
)

THREAT = (
    *group(
        F.threat,
        "A threat raises fear and invites a fight; limits work when stated as facts, not threats "
        "(Project BETA, Safewards Talk Down).",
        r"or else",
        r"(?:you'll|you will|you're going to|you are going to|you're gonna) (?:regret|be sorry)",
        r"(?:i'll|i will|we'll|we will) (?:make|force) you",
        r"(?:you'd|you had) better",
        r"(?:don't|do not) make me",
        r"(?:last|final) warning",
        r"i'm warning you",
        r"(?:this is|consider this) (?:a|your) warning",
        r"there (?:will|'ll) be consequences",
        r"you're asking for (?:it|trouble)",
        r"see what happens",
        r"try me",
        r"(?:watch|mind) (?:it|yourself|your (?:mouth|tone|step|language))",
        r"or you'll (?:be|get|have|end|see|lose|regret)",
        r"(?:you'll|you will) (?:be in|get in|get into|end up in) (?:\w+ )?trouble",
        r"you won't like (?:it|what happens)",
        r"(?:i'll|i will|we'll|we will) (?:deal with|sort) you",
        r"(?:i'll|i will|we'll) (?:report|write) you up",
    ),
    Rule(
        F.threat,
        r"(?:if you|you) (?:don't|do not|keep|carry on|continue|won't|refuse|touch|try|do that)\b[^.!?]{0,60}?"
        r"(?:i'll|i will|we'll|we will|you'll|you will|i'm going to|we're going to|i'm gonna|then) "
        r"(?:have to |be forced to )?(?:call|lose|report|cancel|remove|ban|throw|kick|lock|restrain|section"
        r"|inject|sedate|medicate|stop your|take (?:away|your)|put you|move you|send you|end up|be (?:restrained"
        r"|secluded|sectioned|moved|removed|put)|get (?:security|the police|the team|restrained|the needle))",
        "A condition with a consequence attached is a threat, however calmly it is said; state the limit and "
        "the reason instead (Project BETA: limits as facts).",
    ),
)

CONTAINMENT_THREAT = (
    *group(
        F.containment_threat,
        "Naming seclusion, restraint, injection, security, police or loss of leave uses containment as "
        "leverage, and a threat of containment is itself a flashpoint (Safewards; NICE NG10).",
        r"seclu(?:de|ded|sion)",
        r"restrain(?:ed|t|ts|ing)?",
        r"(?:hold|pin|take|put) (?:you|him|her|them) (?:down|on the floor|to the floor)",
        r"(?:an |the )?injections?",
        r"inject(?:ed|ing)? (?:you|him|her|them)",
        r"needles?",
        r"jab",
        r"rapid tranq\w*",
        r"sedat(?:e|ed|ion|ing|ive)",
        r"(?:give|gives|giving) (?:you|him|her|them) something to (?:calm|settle|sedate|knock)",
        r"security",
        r"(?:the )?(?:police|cops|coppers)",
        r"(?:response|restraint|emergency|rapid response) team",
        r"(?:press|pull|hit) (?:the |my )?(?:alarm|panic button)",
        r"section (?:you|him|her|them)",
        r"(?:get|have|be|being) (?:you |him |her |them )?sectioned",
        r"put (?:you|him|her|them) (?:on|under) (?:a )?section",
        r"(?:lose|losing|lost|stop|cancel|take away) (?:your|all your|any|his|her|their) (?:leave|privileges|phone|visits|section 17)",
        r"your leave (?:will|'ll) be (?:stopped|cancelled|revoked|taken away|suspended)",
        r"(?:move|transfer|send|take) (?:you|him|her|them) (?:to|into) (?:picu|another ward|a locked ward|seclusion|intensive care)",
        r"picu",
        r"lock (?:you|him|her|them) (?:in|up|away)",
        r"(?:increase|up|raise) (?:your|his|her|their) (?:obs|observations|observation level)",
        r"(?:put|place|keep) (?:you|him|her|them) on (?:1:1|one to one|one-to-one|level \d|close|continuous|enhanced) ?(?:obs|observations)?",
        scope=Scope.both,
        unless_after=NEGATED,
    ),
    Rule(
        F.containment_threat,
        r"IM",
        "IM means an injection: naming it to an agitated person is containment used as leverage (Safewards).",
        case_sensitive=True,
    ),
    *group(
        F.containment_threat,
        "'I don't want to have to...' is still a threat of containment (Safewards).",
        r"(?:don't|do not) want to (?:have to )?(?:call|use|get|give|put|restrain|section|move)",
    ),
)

MOCKERY = (
    *group(
        F.mockery,
        "Sarcasm, belittling and name-calling humiliate; Project BETA: do not be provocative. Sarcasm is "
        "also a STAMP early-warning cue in staff.",
        r"oh,? poor (?:you|thing|me|baby|little \w+)",
        r"poor (?:baby|little (?:you|me|thing))",
        r"poor you(?=[.!?]|$)",
        r"(?:grow|wise|man|toughen) up",
        r"boo[ -]?hoo",
        r"cry me a river",
        r"cry about it",
        r"get over (?:it|yourself)",
        r"drama queen",
        r"attention[- ]seek(?:ing|er)",
        rf"(?:stop being|{YOU_ARE_STRICT} being|don't be|what a|such a|{YOU_ARE_STRICT}) (?:a |such a |like a |a big )?(?:baby|child|cry ?baby|brat|princess|toddler|diva|kid)",
        rf"(?:are you|{YOU_ARE_STRICT}) (?:five|5|six|twelve|a child|a toddler)",
        r"act your age",
        r"(?:idiot|stupid|moron|muppet|pathetic|loser|nutter|nut ?job|lunatic|weirdo|freak|numpty|plonker|dickhead|imbecile)",
        rf"{YOU_ARE_STRICT} (?:a |so |being |such a |completely )?(?:crazy|mental|psycho|loony|nuts)",
        r"yeah,? right",
        r"oh,? (?:sure|great|wonderful|brilliant|lovely)",
        r"(?:well )?done,? (?:genius|einstein|sherlock)",
        r"(?:congratulations|bravo|good for you|nice one|nice try|very mature|real mature|how mature)",
        r"i'll just [^.!?]{1,60}, shall i",
        r"(?:was|is) that so hard",
        r"(?:lol|haha|ha ha|lmao|rofl)",
        r"(?:whatever you say|if you say so)",
        r"sure you (?:are|did|do|have|were)",
        r"diddums",
        r"(?:tantrum|sulking|sulk)",
        r"(?:the )?(?:world|universe) (?:doesn't|does not) revolve around you",
        r"think you're special",
    ),
    *group(
        F.mockery,
        "Eye-rolling, smirking or laughing at the person is mockery without words (Project BETA).",
        r"rolls? (?:\w+ )?eyes",
        r"(?:smirks?|sniggers?|scoffs?|snorts?|mocks?|slow claps?|laughs?)",
        scope=Scope.action,
    ),
)

INVALIDATION = group(
    F.invalidation,
    "Minimising the feeling tells the person they are not being heard; agree with the experience instead "
    "(Project BETA: identify feelings; DABS: valuing the patient).",
    rf"{YOU_ARE} (?:over ?reacting|overreacting|exaggerating|being (?:silly|ridiculous|dramatic|so dramatic|over the top|hysterical|unreasonable|difficult))",
    r"(?:it's|it is|that's|that is|this is|this isn't|it isn't|that isn't|it's not|that's not|this is not|it is not) (?:not )?(?:a |such a |that )?big (?:deal|thing)",
    r"no big deal",
    r"(?:that's|it's|this is|that is|it is) (?:just |a bit )?(?:silly|ridiculous|nothing|daft|petty|trivial)",
    r"there's (?:nothing|no need|no reason) to be (?:so )?(?:scared|afraid|frightened|upset|angry|anxious|worked up|like this|like that)",
    r"there is (?:nothing|no need|no reason) to be (?:so )?(?:scared|afraid|frightened|upset|angry|anxious|worked up)",
    r"nothing to be (?:scared|afraid|frightened) (?:of|about)",
    r"no need to (?:be|get) (?:so )?(?:upset|angry|worked up|like that|aggressive|scared|dramatic|silly|rude|so)",
    r"(?:don't|do not) be (?:so )?(?:silly|ridiculous|daft|dramatic|like that|upset|angry|scared|stupid|childish|soft)",
    r"you're fine(?! to)",
    r"(?:it's|it is|that's) (?:only|just) (?:a|an|one|for) (?:\w+ )?(?:day|night|phone|call|cigarette|fag|visit|minute|hour|game|bit|week|rule)",
    r"(?:at least you|could be worse|worse things happen|other people have it worse|others have it worse|some people have it worse)",
    r"stop (?:making a fuss|complaining|moaning|whining|whinging|going on|overreacting|exaggerating|being (?:so )?(?:dramatic|silly))",
    r"(?:you|u) (?:shouldn't|should not) (?:feel|be) (?:like that|that way|upset|angry|scared|so)",
    r"(?:it's|it is) (?:all )?in your (?:head|mind|imagination)",
    r"(?:you've|you have) (?:got )?(?:no reason|nothing) to (?:be|feel|complain|worry)",
    r"sorry (?:you feel|if you feel|you think|if you think) (?:that way|like that|so)",
    r"(?:it's|it is|that's) not (?:that|so|even that) (?:bad|serious|important|hard)",
    r"everyone (?:else )?(?:has to|manages|copes|waits)",
    r"you're not the only one",
    r"cheer up",
    r"(?:look on the bright side|chin up)",
)

ARGUES_WITH_BELIEF = group(
    F.argues_with_belief,
    "Contradicting a belief or labelling it as illness starts an argument nobody wins; agree with the "
    "experience or agree to disagree (Project BETA).",
    r"(?:that's|that is|it's|it is|this is) (?:just )?not (?:true|real|happening)",
    r"(?:this|that|it) (?:isn't|is not) (?:true|real|happening)",
    r"(?:no one|nobody|no-one)(?: is|'s| was| are| can| will| here is| here's)? (?:\w+ )?(?:watching|following|spying|listening|after you|out to get|poisoning|trying to (?:hurt|poison|get|kill|harm)|recording|tracking|talking about|plotting|reading your|controlling|putting)",
    r"there (?:are|is|'s) no (?:cameras?|microphones?|bugs?|chips?|poison|voices|one (?:watching|there|listening|following))",
    rf"{YOU_ARE} (?:just |being |so )?(?:paranoid|delusional|psychotic|hallucinating|mistaken|wrong|imagining (?:it|things|that|this)|making (?:it|this|that|things) up)",
    r"(?:that's|it's|this is|that is|it is) (?:just |only |all )?(?:your|the) (?:illness|psychosis|paranoia|voices|condition|schizophrenia|diagnosis|symptoms?|mental illness|disorder|mind playing tricks)(?: talking)?",
    r"your (?:illness|psychosis|paranoia|voices|mind|brain|head) (?:is|are) (?:playing tricks|making|telling|lying)",
    r"(?:that's|that is|it's|it is) (?:a |just )?(?:delusion|delusional|paranoid|nonsense|ridiculous idea)",
    r"(?:you|u) know (?:that's|that is|it's|it is) not (?:true|real)",
    r"(?:nothing|no one|nobody) (?:is|has|'s) (?:been )?(?:in|put anything in|putting anything in|poisoned|poisoning) your (?:food|drink|tea|meds|medication)",
    r"(?:your )?(?:food|tea|drink|medication) (?:is not|isn't) (?:poisoned|drugged)",
    r"(?:that|it) (?:didn't|never|did not) happen",
    r"(?:that|this) (?:doesn't|does not) make (?:any )?sense",
    r"(?:don't|do not) be paranoid",
    unless_after=REPORTED,
)

FALSE_PROMISE = (
    *group(
        F.false_promise,
        "Promising what staff cannot deliver buys a minute and costs trust later; offer optimism, never "
        "promise what you cannot deliver (Project BETA).",
        r"i promise(?= (?:you|it|that you|that it|the|they|we'll get|everything|nothing|no one|nobody|he|she))",
        r"i promise i'll (?:get you|make sure you|have you) (?:out|home|discharged|leave)",
        r"(?:i |we )?guarantee",
        r"guaranteed",
        r"100 ?(?:%|per ?cent)(?! sure that i)",
        r"(?:you'll|you will|you are going to|you're going to) (?:definitely|certainly|absolutely|surely|100%) (?:go|get|be|have|see)",
        r"(?:you'll|you will) (?:be )?(?:go(?:ing)? home|be discharged|get (?:your )?leave(?: back)?|be out(?: of here)?|get out)\b[^.!?]{0,20}\b(?:today|tonight|tomorrow|soon|this week|in no time|by)",
        r"the (?:doctor|consultant|team|tribunal) (?:will|'ll) (?:definitely |certainly |surely )?(?:let you|say yes|agree|discharge you|give you|sign)",
        r"nothing bad (?:will|is going to) (?:ever )?happen",
    ),
    *group(
        F.false_promise,
        "'Definitely' about what others decide is a promise staff cannot keep (Project BETA: never lie).",
        r"(?:you'll|you will|you're|you are|they'll|they will|he'll|she'll|the doctor will|it will|it'll"
        r"|that will|that'll) definitely(?! not)",
        r"definitely (?:go|get|be|happen|agree|say yes|let you|sort)",
        unless_after=r"\b(?:i'll|i will|i'm|i am|i|we'll|we will|i can|we can|i'd|i would) ",
    ),
)

CROWDING = (
    *group(
        F.crowding,
        "Closing in, standing over the person or blocking the way out makes them feel trapped; keep about "
        "two arm-lengths and a clear exit (Project BETA).",
        r"(?:moves?|steps?|leans?|gets?|comes?|edges?|walks?) (?:right |a bit |much )?(?:closer|forward|towards|toward|in close|nearer|up close|into (?:his|her|their) (?:space|face))",
        r"(?:leans?|bends?) (?:in|over)",
        r"(?:in|into) (?:his|her|their) face",
        r"face to face",
        r"(?:stands?|looms?|towers?) over",
        r"corners? (?:him|her|them)",
        r"(?:blocks?|blocking|stands? in|standing in|stands? in front of|standing in front of) (?:the |his |her |their )?(?:way|path|door|doorway|exit)",
        r"(?:surrounds?|surrounding|closes? in|closing in|squares? up)",
        r"(?:staff|nurses|colleagues|team) (?:gather|surround|close in|form a circle)",
        r"(?:right )?(?:up )?close to (?:him|her|them)",
        scope=Scope.action,
    ),
    *group(
        F.crowding,
        "Several staff, or telling the person they cannot leave, is crowding: it makes them feel trapped "
        "(Project BETA: never block the exit; DOMAIN: several staff at once escalate).",
        r"we're all here",
        r"all of us are here",
        r"(?:there are|we have|we've got) (?:several|lots of|plenty of|loads of|enough|\d+|three|four|five|six) (?:staff|of us|nurses|people here)",
        r"the whole team is here",
        r"(?:you're|you are) (?:not going anywhere|not leaving|surrounded)",
        r"(?:i'm|i am) (?:not moving|blocking|standing in the door)",
        r"(?:nobody|no one) (?:is )?(?:leaving|leaves) (?:this room|until)",
    ),
)

HANDS_ON = (
    *group(
        F.hands_on,
        "Touching or taking hold of an agitated person is a last resort and one of the strongest triggers "
        "(DOMAIN: hands are a last resort; NICE NG10).",
        r"(?:grabs?|grips?|seizes?|pushes?|pulls?|drags?|shoves?|restrains?|pins?|tackles?|holds?) "
        r"(?:him|her|them|the patient|his|their|[a-z]+'s)",
        r"(?:holds?|takes?|touches?|pats?|strokes?|rubs?|squeezes?) (?:his|her|their|the patient's|[a-z]+'s) "
        r"(?:\w+ )?(?:arm|arms|hand|hands|wrist|shoulder|back|elbow)",
        r"(?:touches|pats|strokes) (?:him|her|them)",
        r"(?:puts?|places?|rests?|lays?) (?:a |my |his |her |their |one )?hands? on",
        r"hands? on (?:his|her|their) (?:shoulder|arm|back)",
        r"takes? hold",
        r"guides? (?:him|her|them) by the (?:arm|elbow|hand)",
        scope=Scope.action,
    ),
    *group(
        F.hands_on,
        "Saying you will take hold of the person is hands-on, and heard as a threat (NICE NG10: restrictive "
        "interventions only when de-escalation has failed).",
        r"(?:hold|grab|take|holding|grabbing) (?:onto |on to )?(?:his|her|their|your) (?:arm|arms|hand|hands|wrist|wrists)",
        r"take hold(?: of)?",
        r"(?:i'll|we'll|i will|we will|we are going to|we're going to|i'm going to|i am going to) (?:have to )?"
        r"(?:hold|grab|restrain|take hold of) (?:you|him|her|them)",
        r"(?:go|going|get|getting) hands on",
        r"physically (?:move|remove|take|escort) (?:you|him|her|them)",
        unless_after=NEGATED,
    ),
)

JARGON = (
    *group(
        F.jargon,
        "Ward jargon is hard to follow under stress and can sound like a threat; use plain words "
        "(Project BETA: simple words).",
        r"p\.?r\.?n\.?",
        r"section (?:2|3|5\(2\)|5\(4\)|17|35|36|37|41|135|136)",
        r"s(?:2|3|17|136)",
        r"mdt",
        r"obs(?: level)?",
        r"(?:level|lvl) [1-4] (?:obs|observations)",
        r"within eyesight",
        r"de-?escalate (?:you|him|her|them)",
        r"behaviou?r(?:al)? (?:plan|support plan|management plan|contract)",
        r"tribunal",
        r"mhrt",
        r"(?:amhp|cto|ctos)",
        r"depot",
        r"rapid tranq\w*",
        r"(?:section papers|capacity assessment|risk assessment|formulation|care programme approach|cpa)",
        r"presenting (?:as|with)",
        r"non-?complian(?:t|ce)",
        r"complian(?:t|ce)",
        r"informal (?:patient|status)",
        r"datix",
    ),
    *group(
        F.jargon,
        "Ward acronyms mean nothing to most patients (Project BETA: simple words).",
        r"RC",
        r"IM",
        r"PICU",
        case_sensitive=True,
    ),
)

GENERIC_REASSURANCE = group(
    F.generic_reassurance,
    "Blanket reassurance does not engage with the concern, and with highly agitated people it goes with "
    "more aggression (Simmons et al. 2024); say something specific.",
    r"(?:it'll|it will|it's going to|it is going to|everything'll|everything will|everything's going to|"
    r"everything is going to|things will|you'll|you will|all will|it's all going to) be (?:just )?"
    r"(?:fine|ok|okay|alright|all right|good|sorted)(?! (?:to|for|with|if|once|when|after|by|in)\b)",
    r"(?:don't|do not|dont|try not to) (?:you )?worry",
    r"no need to worry",
    r"nothing to worry about",
    r"(?:everything's|everything is|it's all|it is all) (?:fine|ok|okay|alright|all right|good|under control)",
    r"all good",
    r"(?:there,? there)",
)

GRADER_INJECTION = group(
    F.grader_injection,
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
    r"\[/?(?:INST|SYS)\]",
    r"\bas an ai\b",
    r"\byou are (?:now )?(?:a|an|the) (?:grader|evaluator|judge|assistant|ai|model|language model)\b",
    r"\b(?:this|the|my) (?:turn|response|reply|answer) (?:is|deserves|should (?:get|be|score)|gets) (?:a |an )?(?:\d|perfect|excellent|exemplary|flawless|top)",
    r"\b(?:jailbreak|prompt injection)\b",
    r"\bescalation_risk\b|\bno_brevity\b",
    whole_words=False,
)

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
    r"end of (?:story|discussion|conversation)",
    r"stop asking",
    r"(?:don't|do not) ask (?:me )?again",
    r"(?:that's|that is) enough",
    r"enough(?: now)?!",
    r"we're done(?: here)?",
    r"i'm not (?:going to )?(?:discuss|argue|debate|discussing|arguing|debating)",
    r"because i said so",
    r"rules are rules",
    r"it is what it is",
    r"(?:that's|that is) (?:just )?(?:how|the way) it is",
    r"hurry up",
    r"get on with it",
    r"what (?:is it|do you want) now",
    r"what now(?=\?)",
    r"what do you want(?=[?!.]|$)",
    r"(?:not again|here we go again)",
    r"for (?:god's|goodness|heaven's|pete's|christ's) sake",
    r"i've got other patients",
    r"ugh",
    r"(?:right,? )?that's it(?=[.!]|,? (?:i've|you're|i'm|we're|enough))",
    r"i've had enough",
)

CURT_GO_AWAY = Rule(
    F.curt,
    r"go away",
    "Sending the person away closes the conversation (DABS: valuing the patient).",
    unless_after=r"\b(?:i'll|i will|won't|not|i'm not going to|i could|i can) ",
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
    r"(?:you'll|you will|you'd|you would) (?:have|need) to (?:ask|speak to|talk to|see|take it up with|wait for)",
    r"(?:that's|that is|it's|it is) (?:for|up to|down to) (?:the|your) (?:doctor|team|consultant|psychiatrist|manager|nurse in charge)",
    r"take it up with",
    r"(?:ask|speak to|talk to|complain to|see) (?:the|your) (?:doctor|consultant|nurse in charge|manager|team|psychiatrist|ward manager|day staff|night staff)",
    unless_after=r"\b(?:i'll|i will|let me|i can|i could|we can|we could|i'm going to|i am going to|want me to|like me to|can i|i'd|shall i|should i|help you)\s*$",
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
    r"(?:maybe|perhaps),? (?:another time|some other time|one day)",
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

SHOUTING = group(
    F.shouting,
    "A raised voice escalates; under stress staff get louder, the opposite of what helps (Project BETA).",
    r"(?:shouts?|shouting|yells?|yelling|screams?|screaming|bellows?)",
    r"raises? (?:\w+ )?voice",
    r"(?:loudly|raised voice)",
    scope=Scope.action,
)

RISKY_RULES: tuple[Rule, ...] = (
    *CALM_DOWN,
    *THREAT,
    *CONTAINMENT_THREAT,
    *MOCKERY,
    *INVALIDATION,
    *ARGUES_WITH_BELIEF,
    *FALSE_PROMISE,
    *CROWDING,
    *HANDS_ON,
    *JARGON,
    *GENERIC_REASSURANCE,
    *CURT,
    CURT_GO_AWAY,
    *LECTURE,
    *BUCK_PASSING,
    *EVASIVE,
    *SWEARING,
    *PROVOCATIVE,
    *SHOUTING,
)

INJECTION_RULES: tuple[Rule, ...] = GRADER_INJECTION

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
    r"^(?:(?:please|just|now|right|ok|okay|so|come on|look|hey|oi|mate|well|also|and|then|i said|i told you)\W+)*"
    r"(?:(?:you need to|you have to|you must|you've got to|youve got to|you gotta|i need you to|i want you to)\s+)?"
    r"(?:sit(?:\s+down)?|stand\s+(?:up|back|still|over|there)|stop|give\s+(?:me|it|that|them|those|us)"
    r"|hand\s+(?:it|that|me|them|over)|put\s+(?:it|that|them|the|down|away|those|this)|drop\s+(?:it|that|the)"
    r"|go\s+(?:to|back|away|now|over|and|in|outside|inside)|get\s+(?:back|out|in|off|away|down|up|over|inside)"
    r"|come\s+(?:here|with\s+me|back|over|out|away|down)|move|leave\s+(?:it|that|the|now|this)"
    r"|listen\s+to\s+me|be\s+(?:quiet|calm|sensible|reasonable|nice|careful)|shut\s+(?:up|it)"
    r"|keep\s+(?:quiet|still|your\s+voice|it\s+down|calm)|lower\s+(?:your|the)\s+voice|turn\s+(?:it|that|the)"
    r"|back\s+(?:off|away|up)|step\s+(?:back|away|aside|outside)"
    r"|take\s+(?:your|the|it|that|this)\s+(?:medication|meds|tablets?|pills?)|(?:calm|quiet|settle)\s+down"
    r"|pack\s+it\s+in|knock\s+it\s+off|cut\s+it\s+out|return\s+to|wait\s+(?:here|there|outside|in|until|till)"
    r"|hurry\s+up|look\s+at\s+me|don'?t\s+(?:shout|swear|throw|hit|touch|talk|speak|kick|bang|spit|you\s+dare|move)"
    r"|answer\s+(?:me|the\s+question)|apologi[sz]e|clean\s+(?:that|it|this)\s+up|pick\s+(?:that|it|this)\s+up"
    r"|do\s+as\s+(?:you'?re|i\s+say)|behave)\b",
    re.IGNORECASE,
)
DEMAND_SOFTENERS = re.compile(
    r"\b(?:please|for me|would you|could you|can you|if you can|when you're ready)\b|\?", re.I
)
