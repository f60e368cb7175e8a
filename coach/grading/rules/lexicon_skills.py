"""Phrase tables for what a turn does well, and for the "no" moment itself.

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
    r"|disappointed|hopeless|homesick|desperate|miserable|agitated|irritated|unheard|invisible)"
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
        r"(?:that|it|this) must (?:be|feel|have been|have felt)",
        r"i (?:can )?understand (?:why|that|how|what)",
        r"i get (?:why|that you|how)",
        r"i know (?:this|that|it's|you're|how|you've|you have|you feel|it has|it feels)",
        r"you (?:feel|felt) (?:like|that|as if|as though)",
        r"(?:you've|you have) been (?:waiting|ignored|stuck|left|kept|trying|asking|waiting for)",
        r"you're right(?: to| that|,|\.)",
        r"fair (?:enough|point)",
        r"(?:that's|that is|it's|it is) (?:a )?(?:fair|reasonable|understandable) (?:point|question|thing|to)",
        r"(?:it's|it is) (?:ok|okay|understandable|normal|natural|alright|all right) to (?:feel|be)",
        r"thank you for (?:telling|letting|sharing|explaining|talking|being honest)",
        r"what you're (?:going through|feeling|describing|saying)",
        r"(?:you've|you have) had an? (?:rough|hard|tough|awful|horrible|long|difficult)",
        r"(?:you|you've|you have) (?:miss|missed|want|wanted|really want) (?:your|to see|to go|to be|to talk)",
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
    r"would it help",
    r"you could",
    r"you can(?!'t\b| not| calm| relax| settle| stop| go to your room| have it back when)",
    r"we could",
    r"we can(?!'t\b| calm| relax)",
    r"i could",
    r"i can (?:also )?(?:get|make|bring|call|ring|ask|sit|stay|come|offer|take|find|show|give|arrange|book|phone|help|fetch|put|try)",
    r"how about",
    r"what about",
    r"(?:maybe|perhaps) (?:we|you|i) (?:could|can)",
    r"(?:one|another|an|other) (?:option|choice|idea|possibility)",
    r"alternatively",
    r"instead",
    r"(?:in the meantime|meanwhile)",
    r"shall (?:we|i)",
    r"either(?! way)",
)

INVITATION = group(
    F.invitation,
    "Leaving it to the person ('if you like', 'up to you') makes it a choice (Project BETA: offer choices).",
    r"(?:if you|if you'd) (?:like|prefer|want|rather)",
    r"(?:it's )?(?:up to you|your choice|your call)",
    r"you're welcome to",
    r"feel free to",
)

DECLINE = group(
    F.decline,
    "Declining what was asked is the 'no' moment, one of the core staff flashpoints (Safewards).",
    r"the answer(?:'s| is) no",
    r"(?:it's|that's) a no",
    r"(?:i'm|i am) (?:saying|going to say) no",
    r"i said no",
    r"(?:have|has|'ve) to say no",
    r"no way",
    r"(?:no|not a) chance",
    r"nope",
    r"(?:absolutely|certainly|definitely) not",
    r"(?:that's )?not happening",
    r"(?:i'm|i am|we're|we are) not (?:going to|gonna) (?:let|give|allow|do|open|unlock|get|change|bring|agree)",
    r"(?:i|we) (?:won't|will not|can't|cannot|can not) (?:be able to )?(?:let|give|allow|do that|do this|do it|open|unlock|get you|bring|change|agree|say yes|make|offer|sign|authori[sz]e|approve|lend|fetch|take you|send|arrange|discharge|grant|find|ring|phone|call|hand)",
    r"(?:i'm|i am|we're|we are) (?:not able|unable|not allowed|not permitted) to",
    r"(?:that|it|this)(?:'s| is) (?:not|im)possible",
    r"(?:that|it|this) (?:isn't|won't be|will not be) possible",
    r"(?:that|it|this)(?:'s| is| isn't) (?:not )?(?:an option|something (?:i|we) can)",
    r"(?:i|we) (?:have|'ve) to keep",
    r"(?:has|needs|must|have|got) to stay (?:locked|closed|shut|here|with us|on the ward)",
    r"(?:you|u) (?:can't|cannot|can not|may not|mustn't|won't be able to|will not be able to|aren't allowed to"
    r"|are not allowed to|'re not allowed to|aren't able to|are not able to|aren't permitted to|are not permitted to)"
    r"(?! (?:sleep|cope|breathe|think|remember|focus|concentrate|believe|stand it|stand this|trust|see|hear"
    r"|understand|stop thinking|stop worrying|get through|relax|settle|feel)\b)",
    r"you're not allowed",
    r"(?:not|isn't|is not) allowed",
    r"no (?:smoking|vaping|phones?|visitors|leave|lighters?|mobiles?) (?:on|in|allowed|here|today|until)",
    unless_after=r"\b(?:feel|feels|feeling|felt|like|know|worried|scared|afraid|think|thought|as if|if|when|why|sounds|seems) (?:\w+ )?",
)

BARE_NO = Rule(
    F.decline,
    r"(?:^|(?<=[.!?;:,\n]\s)|(?<=[.!?;:,\n]))(?P<q>no)(?!-|\s+(?:one|problem|worries|need|wonder|idea|matter|rush"
    r"|pressure|doubt|body|thing|harm|longer|hurry|more|less|big deal|reason|offence|offense|judgement|judgment"
    r"|shame|trouble|way to|time|pun|question)\b)",
    "A 'no' at the start of a sentence declines what was asked: the 'no' moment (Safewards).",
    unless_after=r"\b(?:oh|oh,|oh no,|no,) ",
)

DELAY = group(
    F.delay,
    "Delaying is a no for now; it is still a flashpoint and deserves a reason and a time (Safewards).",
    r"not (?:right |just )?now",
    r"not at the moment",
    r"not (?:just )?yet",
    r"not (?:today|tonight|this (?:morning|afternoon|evening|week))",
    r"not until",
    r"(?:you'll|you will|you'd|you would|you) (?:have|need) to wait",
    r"(?:have|has|need|needs) to wait (?:until|till|for|a bit|a while|a little)",
    r"(?:it|that|this) (?:will|'ll) have to wait",
    r"(?:wait|waiting) (?:until|till|a bit|a while|a little longer)",
    r"(?:maybe|perhaps|possibly) later",
    r"later on",
    r"(?:can|could|will|'ll) (?:do|talk about|discuss|sort|look at|deal with) (?:it|that|this) later",
    r"(?:put|been put|is) on hold",
)

LIMIT = group(
    F.limit,
    "Setting a limit ('I need you to stop') is a no moment; it works when stated briefly, as a fact, with "
    "a reason (Project BETA: limits as facts).",
    r"(?:i need|i'd like|i want|i'm asking) you to (?:stop|not|put|lower|keep|move|step|give|stay|sit|leave|go)",
    r"(?:you need to|you have to|you must|you've got to) (?:stop|not|put|lower|keep|go back|leave|give)",
    r"please (?:stop|don't|do not)",
    r"stop (?:shouting|swearing|throwing|hitting|banging|kicking|threatening|that|it|doing|spitting|pacing|filming|recording|touching)",
    r"(?:that|this|it)(?:'s| is) not (?:ok|okay|acceptable|alright|all right|on)",
    r"(?:that|this|it) (?:isn't|is not) (?:ok|okay|acceptable|alright|all right)",
    r"(?:not acceptable|unacceptable)",
    r"i (?:won't|will not|can't|cannot) (?:let|allow) you to",
    r"(?:i'm|i am) not (?:going to )?(?:let|allow) you",
    r"(?:don't|do not) (?:shout|swear|throw|hit|kick|bang|spit|threaten|touch|smash|break|talk to (?:me|him|her) like)",
    r"(?:the )?rules? (?:say|is|are)",
    r"(?:i'm|i am) going to have to ask you to",
    r"(?:you'll|you will) have to (?:leave|go|stop|put|give|move)",
)

BAD_NEWS = group(
    F.bad_news,
    "Bad news is a flashpoint; Safewards Bad News Mitigation: say it plainly, with support and a next step.",
    r"(?:i'm|i am) afraid(?! of| that you| you're)",
    r"unfortunately",
    r"bad news",
    r"(?:i'm|i am) sorry to (?:say|tell)",
    r"(?:has|have|had|\w+'s|\w+'ve) been (?:cancelled|canceled|stopped|suspended|refused|denied|turned down|postponed|put back|rejected|withdrawn|delayed|revoked|rescinded|moved)",
    r"(?:is|was|were|are) (?:cancelled|canceled|refused|denied|postponed|delayed|suspended|rejected|turned down)",
    r"(?:isn't|is not|won't be|will not be|aren't|are not|can't|cannot|couldn't|wasn't|won't) (?:coming|able to come|able to make it|able to visit|here today|in today)",
    r"(?:the )?(?:doctor|team|consultant|tribunal|mdt|ward round|panel) (?:said no|has said no|didn't agree|hasn't agreed|did not agree|turned (?:it|you) down|refused|declined|won't|will not|decided not|decided against|isn't|hasn't)",
    r"no (?:news|answer|decision) yet",
    r"(?:hasn't|has not|haven't|have not) (?:come back|been (?:agreed|approved|signed|decided))",
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

REFUSAL_RULES: tuple[Rule, ...] = (*DECLINE, BARE_NO, *DELAY, *LIMIT, *BAD_NEWS)

OFFER_RULES: tuple[Rule, ...] = (*OFFER, *INVITATION)
