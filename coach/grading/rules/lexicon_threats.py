"""Phrase tables for threats: leverage over what the person values (leave, phone, visits, a bed) and
containment (seclusion, restraint, injection, security, police), however calmly or kindly they are put.

A threat is a flashpoint and a "no" at once (Safewards Talk Down; Project BETA: limits as facts, not
threats); a veiled one ("refusing meds does get recorded, and the team look at that when deciding about
your leave") is still a threat.
"""

from __future__ import annotations

from coach.grading.rules.phrase import Rule, Scope, group
from coach.models import Flag

# A negation up to three words before a phrase undoes it ("no one is going to restrain you"), but not the
# condition of a threat ("if you don't stop, ...").
NEGATED = r"(?<!if\syou\s)\b(?:not|no one|nobody|no-one|never|won't|isn't|don't|aren't|doesn't|wouldn't|without)\b(?:\W+\w+){0,3}\W*"
# "No" as the determiner right before the thing ("there's no seclusion room", "no police"), not "No, ...";
# and nobody as the doer, which negates what they do further on ("nobody is going to call security"), but
# not what nobody wants or would like: "nobody wants to call security" still holds it over the person.
NO_DETERMINER = r"\bno |\b(?:nobody|no one|no-one)\b(?!(?:'s|\s+is)?\s+(?:wants?|would like|likes?|wishes)\b)(?:\W+\w+){0,5}\W*"

THREAT = (
    *group(
        Flag.threat,
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
        r"(?:you )?won't get (?:your |any )?(?:leave|phone|visits?|discharge|tv|cigarettes|money|time off)",
        r"(?:lose|losing|lost|say goodbye to|no more) (?:your|all your|any|his|her|their) (?:leave|privileges|phone"
        r"|visits|section 17|discharge|tv|cigarettes|smoke breaks)",
        r"your leave (?:will|'ll) be (?:stopped|cancelled|revoked|taken away|suspended)",
        r"won't look good (?:for|on|at) (?:your )?(?:leave|review|discharge|tribunal|case|record)",
        r"(?:it'll|it will|that'll|that will|this will|i'll put it|i will put it|goes) (?:go )?in(?:to)? your notes",
        r"simple as that",
    ),
    Rule(
        Flag.threat,
        r"(?:if you|you) (?:don't|do not|keep|carry on|continue|won't|refuse|touch|try|do that)\b[^.!?]{0,60}?"
        r"(?:i'll|i will|we'll|we will|you'll|you will|i'm going to|we're going to|i'm gonna|then) "
        r"(?:have to |be forced to )?(?:lose|report|cancel|ban|throw you|kick you|stop your|take (?:away|your)"
        r"|write you up|not get)",
        "A condition with a consequence attached is a threat, however calmly it is said; state the limit and "
        "the reason instead (Project BETA: limits as facts).",
    ),
)

# Veiled leverage: one sentence that ties something the person does to something they value and a loss,
# however gently it is put ("refusing meds does get recorded, and the team look at that when deciding
# about your leave"). All three must be there; a reassurance in the sentence undoes it.
# An "if" after asking or wondering puts a question ("you asked if you're losing your leave"), no condition.
# (Lookbehinds are fixed width: "\s", since a space in a rule stands for any run of spaces.)
_ASKING_IF = "".join(
    rf"(?<!\b{verb}{whom}\s)"
    for verb in ("ask", "asks", "asked", "asking", "wonder", "wondered", "wondering")
    for whom in ("", r"\sme", r"\sus", r"\sher", r"\shim", r"\sthem")
)
_CONDUCT = (
    rf"\b(?:{_ASKING_IF}if you(?! (?:want|like|'d like|would like|prefer|need|fancy|can|feel)\b)|unless you|refus\w+"
    r"|kick(?:ing|s)? off|carry(?:ing)? on|keep (?:this|that|on|\w+ing)|not engaging|go(?:ing)? against advice"
    r"|any more of (?:this|that)|(?:for|if) (?:this|that) (?:to |could |would |might |will )?(?:affect|count|cost"
    r"|harm|hurt|go against))"
)
_VALUED = (
    r"\b(?:(?:your|the|any|about) (?:leave|section 17|ground leave|escorted leave|discharge|phone|mobile|visits?"
    r"|visiting|privileges|tv|cigarettes|smoke breaks?|money|bed|case|chances)|(?:closer|more|higher|extra"
    r"|increased|enhanced) (?:obs|observations))\b"
)
_LOSS = (
    r"\b(?:lose|losing|lost|won't get|not get|suspend\w*|stopped|cancel\w*|revoked|taken? (?:\w+ )?away"
    r"|withdrawn|reduced|recorded|noted|written (?:up|down)|look at (?:that|this|it)|see (?:it|that|this) as"
    r"|take (?:it|that|this) into account|counts? against|go against you|held against|no guarantee|put you on"
    r"|(?:will|would|could|might|may|'ll) (?:\w+ ){0,2}(?:be )?reviewed|affect|at risk|forget about|won't help"
    r"|will not help|doesn't help|look bad|hurt|harm|damage)\b"
)
_REASSURED = (
    r"\b(?:(?:nobody|no one)(?:'s| is| will|'ll)? (?:going to )?(?:take|stop|cancel|affect|count|hold|punish)"
    r"|won't (?:affect|count|change)|doesn't (?:affect|count|change)|wouldn't (?:affect|count)"
    r"|not going to (?:affect|count|stop|take|cancel|change))\b"
)
LEVERAGE = Rule(
    Flag.threat,
    rf"(?:^|(?<=[.!?]\s))(?![^.!?]{{0,240}}?{_REASSURED})(?=[^.!?]{{0,240}}?{_CONDUCT})(?=[^.!?]{{0,240}}?{_VALUED})"
    rf"[^.!?]{{0,240}}?{_LOSS}",
    "Tying what the person does to losing leave, the phone or a bed is leverage, a threat however gently it "
    "is said; state the limit and the reason instead (Project BETA: limits as facts).",
    whole_words=False,
)
CONDITIONAL_PERMISSION = group(
    Flag.threat,
    "Making what they asked for depend on doing what staff want ('only if you eat first') is leverage, a "
    "threat however quietly it is said (Project BETA: limits as facts).",
    r"(?:^|(?<=[.!?]\s))only (?:if|when|once|after) you",
    r"not unless you",
    r"(?:and|then) you'll (?:get|have) (?:your|it|them)",
    r"(?:you'll|you will|you can) (?:get|have) (?:your \w+|it|them)(?: back)? (?:when|once|if|after|as soon as) "
    r"you(?:'ve| have)? (?:\w+ ){0,2}(?:calmed|behaved|settled|stopped|eaten|taken|apologi[sz]ed|cooperated)",
    # "If you eat something, there won't be any need for me to mention it to the doctor": the other way
    # round, unsaid, is the threat. Not "if you'd rather, there's no need to tell anyone": a wish, no doing.
    r"\bif you\b(?! (?:want|wanna|'d like|would like|prefer|'d prefer|'d rather|would rather)\b)[^.!?]{1,80}?\b(?:no|won't be any|will not be any|wouldn't be any) need (?:for (?:me|us) )?"
    r"to (?:tell|mention|call|ring|report|involve|inform|let|speak to|bring in)",
)

CONTAINMENT_THREAT = (
    Rule(
        Flag.containment_threat,
        r"(?:the )?(?:police|cops|coppers)",
        "Bringing in the police uses containment as leverage (Safewards; NICE NG10).",
        # "If I thought that, I'd want to go to the police too" agrees with the person; it threatens nothing.
        # Nor does "nobody's calling the police" or "there's no police involved": said as not happening.
        unless_preceded_by=r"\b(?:i'd|i would|you'd|you would|you can|you could|you want to|want to|wanted to|like to"
        rf"|right to)\b(?:\W+\w+){{0,4}}\W*|{NEGATED}|{NO_DETERMINER}",
        unless_followed_by=r" (?:aren't|are not|isn't|is not|won't|will not|don't|do not|never|wasn't|weren't)\b",
    ),
    *group(
        Flag.containment_threat,
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
        r"(?:response|restraint|emergency|rapid response|alarm) team",
        r"(?:put|force|feed you (?:through|by)) a (?:tube|ng tube)",
        r"tube[- ]?fe(?:d|eding)",
        r"whether you like it or not",
        r"like it or not",
        r"(?:you're|you are) (?:having|taking) (?:it|them|this|the injection|your medication)",
        r"(?:press|pull|hit) (?:the |my )?(?:alarm|panic button)",
        r"section (?:you|him|her|them)",
        r"(?:get|have|be|being) (?:you |him |her |them )?sectioned",
        r"put (?:you|him|her|them) (?:on|under) (?:a )?section",
        r"(?:move|transfer|send|take) (?:you|him|her|them) (?:to|into) (?:picu|another ward|a locked ward|seclusion|intensive care)",
        r"picu",
        r"lock (?:you|him|her|them) (?:in|up|away)",
        r"(?:increase|up|raise) (?:your|his|her|their) (?:obs|observations|observation level)",
        r"(?:put|place|keep) (?:you|him|her|them) on (?:1:1|one to one|one-to-one|level \d|close|continuous|enhanced) ?(?:obs|observations)?",
        scope=Scope.both,
        unless_preceded_by=f"{NEGATED}|{NO_DETERMINER}",
        unless_followed_by=r" (?:aren't|are not|isn't|is not|won't|will not|don't|do not|never|wasn't|weren't|"
        r"has nothing|have nothing|are nothing|for you)\b",
    ),
    Rule(
        Flag.containment_threat,
        r"IM",
        "IM means an injection: naming it to an agitated person is containment used as leverage (Safewards).",
        case_sensitive=True,
    ),
    *group(
        Flag.containment_threat,
        "'I don't want to have to...' is still a threat of containment (Safewards).",
        r"(?:don't|do not) want to (?:have to )?(?:call|use|get|give|put|restrain|section|move)",
    ),
)

THREAT_RULES: tuple[Rule, ...] = (*THREAT, LEVERAGE, *CONDITIONAL_PERMISSION, *CONTAINMENT_THREAT)
