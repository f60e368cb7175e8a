"""Phrase tables for the named flags (coach.models.Flag): the bad practices a trainee is told about.

Each group is one feature and one reason; the reason is what a trainee reads in the evidence. Sources are
the rubric's: Project BETA, Safewards (Soft Words, Talk Down), NICE NG10, DABS, STAMP. Flags that are
counted rather than matched (several demands, capitals, exclamation marks) are read in reading.py; threats
have their own tables in lexicon_threats.py.
"""

from __future__ import annotations

from coach.grading.rules.lexicon_threats import NEGATED, THREAT_RULES
from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Rule, Scope, group
from coach.models import Flag

# "your" is how "you're" is often typed; STRICT leaves it out where "your child" would be misread.
YOU_ARE = "(?:you're|you are|your|ur|u r)"
YOU_ARE_STRICT = "(?:you're|you are|ur|u r)"
# Words that make a phrase a report of the person's feeling rather than the speaker's claim.
REPORTED = r"(?:feels? like|feeling like|felt like|as if|as though|you think|you believe|worried|scared|afraid|sounds like|seems like|because|that) "

_CALM_COMMAND = r"(?:calm|settle|quieten|quiet|simmer|cool) (?:your ?self |yourself )?down"
# "I'm not going to tell you to", "nobody's asking you to": what follows is said as not asked for.
_NOT_ASKED = (
    r"(?:\bnot|\bnever|n't|\bnobody(?:'s| is)?|\bno one(?:'s| is)?)(?: going to| gonna| trying to)? "
    r"(?:tell|telling|ask|asking) (?:you|him|her|them) to "
)

# What they did, told back ("you calmed down and came in here", "he'd calmed down by then"), as against the
# calm made a condition or asked after ("once you've calmed down", "have you calmed down yet?").
_CALMED = r"(?:you|you've|you have|he|he's|she|she's|they|they've|who)(?:'d| had)? (?:\w+ )?calmed down"
_CALM_ASKED = r"(?:once|when|till|until|after|if|as soon as|unless|have|has|before) "

CALM_DOWN = group(
    Flag.calm_down,
    "Telling someone to calm down is a command about their feelings; it is heard as dismissal "
    "(Project BETA: help the person calm themselves).",
    _CALM_COMMAND,
    # "once you've calmed down", "have you calmed down yet?": the calm asked for. Not "you calmed down and
    # came in here to talk": what they did, told back (CALMED_TOLD below).
    # (fixed-width lookbehinds, no apostrophes: a rule's apostrophe is optional, so of no fixed width)
    r"(?<!\byou\s)(?<!ve\s)(?<!\bhe\s)(?<!\bshe\s)(?<!\bthey\s)(?<!\bwho\s)(?<!d\s)calmed down",
    rf"{_CALM_ASKED}{_CALMED}",
    r"calm (?:yourself|it)",
    r"relax",
    r"take a chill pill",
    r"chill(?: out)?",
    r"cool it",
    r"get a grip",
    # "what helps you calm down?" asks about Calm Down Methods, it is not the command; "I'm not going to tell
    # you to calm down" says the command is not given.
    unless_preceded_by=r"(?:\b(?:help(?:s|ed|ing)?(?: you)?(?: to)?|try to|trying to|ways to|want to|like to|able to|"
    r"how to|chance to|time to|somewhere to|place to|you can|you could|we can|we could)|"
    rf"{_NOT_ASKED[:-1]}) ",
)

# The command said as not given: the learned head, which reads "calm down" wherever it stands, is not
# trusted over these words (coach/grading/offline.py).
CALM_DOWN_UNSAID = group(
    F.calm_down_unsaid,
    "Saying the command is not given is not telling someone to calm down.",
    rf"{_NOT_ASKED}(?:{_CALM_COMMAND}|relax|chill(?: out)?)",
)
CALMED_TOLD = Rule(
    F.calm_down_unsaid,
    rf"\b{_CALMED}",
    "What they did, told back, is not telling them to calm down.",
    unless_preceded_by=_CALM_ASKED[:-1],
)

MOCKERY = (
    *group(
        Flag.mockery,
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
        r"(?:haha|ha ha|hahaha|lol|lmao)",
        r"what a surprise",
        r"(?:well,? )?i'm sure it (?:must be|is) (?:very |so |really )?(?:hard|difficult|terrible|awful)",
        r"the only (?:person|one|patient) (?:on (?:the|this) ward|here|in the world|in here) who",
        r"(?:right|oh|yeah|yes),? of course,? (?:nobody|no one|everyone|everybody)",
        r"(?:it's|it is) always (?:someone|somebody) else",
        r"(?:nobody|no one) ever (?:starts|does|says|means)",
        r"yeah,? and i want",
        r"(?:^|(?<=[.!?]\s))(?:lovely|brilliant|marvellous|great)[.!]?$",
        r"(?:whatever you say|if you say so)",
        r"sure you (?:are|did|do|have|were)",
        r"diddums",
        r"(?:tantrum|sulking|sulk)",
        r"(?:the )?(?:world|universe) (?:doesn't|does not) revolve around you",
        r"think you're special",
        # Polite sarcasm: the mock offer ("I'll just magic one up, shall I?"), mock agreement ("Oh yes, ...").
        r"(?<=,\s)shall i(?=\?)",
        r"(?:^|(?<=[.!?]\s))oh,? (?:yes|yeah|sure)(?:,| of course)",
        r"(?:very|how|aren't you|so) clever(?: of you)?",
        r"well done(?: you)?(?=[.!,]|$)",
        r"drop everything",
        r"luckily for (?:all of )?(?:us|you|everyone)",
        r"magic (?:up|one up|them up|it up)",
        r"(?:how|that's|isn't that) (?:lovely|nice|wonderful|great|brilliant) for you",
        r"just what (?:i|we) (?:needed|need)",
        r"(?:^|(?<=[.!?]\s))(?:sure|yeah,? right|right) (?:we|you|they) (?:are|do|did|were|have)(?=[.!,]|$)",
        r"and i'm the (?:queen|king|pope|prime minister)",
        r"(?:that's|there's) a new one",
        r"obviously (?:you're|you are) the only",
        r"(?:you're|you are) the only (?:one|person|patient)(?: here| on (?:this|the) ward| in here)?(?=[.!?]|$)",
    ),
    *group(
        Flag.mockery,
        "Eye-rolling, smirking or laughing at the person is mockery without words (Project BETA).",
        r"rolls? (?:\w+ )?eyes",
        r"(?:smirks?|sniggers?|scoffs?|snorts?|mocks?|slow claps?|laughs?)",
        scope=Scope.action,
    ),
)

INVALIDATION = group(
    Flag.invalidation,
    "Minimising the feeling tells the person they are not being heard; agree with the experience instead "
    "(Project BETA: identify feelings; DABS: valuing the patient).",
    rf"{YOU_ARE} (?:over ?reacting|overreacting|overthinking|over thinking|exaggerating|being (?:silly|ridiculous|dramatic|so dramatic|over the top|hysterical|unreasonable|difficult))",
    r"(?:it's|it is|that's|that is|this is|this isn't|it isn't|that isn't|it's not|that's not|this is not|it is not) (?:not )?(?:a |such a |that )?big (?:deal|thing)",
    r"no big deal",
    r"(?:that's|it's|this is|that is|it is) (?:just |a bit )?(?:silly|ridiculous|nothing|daft|petty|trivial)",
    r"there's (?:nothing|no need|no reason) to be (?:so )?(?:scared|afraid|frightened|upset|angry|anxious|worked up|like this|like that)",
    r"there is (?:nothing|no need|no reason) to be (?:so )?(?:scared|afraid|frightened|upset|angry|anxious|worked up)",
    r"nothing to be (?:scared|afraid|frightened) (?:of|about)",
    r"no need to (?:be|get) (?:so )?(?:upset|angry|worked up|like that|aggressive|scared|dramatic|silly|rude|so)",
    r"(?:don't|do not) be (?:so )?(?:silly|ridiculous|daft|dramatic|like that|upset|angry|scared|stupid|childish|soft)",
    r"you'll (?:survive|live|get over it)",
    r"deal with it",
    r"(?:because|cos|'cause) (?:you're|you are) (?:screaming|shouting|kicking off|being)",
    r"(?:it's|it is|that's) (?:only|just) (?:a|an|one|for) (?:\w+ )?(?:day|night|phone|call|cigarette|fag|visit|minute|hour|game|bit|week|rule)",
    r"stop (?:making a fuss|complaining|moaning|whining|whinging|going on|overreacting|exaggerating|being (?:so )?(?:dramatic|silly))",
    r"(?:you|u) (?:shouldn't|should not) (?:feel|be) (?:like that|that way|upset|angry|scared|so)",
    r"(?:it's|it is) (?:all )?in your (?:head|mind|imagination)",
    r"(?:you've|you have) (?:got )?(?:no reason|nothing) to (?:be|feel|complain|worry)",
    r"sorry (?:you feel|if you feel|you think|if you think) (?:that way|like that|so)",
    r"(?:it's|it is|that's) not (?:that|so|even that) (?:bad|serious|important|hard)",
    r"(?:everyone|everybody)(?: else)?(?:'s| is)? (?:has to|manages|copes|waits|waiting|in the same boat)",
    r"you're not the only one",
    r"(?:it's|it is) a free country",
    r"(?:you're|you are) not thinking (?:straight|clearly|properly|rationally)",
    r"(?:let's not|don't|do not) get carried away",
    r"like (?:everyone|everybody) else",
    r"(?:you're|you are) an adult",
    r"(?:it's|it is|that's|that is) only (?:a|an|one) \w+(?=[.,!]|$)",
    r"won't even notice",
    r"(?:^|(?<=[.!?,]\s))but anyway(?=[.!]|$)",
    r"(?:i don't think|i doubt) (?:it's|it has|it was|that's|that was)(?: been)? (?:quite|really|that|as|so)",
    r"(?:they're|they are|it's|it is) (?:exactly )?the same(?=[.!]|$)",
)

# Kindly meant advice that still shrinks the feeling or shifts the blame: a flat turn, not a cold one,
# and reported as invalidation all the same.
MINIMISING = group(
    F.minimising,
    "Advice that shrinks the experience ('try not to dwell on it', 'just ignore him') tells the person "
    "they are not being heard, however gently it is said; ask about it instead (Project BETA: identify "
    "feelings; DABS: valuing the patient).",
    r"just ignore (?:him|her|them|it)",
    r"(?:don't|do not) rise to it",
    r"(?:he|she|they) (?:says|say|does|do) that to everyone",
    r"(?:at least you|could be worse|worse things happen|other people have it worse|others have it worse|some people have it worse)",
    r"(?:it|that|this) (?:wasn't|isn't|is not|was not) (?:as|that|so) bad(?: as)?",
    r"(?:try not to (?:dwell on|think about|go over)|(?:don't|do not) dwell on) (?:it|that|this)",
    r"(?:try (?:and|to) )?(?:move on|let (?:it|that) go)(?= at| now| from|[.,!]|$)",
    r"(?:it's|that's|it is|that is) (?:partly |a bit |all )?on you",
)

ARGUES_WITH_BELIEF = group(
    Flag.argues_with_belief,
    "Contradicting a belief or labelling it as illness starts an argument nobody wins; agree with the "
    "experience or agree to disagree (Project BETA).",
    r"(?:that's|that is|it's|it is|this is) (?:just )?not (?:true|real|happening)",
    r"(?:this|that|it) (?:isn't|is not) (?:true|real|happening)",
    r"(?:no one|nobody|no-one)(?: is|'s| was| are| can| will| here is| here's)? (?:\w+ )?(?:watching|following|spying|listening|after you|out to get|poisoning|trying to (?:hurt|poison|get|kill|harm)|recording|tracking|talking about|plotting|reading your|controlling|putting|trying to control)",
    r"(?:he|she|they)(?:'s| is| has|'ve| have)? (?:not|never|n't) (?:been )?(?:watching|following|spying|listening"
    r"|recording|tracking|plotting|poisoning|after you|out to get)",
    r"(?:he|she|they) (?:didn't|did not|doesn't|does not|don't|do not|wasn't|weren't|isn't|aren't)"
    r" (?:know it was yours|(?:do|doing) it on purpose|mean it|watching|following|out to get)",
    r"there (?:are|is|'s) (?:honestly |really |definitely |absolutely |just )?no (?:cameras?|microphones?|bugs?|chips?|poison|voices|one (?:watching|there|listening|following))",
    rf"{YOU_ARE} (?:just |being |so )?(?:paranoid|delusional|psychotic|hallucinating|mistaken|wrong|imagining (?:it|things|that|this)|making (?:it|this|that|things) up)",
    r"(?:that's|it's|this is|that is|it is) (?:just |only |all )?(?:your|the) (?:illness|psychosis|paranoia|voices|condition|schizophrenia|diagnosis|symptoms?|mental illness|disorder|mind playing tricks)(?: talking)?",
    r"your (?:illness|psychosis|paranoia|voices|mind|brain|head) (?:is|are) (?:playing tricks|making|telling|lying)",
    r"(?:that's|that is|it's|it is) (?:a |just )?(?:delusion|delusional|paranoid|nonsense|ridiculous idea)",
    r"(?:you|u) know (?:that's|that is|it's|it is) not (?:true|real|what's happening|happening|the case)",
    r"there's no way (?:anyone|anybody|someone|they|he|she|we) (?:would|could|is|are|did)",
    r"why would (?:anyone|anybody|someone|they|we) (?:want to|do that|bother|be)",
    r"(?:nothing|no one|nobody) (?:is|has|'s) (?:been )?(?:in|put anything in|putting anything in|poisoned|poisoning) your (?:food|drink|tea|meds|medication)",
    r"(?:your )?(?:food|tea|drink|medication) (?:is not|isn't) (?:poisoned|drugged)",
    r"(?:that|it) (?:didn't|never|did not) happen",
    r"(?:that|this) (?:doesn't|does not) make (?:any )?sense",
    r"(?:don't|do not) be paranoid",
    r"(?:that's|it's|that is|it is) not (?:actually |really |even )?(?:possible|true|real)",
    r"if you think about it(?: logically)?",
    r"logically",
    r"(?:it|that) really is just",
    r"i promise you it(?:'s| is)",
    unless_preceded_by=REPORTED,
)

FALSE_PROMISE = (
    *group(
        Flag.false_promise,
        "Promising what staff cannot deliver buys a minute and costs trust later; offer optimism, never "
        "promise what you cannot deliver (Project BETA).",
        # A promise about what will happen: "I promise you'll...", "I promise - this will...".
        r"i promise(?=\W+(?:\w+\W+){0,5}?(?:will|'ll|won't|going to)\b)(?! i'll| i will| i'm going| to )",
        r"i promise i'll (?:get you|make sure you|have you) (?:out|home|discharged|leave)",
        r"100\s*(?:%|per\s*cent)(?! sure that i)",
        r"(?:you'll|you will|you are going to|you're going to) (?:definitely|certainly|absolutely|surely|100%) (?:go|get|be|have|see)",
        r"(?:you'll|you will) (?:be )?(?:go(?:ing)? home|home|be discharged|discharged|get (?:your )?leave(?: back)?"
        r"|be out(?: of here)?|out(?: of here)?|get out)\b[^.!?]{0,20}\b(?:today|tonight|tomorrow|soon|this week"
        r"|in no time|by|before you know it)",
        r"(?:of )?course (?:you will|you'll|you are|it will|they will)(?=[.,!]|$)",
        r"(?:i'll|i will) make sure (?:of (?:it|that)|it happens)",
        r"(?:i'll|i will) (?:\w+ ){0,4}get you (?:home|out|discharged|moved|your leave)",
        r"the (?:doctor|consultant|team|tribunal) (?:will|'ll) (?:definitely |certainly |surely )?(?:let you|say yes|agree|discharge you|give you|sign)",
        r"nothing bad (?:will|is going to) (?:ever )?happen",
        r"i'll make sure (?:you|that you) (?:get|go|have|are|'re) (?:\w+ )?(?:leave|home|discharged|out|moved)",
        r"i'll (?:get|have) (?:him|her|them|you) (?:moved|transferred|discharged|out)",
        r"(?:will|'ll|won't|will never|is going to|isn't going to)[^.!?]{0,60}, i promise",
        r"(?:it|that|you|they|he|she) (?:will|won't),? i promise",
        r"(?:tomm?orr?ow|today|tonight|next week|first thing) (?:definately|definitly|defo|deffo|100%)",
        r"(?:definately|definitly|defo|deffo) (?:tomm?orr?ow|today|tonight|next week|first thing)",
    ),
    *group(
        Flag.false_promise,
        "A guarantee about what others decide is a promise staff cannot keep (Project BETA: never lie).",
        r"(?:i |we )?guarantee",
        r"guaranteed",
        # "There's no guarantee" is honest, not a promise.
        unless_preceded_by=r"\b(?:no|not|can't|cannot|won't|couldn't|never) ",
    ),
    *group(
        Flag.false_promise,
        "'Definitely' about what others decide is a promise staff cannot keep (Project BETA: never lie).",
        r"(?:you'll|you will|you're|you are|they'll|they will|he'll|she'll|the doctor will|it will|it'll"
        r"|that will|that'll) definitely(?! not)",
        r"definitely (?:go|get|be|happen|agree|say yes|let you|sort)",
        unless_preceded_by=r"\b(?:i'll|i will|i'm|i am|i|we'll|we will|i can|we can|i'd|i would) ",
    ),
)

CROWDING = (
    *group(
        Flag.crowding,
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
        Flag.crowding,
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

# The word after "grab you", "hold him": another object (a thing fetched or kept for them), not the words
# that go on with a hold (down, back, still, by the arm, until ..., if ..., and ...).
HELD_FOR = (
    r" (?!(?:down|back|still|steady|tight|tightly|by|if|until|till|and|so|now|there|here|again|off|when|while|"
    r"then|or|because|before|to|for|in|on|against|as|with|like)\b)[a-z]"
)

HANDS_ON = (
    *group(
        Flag.hands_on,
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
        Flag.hands_on,
        "Saying you will take hold of the person is hands-on, and heard as a threat (NICE NG10: restrictive "
        "interventions only when de-escalation has failed).",
        r"(?:hold|grab|take|holding|grabbing) (?:onto |on to )?(?:his|her|their|your) (?:arm|arms|hand|hands|wrist|wrists)",
        r"take hold(?: of)?",
        r"(?:go|going|get|getting) hands on",
        r"physically (?:move|remove|take|escort) (?:you|him|her|them)",
        unless_preceded_by=NEGATED,
    ),
    *group(
        Flag.hands_on,
        "Saying you will take hold of the person is hands-on, and heard as a threat (NICE NG10: restrictive "
        "interventions only when de-escalation has failed).",
        r"(?:i'll|we'll|i will|we will|we are going to|we're going to|i'm going to|i am going to) (?:have to )?"
        r"(?:hold|grab|take hold of) (?:you|him|her|them)",
        unless_preceded_by=NEGATED,
        # With a thing after the person the verb fetches or keeps it for them ("I'll grab you a blanket",
        # "I'll hold you a seat"): a hold on the person ends there, or goes on with how, where or until when.
        unless_followed_by=HELD_FOR,
    ),
)

JARGON = (
    *group(
        Flag.jargon,
        "Ward jargon is hard to follow under stress and can sound like a threat; use plain words "
        "(Project BETA: simple words).",
        r"p\.?r\.?n\.?",
        r"section (?:5\(2\)|5\(4\)|35|36|37|41|135|136)",
        r"s(?:2|3|17|136)",
        r"mdt",
        r"obs level",
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
        Flag.jargon,
        "Ward acronyms mean nothing to most patients (Project BETA: simple words).",
        r"RC",
        r"IM",
        r"PICU",
        case_sensitive=True,
    ),
)

GENERIC_REASSURANCE = group(
    Flag.generic_reassurance,
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
    r"i'm sure (?:it's|it'll be|it will be|everything's|everything is|it's all) (?:fine|ok|okay|alright|all right)",
    r"(?:there,? there)",
    r"(?:shh,? )?(?:it's|it is) (?:ok|okay|alright|all right),? (?:it's|it is) (?:ok|okay|alright|all right)",
    r"shh,? (?:it's|it is) (?:ok|okay|alright|all right)",
    r"i've got you",
    r"(?:cheer|chin) up",
    r"look on the bright side",
    r"tomorrow(?:'s| is) (?:a|another) (?:new )?day",
    r"(?:you'll|you will) feel (?:loads |much |so much |a lot |heaps )?better(?=[.!,]|$)",
    r"(?:do|does) you (?:the )?world of good",
)

SHOUTING = group(
    Flag.shouting,
    "A raised voice escalates; under stress staff get louder, the opposite of what helps (Project BETA).",
    r"(?:shouts?|shouting|yells?|yelling|screams?|screaming|bellows?)",
    r"raises? (?:\w+ )?voice",
    r"(?:loudly|raised voice)",
    scope=Scope.action,
)

FLAG_RULES: tuple[Rule, ...] = (
    *CALM_DOWN,
    *CALM_DOWN_UNSAID,
    CALMED_TOLD,
    *THREAT_RULES,
    *MOCKERY,
    *INVALIDATION,
    *MINIMISING,
    *ARGUES_WITH_BELIEF,
    *FALSE_PROMISE,
    *CROWDING,
    *HANDS_ON,
    *JARGON,
    *GENERIC_REASSURANCE,
    *SHOUTING,
)
