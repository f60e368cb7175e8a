"""Phrase tables for what a turn does well, and for the choices it offers.

Each group is one feature and one reason (the evidence a trainee reads). Sources: Project BETA, Safewards
Soft Words and Talk Down, DABS, NICE NG10. Stock empathy phrases are listed apart from real validation:
they earn nothing on their own and, repeated, count as padding.
"""

from __future__ import annotations

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Rule, Scope, group

FEELING = (
    r"(?:angry|upset|frustrated|scared|worried|annoyed|fed up|frightened|anxious|distressed|furious|hurt"
    r"|afraid|stressed|overwhelmed|lonely|exhausted|tired|sad|confused|let down|ignored|unsafe|on edge"
    r"|wound up|worked up|cross|panicky|panicked|terrified|embarrassed|humiliated|trapped|powerless|bored"
    r"|disappointed|hopeless|homesick|desperate|miserable|agitated|irritated|unheard|invisible|starving|hungry"
    r"|worn out|freezing)"
)
HARD = (
    r"(?:hard|difficult|frustrating|scary|unfair|awful|rubbish|horrible|upsetting|frightening|a lot|tough"
    r"|horrible|exhausting|stressful|worrying|lonely|disappointing|infuriating|maddening|annoying|confusing"
    r"|painful|terrible|miserable|not fair|really bad|so long|a long time|a long wait)"
)
INTENSITY = r"(?:really |so |very |quite |pretty |absolutely |totally |understandably |obviously |clearly )?"

VALIDATION = (
    *group(
        F.validation,
        "Naming the feeling or the situation tells the person they are heard (Project BETA: identify wants "
        "and feelings; Safewards Talk Down: respect and empathy).",
        rf"(?:you're|you are|you seem|you look|you sound|you feel|you felt|you must be|you must feel|you've been feeling|feeling) {INTENSITY}{FEELING}",
        rf"(?:i can|i) (?:see|hear|tell) (?:that |how |why )?(?:you're|you are|this is|it's|you've|you feel|you're feeling|you have|it has|this has|how much|{INTENSITY}{FEELING})",
        rf"(?:it|that|this)(?: sounds| must be| must feel| must have been| must have felt| feels| seems| is|'s) {INTENSITY}{HARD}",
        rf"sounds {INTENSITY}{HARD}",
        r"(?:it|that) sounds like",
        r"sounds like it",
        r"(?:that|it|this) must (?:be|feel|have been|have felt)",
        r"i (?:can )?understand (?:why|that|how|what)",
        r"i get (?:why|that you|how)",
        r"i know (?:this|that|it's|you're|how|you've|you have|you feel|it has|it feels|you were|you wanted|you'd"
        r"|you really|you had|today)",
        r"you (?:feel|felt) (?:like|that|as if|as though)",
        r"(?:you've|you have) been (?:waiting|ignored|stuck|left|kept|trying|asking|waiting for)",
        r"you're right(?: to| that|,|\.)",
        r"fair (?:enough|point)",
        r"(?:that's|that is|it's|it is) (?:a )?(?:fair|reasonable|understandable) (?:point|question|thing|to)",
        r"(?:it's|it is) (?:ok|okay|understandable|normal|natural|alright|all right) to (?:feel|be)",
        r"thank you for (?:telling|letting|sharing|explaining|talking|being honest)",
        r"what you're (?:going through|feeling|describing|saying)",
        r"(?:you've|you have) had an? (?:rough|hard|tough|awful|horrible|long|difficult)",
        # "you want to go" names a wish; "do you want to go...?" only asks.
        r"(?<!\bdo\s)(?<!would\s)(?<!\bif\s)(?:you|you've|you have) (?:miss|missed|want|wanted|really want) (?:your|to see"
        r"|to go|to be|to talk)",
    ),
    *group(
        F.validation_deep,
        "Linking the feeling to its reason, or agreeing with the experience, shows real understanding "
        "(Project BETA: listen closely; agree with the experience).",
        r"no wonder",
        r"(?:it )?makes (?:total |complete |perfect )?sense",
        r"anyone would (?:be|feel)",
        r"(?:i'd|i would) (?:be|feel) (?:the same|upset|angry|frustrated|scared|annoyed|worried|fed up|frightened|cross)",
        r"of course (?:you're|you are|you'd|you would|you feel)",
        r"(?:i'd|i would) (?:want|hate|find)",
        r"(?:you've|you have) every right",
        r"i'd be (?:fed up|furious) too",
    ),
)

STOCK_EMPATHY = group(
    F.stock_empathy,
    "A stock empathy phrase says nothing about this person; on its own it earns nothing, and repeated it "
    "reads as a script.",
    r"i hear you",
    r"i hear what you're saying",
    r"i (?:totally |completely |fully |really |do )?understand(?! (?:why|that|how|what))",
    r"i get it",
    r"i validate (?:you|your)",
    r"(?:your|those) (?:feelings|emotions|concerns) are (?:valid|real|important|understandable)",
    r"i'm here for you",
    r"i see where you're coming from",
    r"i feel your pain",
    r"i (?:empathi[sz]e|sympathi[sz]e)",
    r"i'm (?:so |really |very |truly )+sorry(?=[.!,]|$| but)",
    r"i appreciate (?:that|you|how|your)",
    r"that must be hard",
    r"i acknowledge (?:you|your|that)",
)

APOLOGY = group(
    F.apology,
    "A short apology is one of the Soft Words features that make a no easier to take (Safewards).",
    r"(?:i'm|i am) (?:so |really |very )?sorry",
    r"sorry (?:that|for|about|but|to)",
    r"i apologi[sz]e",
    r"(?:i'm|i am) afraid(?! of| that you| you're)",
    r"sorry(?=[.!,]|$)",
    r"(?:my|our) apologies",
)

REASON = group(
    F.reason,
    "A short honest reason makes fairness visible; it is what turns a bare no into Soft Words (Safewards).",
    r"because",
    r"(?:'cause|cause|cos|coz|'cos)",
    r"(?:the )?reason (?:is|being|why|for)",
    r"that's why",
    r"so that",
    r"due to",
    r"since (?:the|it|we|you|your|there|i|he|she|they|our)",
    r"as (?:the|it's|we're|we|you're|there's|there|your|our|he's|she's|they're|i'm)",
    r"for (?:your|everyone's|their|our|the) (?:own )?safety",
    r"to keep (?:you|everyone|people|them|us|other|the ward) safe",
    r"(?:it's|it is|that's|that is|it isn't|that isn't) (?:not )?safe",
    r"until (?:the|your|tomorrow|after|we|i|he|she|they|it|then|monday|tuesday|wednesday|thursday|friday|saturday|sunday|later|ward round|\d\w*)",
    r"(?:the )?(?:doctor|doctors|team|consultant|tribunal|ward round|court|psychiatrist) (?:has|hasn't|needs|need|said|says|wants|decided|agreed|is|isn't|will|won't|can't|haven't|have)",
    r"(?:on hold|suspended|paused) (?:until|while|because|after)",
    r"(?:it's|it is) too (?:soon|early|late|close)",
    r"(?:the|your) (?:last|next) dose",
    r"(?:the )?(?:policy|rules?) (?:says?|is|are)",
    r"(?:it|that|they|he|she|the \w+)(?:'s| is)? (?:opens?|closes?|starts?|finishes|ends?|reopens?|open|shut|closed)"
    r" (?:at|on|in|after|till|until|again)",
    r"(?:we|i) (?:need|have|'ve got) to (?:see|check|keep|make sure|know|be able)",
    r"(?:'s|is|are) (?:off|closed|shut|locked|open|on|busy|full) (?:till|until|at|after|for)",
    r"(?:it's|that's|it is) (?:his|her|their|your|my) (?:private|personal|own) (?:business|information|matter)",
    r"(?:confidential|privacy)",
    r"(?:we've|we have) had (?:problems|issues|incidents|trouble)",
    r"there are (?:other|\d+|lots of) (?:other )?patients",
    r"(?:other patients|everyone else) (?:need|needs|have|has|are|is)",
)

VAGUE_REASON = group(
    F.vague_reason,
    "'Those are the rules' is not a reason; say the actual reason in one sentence (Safewards Soft Words).",
    r"(?:those are|that's|it's|these are|they're) (?:just )?(?:the )?(?:rules?|policy|procedure|protocol)",
    r"rules are rules",
    r"because i said so",
    r"(?:hospital|ward|trust) (?:policy|rules)",
    r"(?:it's|that's|it is) (?:just )?(?:how|the way) (?:it is|things are|it works)",
    r"it is what it is",
    r"because (?:that's|those are|it's) (?:the )?(?:rules?|policy)",
)

NEXT_STEP = group(
    F.next_step,
    "Saying what happens next, and when, gives the person something to hold on to (Safewards Talk Down: "
    "clarify; DOMAIN: make fairness visible).",
    r"(?:i'll|i will|i'm going to|i am going to|let me) (?:speak|talk|ask|check|find out|come back|let you know"
    r"|chase|phone|ring|call the|raise|mention|make sure|look into|follow up|sort|write|put in|pass|email|go and)",
    r"(?:the )?next step",
    r"what (?:happens|will happen) (?:next|now) is",
    r"here's what",
    r"(?:at|by|after|before) (?:\d\w*|one|two|three|four|five|six|ten|lunch|tea|dinner|ward round|handover|the meeting|noon)",
    r"this (?:afternoon|evening|morning)",
    r"tomorrow",
    r"in (?:\d+|ten|five|twenty|fifteen|thirty|a few|a couple of) (?:minutes|mins|hours)",
    r"(?:when|once|as soon as) (?:the|your) (?:doctor|team|consultant|ward round)",
    r"(?:i'll|i will) (?:come|be) (?:straight )?back",
)

COURTESY = group(
    F.courtesy,
    "Courtesy and asking rather than telling show respect (Project BETA: establish verbal contact; DABS: "
    "valuing the patient).",
    r"please",
    r"thank you",
    r"thanks",
    r"(?:would|could|can) you",
    r"(?:can|may|could) i",
    r"is it (?:ok|okay|alright|all right) (?:if|to|with)",
    r"(?:do|would) you mind",
    r"my name(?:'s| is)",
    r"(?:hi|hello|hey),? \w+,? (?:it's|i'm) \w+",
    r"(?:i'm|i am) \w+,? (?:one of|the|a|your) (?:nurses?|staff|support|health|named|charge|ward)",
    r"(?:i'm|i am) here to (?:help|listen|talk)",
    r"let's",
    r"together",
    r"(?:we can|we could|we'll) (?:sort|work|figure|talk|think)",
    r"i (?:want|would like|'d like) to (?:help|understand|listen|hear|know)",
    r"(?:i'm|i am) (?:listening|here)",
    r"take your time",
    r"(?:when|whenever) you're ready",
    r"(?:in|at) your own (?:time|pace)",
    r"(?:yes,? )?of course(?: you can| it is|,? yes)?",
    r"(?:that's|that is|it's|it is) (?:fine|okay|ok|alright|all right)(?= with me| by me|[.,!]|$)",
    r"you (?:don't|do not) have to",
    r"no need to (?:say|talk|explain|decide|rush|answer|come)",
    r"(?:i'm|i am) not going to (?:make|force|rush) you",
    r"i won't (?:make|force|rush) you",
    r"if (?:that's|that is) (?:ok|okay|alright|all right)",
)

OPEN_QUESTION = group(
    F.open_question,
    "Asking about their concerns invites their side of it (DABS: asking about concerns; Project BETA: "
    "listen closely).",
    r"what's (?:happened|going on|wrong|upset you|upsetting you|bothering you|worrying you|the matter|on your mind|happening)",
    r"what (?:has |)(?:happened|is going on|is wrong|is bothering you|is worrying you)",
    r"(?:can|could|would) you tell me",
    r"tell me (?:what|about|more|how|why)",
    r"help me understand",
    r"what (?:do|would|might) you (?:need|like|want|prefer)",
    r"what (?:would|might|could|can) (?:help|make|i do)",
    r"how (?:are|were) you (?:feeling|doing|getting on)",
    r"how (?:can|could|might) (?:i|we) help",
    r"what (?:is|'s) (?:making|got) you",
    r"are you (?:ok|okay|alright|all right|hurt|safe)",
    r"what (?:usually |normally )?helps",
    r"is there (?:anything|something) (?:i|we) can",
    r"what (?:matters|worries|scares|frightens) you",
)

SAFETY = group(
    F.safety,
    "A short safety line helps even at high agitation, when other calming words lose power (DOMAIN).",
    r"you're safe",
    r"you are safe",
    r"(?:i'm|i am|we're|we are|no one is|nobody is|no one's|nobody's) not going to hurt you",
    r"(?:no one|nobody|no-one)(?: is|'s) going to hurt you",
    r"(?:i|we) (?:want|need) (?:to keep )?(?:you|everyone) (?:to be )?safe",
    r"keep you safe",
    r"i'm not going anywhere",
    r"(?:i'm|i am) (?:staying )?(?:right )?(?:here|with you)(?=[.,!]|$)",
    r"(?:i'm|i am) staying(?: right)? (?:here|with you)",
    r"you're not (?:on your own|alone)",
    r"(?:no one|nobody)(?: here)? (?:wants|is trying|is going|'s going) to (?:hurt|harm) you",
    r"you're not in trouble",
)

SPACE = (
    *group(
        F.space,
        "Stepping back, sitting down, a softer voice and open hands give space and lower threat "
        "(Project BETA: respect personal space; be non-provocative).",
        r"(?:steps?|moves?|backs?|leans?|takes? (?:a|two|one|a few) (?:small )?steps?) (?:back|away|off|aside)",
        r"backs? off",
        r"(?:gives?|giving) (?:him|her|them|some|more) (?:some )?(?:space|room|time)",
        r"(?:sits?|sitting|crouches|kneels)(?: down)?",
        r"(?:at|keeps?|keeping|from) (?:a|some|their|his|her|my|arm's|two arm's) ?(?:safe |respectful )?(?:distance|length)",
        r"(?:stands?|moves?|stays?) (?:to the side|aside|side-on|side on|by the wall|away from the door)",
        r"(?:leaves?|keeps?) (?:the )?(?:door|exit|way out) (?:open|clear|free)",
        r"(?:lowers?|softens?|drops?) (?:\w+ )?voice",
        r"(?:speaks?|talks?|says?) (?:\w+ )?(?:softly|quietly|slowly|gently|calmly|in a low voice)",
        r"(?:softly|quietly|gently|calmly|slowly)",
        r"(?:open palms|palms open|palms up|hands visible|hands open|open hands|hands by (?:\w+ )?sides?|unfolds? (?:\w+ )?arms|relaxed posture|open posture)",
        scope=Scope.action,
    ),
    *group(
        F.space,
        "Offering space or a time-limited break lets the person calm themselves (Project BETA; Safewards "
        "Calm Down Methods).",
        r"(?:i'll|i will|let me|i can|i'm going to) (?:give you (?:some )?(?:space|room|time|a (?:few )?minutes?|a moment)"
        r"|step back|stand (?:over )?(?:here|there|back)|move back|sit down|wait (?:over )?(?:here|there|outside))",
        r"take your time",
        r"(?:take|have) (?:a|some|a few|five|ten) (?:minutes?|moments?|time|space|break|breather|breath)",
        r"(?:i'll|i will) (?:come|check) back (?:in|at|after)",
        r"(?:you|we) (?:can|could) take a (?:break|breather|minute|moment)",
        r"(?:no rush|no pressure|no hurry)",
        r"(?:in|at) your own (?:time|pace)",
        r"(?:when|whenever) you're ready",
        r"some (?:space|time) (?:on your own|alone|to yourself|to think)",
        r"the door (?:is|stays) open",
        r"(?:i'll|i will|i'm going to|let me) (?:just )?(?:sit|stay|wait|stand) (?:over )?(?:here|there)",
    ),
)

TEAMWORK = (
    *group(
        F.teamwork,
        "Calling a colleague early, or offering someone else, mobilises the team without crowding "
        "(NICE NG10: one person leads; DOMAIN: swap staff when rapport is failing).",
        r"(?:i'll|let me|i'm going to|i will|i can|i could|shall i) (?:ask|get|call|fetch|bring|grab|find) "
        r"(?:a|my|another|one of my|the|one of the) (?:colleague|nurse|staff member|team ?mate|nurse in charge|"
        r"charge nurse|doctor|ward manager|support worker)",
        r"(?:talk|speak|chat) (?:to|with) (?:someone else|another (?:nurse|member|person)|a different|a colleague|one of my colleagues)",
        r"(?:a|my) colleague",
        r"ask \w+ to (?:come|join|take over|help|sit with)",
        r"(?:hand over|swap) (?:to|with)",
        r"someone else (?:to talk|can|could|might|you'd)",
        r"(?:support|help|a colleague) (?:is|are) (?:on (?:the|their) way|coming)",
    ),
    *group(
        F.teamwork,
        "Signalling a colleague or calling support is teamwork (NICE NG10).",
        r"(?:calls?|radios?|signals?|beckons?|nods?|waves?|gestures?|looks?) (?:for |to |over )?(?:a |another |the )?"
        r"(?:support|help|colleague|co-worker|team ?mate|second staff|staff member|nurse in charge)",
        r"(?:swaps?|hands? over) (?:with|to)",
        r"(?:colleague|another nurse|second nurse) (?:comes?|arrives?|steps? in|takes? over)",
        scope=Scope.action,
    ),
)

OFFER = group(
    F.offer,
    "An offer the person can take or leave is a real choice (Project BETA: offer choices; Safewards Soft "
    "Words: alternatives).",
    r"would you (?:like|prefer|rather)",
    r"(?:would|do) you want(?: me)? to",
    r"do you want (?:a|some|to|me)",
    r"(?:^|(?<=[.!?]\s))(?:want|fancy) (?:to|a|some|going)",
    r"would it help",
    r"would (?:a|an|some) (?:\w+ ){1,3}help",
    r"what (?:i|we) can do (?:is|for you)",
    r"you could",
    # "Of course you can." grants what was asked; it offers no choice.
    r"you can(?!'t\b| not| calm| relax| settle| stop| go to your room| have it back when|\s*[.!,]|$)",
    r"we could",
    r"we can(?!'t\b| calm| relax)",
    r"i could",
    r"i can (?:also )?(?:get|make|bring|call|ring|ask|sit|stay|come|offer|take|find|show|give|arrange|book|phone|help|fetch|put|try)",
    r"how about",
    r"what about",
    r"(?:maybe|perhaps) (?:we|you|i) (?:could|can)",
    r"(?:one|another|an|other) (?:option|choice|idea|possibility)",
    r"alternatively",
    r"(?:in the meantime|meanwhile)",
    r"shall (?:we|i)",
    r"either(?! way)",
    # "so we can work it out", "then you can rest": a purpose or a sequel, not a choice; "what we can do"
    # asks, it offers nothing yet.
    unless_preceded_by=r"\b(?:so|so that|then|and then|until|where|which|once|when|what|how|something|anything|nothing|wish) ",
)

INVITATION = group(
    F.invitation,
    "Leaving it to the person ('if you like', 'up to you') makes it a choice (Project BETA: offer choices).",
    r"(?:if you|if you'd) (?:like|prefer|want|rather)",
    r"(?:it's )?(?:up to you|your choice|your call|your pick)",
    r"whichever (?:you|suits|feels|you'd)",
    r"you (?:choose|decide|pick)(?=[.!?,]|$)",
    r"you're welcome to",
    r"feel free to",
)

SKILL_RULES: tuple[Rule, ...] = (
    *VALIDATION,
    *STOCK_EMPATHY,
    *APOLOGY,
    *REASON,
    *VAGUE_REASON,
    *NEXT_STEP,
    *COURTESY,
    *OPEN_QUESTION,
    *SAFETY,
    *SPACE,
    *TEAMWORK,
)


OFFER_RULES: tuple[Rule, ...] = (*OFFER, *INVITATION)
