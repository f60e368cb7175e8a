"""Phrase tables for the "no" moment: declining, delaying, setting a limit, giving bad news; and the two
situations only the patient's last line shows (they asked for space; they challenged a restriction).

Saying no is one of the core staff flashpoints (Safewards); how it is said is graded by no_brevity.
"""

from __future__ import annotations

import re

from coach.grading.rules.phrase import Feature as F
from coach.grading.rules.phrase import Rule, Scope, group

DECLINE = group(
    F.decline,
    "Declining what was asked is the 'no' moment, one of the core staff flashpoints (Safewards).",
    r"the answer(?:'s| is) no",
    r"(?:it's|that's) a no",
    r"(?:i'm|i am) (?:saying|going to say) no",
    r"i said no",
    r"(?:have|has|'ve) to say no",
    r"no way(?! (?:anyone|anybody|someone|they|he|she|we|that|this|it) )",
    r"(?:no|not a) chance",
    r"(?:nope|nah)",
    r"(?:absolutely|certainly|definitely) not",
    r"(?:that's )?not happening",
    r"(?:i'm|i am|we're|we are) not (?:going to|gonna) (?:let|give|allow|do|open|unlock|get|change|bring|agree)",
    r"(?:i|we) (?:won't|will not) (?:be able to )?(?:let(?! (?:this|that|it|anything|anyone|anybody|them|him|her)"
    r" (?:affect|happen|hurt|harm|stop|get))|give|allow|open|unlock|change|agree|say yes|sign|approve"
    r"|hand|bring|get you|take you|do that|do this|do it)",
    # "I can't" anything, except what is inability or sympathy ("I can't imagine", "I can't promise").
    r"(?:i|we) (?:can't|cannot|can not|couldn't) (?:just |really |actually |possibly |always )?"
    r"(?!imagine|believe|remember|understand|hear|see|wait|thank|stress|blame|promise|tell you how|say how"
    r"|swear|help (?:but|feeling)|stand|bear|think)\w+",
    r"(?:i'm|i am|we're|we are) (?:not able|unable|not allowed|not permitted) to",
    # Formal British no's: "we're not in a position to", "I'm not in a position to".
    r"(?:not|isn't|is not|aren't|are not|wasn't|was not) (?:really )?in a position to",
    r"(?:that's|it's|that is|it is|isn't|is not|won't be|will not be) impossible",
    r"(?:isn't|is not|won't be|will not be|not) possible",
    r"(?:that|it|this)(?:'s| is| isn't) (?:not )?an option",
    r"not something (?:i|we) (?:\w+ )?can",
    r"(?:you're|you are) not (?:having|getting|going (?:out|home|anywhere)|allowed|taking|leaving|seeing"
    r"|smoking|coming|having it)",
    r"(?:normally|usually|generally) (?:we|you) (?:don't|can't|do not)",
    r"we (?:don't|do not) (?:allow|let|do (?:that|this|\w+ in))",
    r"because i said so",
    r"rules are rules",
    r"end of(?: story| discussion)?(?=[.!]|$)",
    r"(?:we|you) (?:don't|can't|do not) always get what (?:we|you) want",
    r"whether you like it or not",
    r"(?:i|we) (?:have|'ve) to keep",
    r"(?:has|needs|must|have|got) to stay (?:locked|closed|shut|here|with us|on the ward)",
    r"(?:you|u) (?:can't|cannot|can not|may not|mustn't|won't be able to|will not be able to|aren't allowed to"
    r"|are not allowed to|'re not allowed to|aren't able to|are not able to|aren't permitted to|are not permitted to)"
    r"(?! (?:sleep|cope|breathe|think|remember|focus|concentrate|believe|stand it|stand this|trust|understand"
    r"|be blamed|be expected|have been|help (?:it|how)"
    r"|stop thinking|stop worrying|get through|relax|settle|feel)\b)",
    r"(?:aren't|are not|isn't|is not|not) (?:allowed|permitted)",
    r"no (?:smoking|vaping|phones?|visitors|leave|lighters?|mobiles?) (?:on|in|allowed|here|today|until)",
    # Everyday English no's: "afraid not", "I can't, sorry", "that won't be happening", "out of the question".
    r"(?:i'm )?(?:afraid|sadly|'fraid) not",
    r"(?:i|we) (?:can't|cannot|couldn't)(?=[,.!;]|$| i'm afraid| sorry)",
    r"(?:that|it|this)(?:'s| is)? (?:won't|will not|can't|cannot|isn't|is not|not|isn't going to|is not going to) "
    r"(?:be )?(?:happening|going to happen|happen)",
    r"(?:won't|will not|isn't going to|is not going to|not going to) be (?:possible|allowed|happening|an option)",
    r"out of the question",
    r"(?:i )?(?:don't|do not) think (?:that's|that is|it's|it is|it would be|that would be) (?:a good idea|wise"
    r"|possible|allowed|going to (?:happen|work))",
    r"(?:i|we) (?:won't|will not|'m not going to|are not going to|'re not going to) be (?:doing|letting|giving"
    r"|opening|getting|taking|bringing|able to)",
    r"(?:i|we) (?:wish|'d love to|would love to) (?:i|we)? ?(?:could|can)?,? but",
    r"(?:i'd|i would) love to,? but",
    r"(?:we|i) (?:don't|do not|haven't|have not) (?:got |have )?(?:the |enough )?(?:staff|people|time|beds?|space"
    r"|room|anyone|nobody) (?:for|to|free|available|spare)",
    r"(?:there's|there is|there are) (?:no one|nobody|no staff|not enough staff|no-one) (?:free|available|spare"
    r"|to (?:take|go|escort|sit|help))",
    r"(?:there's|there is) (?:no one|nobody|no-one|not anyone) else|(?:there isn't|there is not) (?:anyone|anybody) else",
    # "Sorry, no." and "afraid no": a no after an apology.
    r"(?:sorry|afraid),? (?:but )?no(?=[.!,]|$)",
    unless_preceded_by=r"\b(?:feel|feels|feeling|felt|like|(?<!you\s)know|worried|scared|afraid|think|thought|as if|if|when|why|sounds|seems) (?:\w+ )?",
)

BARE_NO = Rule(
    F.decline,
    r"(?:^|(?<=[.!?;:,\n)\]]\s)|(?<=[.!?;:,\n)\]]))(?P<q>no)(?!-|\s+(?:one|problem|worries|need|wonder|idea"
    r"|matter|rush|pressure|doubt|body|thing|harm|longer|hurry|more|less|big deal|reason|offence|offense"
    r"|judgement|judgment|shame|trouble|way to|time|pun|question)\b"
    # "No, I don't" answers a question about facts; it declines nothing.
    r"|,?\s+(?:i|it|he|she|they|that)(?:'m|'s|'re| am| was| is| are| do| did| don't| didn't| haven't| hasn't| isn't| wasn't)\b"
    # "No, you won't lose it", "No, that will never happen, I promise": a no that reassures declines nothing.
    r"|,?\s+(?:\w+,\s+)?(?:i promise|of course not|not at all|never|nobody|no one|you won't|you will not"
    r"|you're not going to|that won't|that will never|it won't|it will never|they won't|it shouldn't"
    r"|that shouldn't|it should not|you haven't|you didn't|you don't need)\b"
    # "No, you're right", "No no, that's fine", "No, I get it": agreeing, not declining.
    r"|,?\s+(?:no\b|you're right|you are right|that's (?:fine|ok|okay|alright|all right|right|true|fair)"
    r"|of course(?! not)|i (?:get|understand|know|see|agree|hear)|don't (?:worry|apologi[sz]e|be sorry)"
    r"|it's (?:fine|ok|okay|alright|all right)|honestly|really|thank))",
    "A 'no' at the start of a sentence declines what was asked: the 'no' moment (Safewards).",
    unless_preceded_by=r"\b(?:oh|oh,|oh no,|no,) ",
)

# After a request ("Can I...?"), a "No" that opens the answer declines it, whatever follows ("No, it's
# closed", "No, of course not"); elsewhere those forms answer a question or a fear (BARE_NO above).
# reading.py decides which.
NO_TO_A_REQUEST = Rule(
    F.request_no,
    r"(?:^|(?<=[.!?;:\n]\s)|(?<=[.!?;:\n]))(?P<q>no)(?=[,.!]|\s+(?:sorry|i'm|it's|it is|he's|she's|they're|that's"
    r"|not|of course|i don't|i can't|we can't|you can't|afraid|mate|love|i'm afraid)\b|$)"
    r"(?!,?\s+(?:no\b|you're right|that's (?:fine|ok|okay|alright|all right|right|true|fair)|of course(?! not)"
    r"|i (?:get|understand|know|see|agree|hear)|don't (?:worry|apologi[sz]e)|it's (?:fine|ok|okay|alright)))",
    "A 'no' that opens the answer to a request declines it: the 'no' moment (Safewards).",
)

DELAY = group(
    F.delay,
    "Delaying is a no for now; it is still a flashpoint and deserves a reason and a time (Safewards).",
    r"not (?:right |just )?now",
    r"wait your turn",
    r"(?:shut|closed|locked) (?:till|until)",
    r"(?:have|get) (?:it|them|that|this|your \w+) back (?:at|after|when|once|tomorrow|later|in|tonight|this)",
    r"not at the moment",
    r"not (?:just )?yet",
    r"not (?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week|weekend|time))",
    # Whoever could say yes is away: "the manager's not in till Monday", "she's not back until two".
    r"(?:not|isn't|is not|aren't|are not) (?:in|on|back|here|around|about|available|free|working) (?:till|until"
    r"|before|today|tonight|tomorrow|this (?:morning|afternoon|evening|week|weekend))",
    r"not (?:until|till)",
    r"(?:you'll|you will|you'd|you would|you) (?:have|need) to wait",
    r"(?:have|has|need|needs) to wait (?:until|till|for|a bit|a while|a little)",
    r"(?:it'll|it will|that'll|that will) have to wait",
    r"(?:it|that|this) (?:will|'ll) have to wait",
    r"(?:wait|waiting) (?:until|till|a bit|a while|a little longer)",
    r"(?:maybe|perhaps|possibly) (?:later|tomorrow|another (?:day|time)|next (?:week|time)|at the weekend)",
    r"later on",
    r"(?:can|could|will|'ll) (?:do|talk about|discuss|sort|look at|deal with) (?:it|that|this) later",
    r"(?:put|been put|is) on hold",
    r"(?:let's|we'll|we can|i'll) (?:leave|put) (?:that|it|this) (?:for now|aside|to one side|for later"
    r"|for another (?:day|time))",
    r"park (?:that|it|this)(?! car| van)|(?:on|to) the back burner|hold that thought",
    # "Later today, hopefully." opening an answer puts it off.
    r"(?:^|(?<=[.!?]\s))later(?: on| today| tonight| this (?:afternoon|evening|week))?(?=[.,!]|$| hopefully| maybe)",
)

# A stall is a delay only in answer to a request ("Can I...?" "In a bit."); after a worry, "hang on, let me
# get you a blanket" puts nothing off. reading.py decides which.
STALL = group(
    F.stall,
    "Putting a request off ('in a bit', 'after lunch') is a no for now; it is still a flashpoint and "
    "deserves a reason and a time (Safewards).",
    r"(?:^|(?<=[.!?]\s))(?:in a (?:bit|minute|moment|while|sec|second)|hang on|hold on|bear with me"
    r"|(?:just )?(?:a|one) (?:minute|moment|sec|second)|give me (?:a|an|\d+|two|five|ten|twenty|half an) "
    r"(?:minute|min|moment|sec|second|hour|bit)s?)(?=[.,!;]|$| - | and )",
    r"(?:^|(?<=[.!?]\s))(?:after|once) [^.!?,]{1,40}(?=[.!]|$)",
    r"(?:when|as soon as) i (?:can|get (?:a|the) (?:chance|minute|moment|sec|second))",
    # "That's a hard one today": the answer for now, said gently, is no.
    r"(?:that's|that is|it's|it is) a (?:hard|tough|tricky|difficult|big) (?:one|ask)",
    r"(?:i'll|i will|we'll|we will) (?:\w+ ){1,4}(?:after|once) (?:i've|i have|i'm|handover|lunch|tea|ward round"
    r"|the (?:meds|medication|drug) round|we've)",
    # Any answer that moves the request to another time: "we can sort that tomorrow", "after the weekend",
    # "give it a day or two", "ask me again after tea", "not while you're this upset".
    r"tomorrow|next (?:week|time|month)|another (?:day|time)|(?:over|after|at) the weekend|(?:in|till|until) the"
    r" (?:morning|weekend)|first thing|on (?:mon|tues|wednes|thurs|fri|satur|sun)day",
    r"(?:after|once|when) (?:the (?:doctor|team|consultant|ward round|weekend|review|tribunal)(?:'s|s)?|ward round|handover"
    r"|lunch|tea|dinner|supper|breakfast|you've|you have|you're|you are|things|it's|it has|we've|we have)",
    r"give it (?:a|an|\d+|two|a few|a couple of) (?:day|days|week|weeks|hour|hours|bit|while)",
    r"(?:ask|try) (?:me )?again|not while",
)

# The thing asked for cannot be had, said as a fact: "the phone's broken", "the quiet room's in use right
# now". In answer to a request that is the no; otherwise it is only news. reading.py decides which.
UNAVAILABLE = group(
    F.stall,
    "What was asked for cannot be had: in answer to a request that fact is the no; say it plainly, with "
    "what can happen instead (Safewards).",
    r"(?:broken|out of order|not working|in use|being used|tied up|fully booked|all booked|locked up)"
    r"(?= right now| at the moment| now| today| tonight| till| until|[.,!;]|$)",
)

# Answering a request by saying yes, now or later: "Course you can", "Yes - I'll post it at five", "leave it
# with me". Whatever time words follow, the answer grants; a stall in it (above) is not a no.
GRANT = group(
    F.grant,
    "Saying yes to what was asked grants it.",
    r"(?:^|(?<=[.!?]\s))(?:yes|yeah|yep|yup|sure|of course|course|absolutely|definitely|certainly|go (?:ahead|for it)"
    r"|no problem|happy to)(?=[.,!;]|$| - | i | we | you | that | it )",
    r"(?:of )?course you (?:can|may)|yes,? you (?:can|may)|you (?:can|may),? (?:yes|of course)|leave it with me",
)

# Request-aware declines: "the answer's still the same", "it's still a no", "above my pay grade".
STILL_NO = group(
    F.request_no,
    "Answering a request with 'the answer's still the same' is the 'no' again, with no reason given "
    "(Safewards: the 'no' moment).",
    r"(?:the )?(?:answer|decision|rule|position)(?:'s| is) (?:still )?(?:the same|unchanged)|(?:it's|that's|it is"
    r"|that is|answer's|answer is) still (?:a )?no",
)

LIMIT = group(
    F.limit,
    "Setting a limit ('I need you to stop') is a no moment; it works when stated briefly, as a fact, with "
    "a reason (Project BETA: limits as facts).",
    # Telling someone to stop, keep back or stay put limits them; "I need you to sit down" only instructs.
    r"(?:i need|i'd like|i want|i'm asking) you to (?:stop|not|lower|keep|move|step|stay)",
    # Where they must be instead: "I need you back on the ward", "I want you out of the kitchen".
    r"(?:i need|i'd like|i want|i'm asking) you (?:back|out of|off|away from|to (?:go|come) back|to leave|to give"
    r" (?:it|that|them) (?:back|to me)|to hand)",
    r"i'm asking (?:you )?for",
    r"(?:lower|keep down) your voice",
    r"keep (?:your voice|it) down",
    r"(?:pack|knock) (?:it|that|this) (?:in|off)",
    # Whatever they are holding or doing with a thing: "put it down", "chair down", "leave the bin".
    r"(?:put|set|drop) (?:it|that|them|those|this|the \w+) down|(?:chair|cup|fork|knife|glass|plate|bottle)s? down"
    r"(?=[.,!]|$| please| now| for me)",
    r"(?:^|(?<=[.!?,-]\s))leave (?:the|that|those|this|my|his|her) \w+(?=[.,!]|$| now| please| where)",
    r"just not (?:with|while|when|like that|in here|here|on the ward)",
    r"cut it out",
    r"(?:that's|that is) enough",
    r"(?:you need to|you have to|you must|you've got to) (?:stop|not|lower|keep (?:it|your voice) down)",
    r"please (?:stop|don't|do not)",
    r"stop (?:shouting|swearing|throwing|hitting|banging|kicking|threatening|doing|spitting|pacing|filming"
    r"|recording|touching|screaming|singing|arguing|fighting)",
    r"stop (?:it|that)(?=[.!?,]|$| now| please| right)",
    r"(?:that|this|it)(?:'s| is) not (?:ok|okay|acceptable|alright|all right|on)(?! to feel| for you| that you)",
    r"(?:that|this|it) (?:isn't|is not) (?:ok|okay|acceptable|alright|all right)",
    r"(?:not acceptable|unacceptable)",
    r"i (?:won't|will not|can't|cannot) (?:let|allow) you to",
    r"(?:i'm|i am) not (?:going to )?(?:let|allow) you",
    r"(?:don't|do not) (?:shout|swear|throw|hit|kick|bang|spit|threaten|touch|smash|break|talk to (?:me|him|her) like)",
    r"(?:i'm|i am) going to have to ask you to",
    r"(?:you'll|you will) have to (?:leave|go|stop|put|give|move)",
    r"(?:ask|asking) you (?:not to|to stop|to leave|to move)",
    r"(?:would|could|can|will) you (?:please )?(?:mind )?(?:not(?! (?:see|hear|tell|understand|just))|stop|quit"
    r"|keep (?:it|your voice) down|lower your"
    r"|move away|step back|put (?:that|it|them) down)",
    r"(?:you're|you are) not to",
    # Stopping what they are doing to someone or something: "leave him alone", "let go", "step away from".
    r"(?:step|move|come|get|stand|back) (?:back |right )?(?:away )?from (?:him|her|them|the|that|his|her)",
    r"leave (?:him|her|them|it|that|the \w+) alone",
    r"let go(?: of)?",
    r"hands off",
    r"keep your hands to yourself",
    r"get off (?:him|her|them|me|that)",
    r"(?:turn|switch) (?:it|that|the \w+) (?:down|off)",
    r"(?:we|you) (?:don't|do not) (?:\w+ )?(?:on|in) (?:this|the) ward",
    r"not (?:in here|on the ward|in this room)(?=[.!,]|$)",
    # Limits on how much: "just one more", "that's the last one", "five minutes, then...".
    r"(?:that's|this is|it's) (?:the|your) last (?:one|time|call|cigarette|go|chance)",
    r"(?:only|just) (?:one|two|five|ten|\d+) (?:more )?(?:minutes?|cigarettes?|calls?|more)(?=[.,!]| then| and then|$)",
    r"no more (?:today|tonight|for now|after this|than)",
    r"(?:i'll|i will) need you to (?:stop|not|put|lower|keep|move|step|stay|leave|go)",
    r"no (?:shouting|swearing|smoking|vaping|hitting|throwing|kicking|running|banging|fighting|filming)"
    r"(?=[.,!]| please| in here| on the ward| here)",
    # A soft-worded limit is still a limit: "I'd rather you didn't", "I'd prefer you not to".
    r"(?:i'd|i would|we'd|we would) (?:rather|prefer(?: it if)?) you (?:didn't|did not|don't|do not|not|weren't"
    r"|stayed|waited|left|kept|came|moved|sat|went|gave|put)",
    r"(?:for|just for) staff(?: use)?(?: only)?|staff only|only for staff",
    r"(?:^|(?<=[.!?]\s))enough(?=[.!]|$|,? now)",
    r"(?:you )?(?:need|needs|have|has|'ll have) to stay (?:on|in|here|with|where|for now)",
)

BAD_NEWS = group(
    F.bad_news,
    "Bad news is a flashpoint; Safewards Bad News Mitigation: say it plainly, with support and a next step.",
    r"(?:i'm|i am) afraid(?! of| that you| you're)",
    r"unfortunately",
    r"bad news",
    r"(?:i'm|i am) sorry to (?:say|tell)",
    r"(?:isn't|is not|won't be|will not be|aren't|are not|can't|cannot|couldn't|wasn't|won't) (?:coming|able to come"
    r"|able to make it|make it|able to visit|here today|in today)",
    r"(?:the )?(?:doctor|team|consultant|tribunal|mdt|ward round|panel) (?:said no|has said no|didn't agree|hasn't agreed|did not agree|turned (?:it|you) down|refused|declined|won't|will not|decided not|decided against|isn't|hasn't)",
    r"no (?:news|answer|decision) yet",
    r"(?:hasn't|has not|haven't|have not) (?:come back|been (?:agreed|approved|signed|decided))",
    r"(?:pushed|put|moved|knocked) back",
    r"(?:has|have|'s|'ve) decided (?:not to|against|that you (?:can't|won't|need|have|should|must))",
    r"didn't go (?:your way|through|ahead|well)",
    r"(?:wasn't|was not|weren't|were not) (?:approved|agreed|granted|successful|accepted)",
    r"(?:unsuccessful|fell through|change of plans?)",
    r"(?:not|isn't|is not|aren't|wasn't) (?:well enough|able) to (?:come|visit|make it|ring|call)",
    r"turned (?:down|(?:it|you|that|them|him|her) down)",
    r"(?:is|'s|are|'re) off (?:today|tonight|for today|for now|this (?:afternoon|morning|evening|week)|on \w+day)",
    r"(?:hasn't|has not|haven't|have not|didn't|did not) (?:authori[sz]ed|approved|agreed|signed|granted|okayed"
    r"|cleared)",
    r"(?:can't|cannot|won't|isn't|is not|not|won't be|will not be|isn't going to) go(?:ing)? ahead",
    # A short negative answer to "did she ring?" is the bad news itself: "She hasn't, I'm sorry."
    r"(?:^|(?<=[.!?]\s))(?:he|she|they|it|nobody|no one)(?: still)? (?:hasn't|has not|haven't|have not|didn't"
    r"|did not|isn't|wasn't|won't|can't)(?= yet| i'm afraid| sorry| i'm sorry|[,.;]|$)",
    # Someone else's no: "he can't ring tonight", "they won't be able to take you".
    r"(?:can't|cannot|couldn't|won't be able to|isn't able to|aren't able to|wasn't able to) (?:come|ring|call"
    r"|phone|visit|make it|get here|be here|take you|go ahead|see you|get (?:in|there|away|a (?:train|bus|lift"
    r"|taxi|cab)))",
    # "Dad's not coming today"; "the police are not coming for you" reassures.
    r"(?<!police\s)(?:\w+'s|\w+'re|is|are) not (?:coming|able to come|going to (?:come|make it|be able to))"
    r"(?! near| to (?:hurt|harm|get|take)| for you| after you)",
    r"decided (?:that )?(?:you|it|your \w+) (?:need|needs|has|have|should|must|can't|won't|isn't|aren't)",
)

CANCELLED = Rule(
    F.bad_news,
    r"(?:cancelled|canceled|called off|postponed|scrapped)|(?:been|is|was|were|are) (?:stopped|suspended|refused"
    r"|denied|turned down|put back|rejected|withdrawn|delayed|revoked|rescinded|moved)",
    "Something cancelled, refused or put back is bad news, a flashpoint; Safewards Bad News Mitigation: say it "
    "plainly, with support and a next step.",
    unless_preceded_by=r"\b(?:not|never|isn't|hasn't|haven't|wasn't|won't|nothing(?:'s| is| has)?)(?: been| be)? ",
)

# A described move towards the person or into their space. Harmless on its own ("*comes in with the tea
# trolley*"); after "don't come in" or "get away from me" it is the no, acted out (patient_line.py).
APPROACH = group(
    F.approach,
    "Moving into the person's space is harmless on its own; after they asked for space it acts against "
    "what they asked.",
    r"(?:comes?|walks?|steps?|goes?|wanders?|heads?|barges?|strolls?|pops?) (?:straight |right |back )?(?:in"
    r"|into|inside|over to|across to|round to|around to|up to|through)\b",
    r"(?:enters?|opens? the (?:door|curtains?|blinds?)|pulls? (?:back )?the (?:curtains?|covers?|duvet))",
    # Sitting on their bed or beside them; "*sits on the chair by the door*" keeps away.
    r"(?:sits?|perches?|crouches?|kneels?|squats?|settles?|plonks?) (?:\w+ )?(?:down )?(?:on (?:the|her|his|their)"
    r" (?:\w+ )?bed|on the (?:end|edge|side)|next to|beside|at the (?:end|foot|side) of|close to|near (?:her|him"
    r"|them)|by (?:her|his|their))\b",
    r"(?:reach(?:es)?|leans?|stretches?) (?:out |over |across |in )?(?:for|towards|to|over)\b",
    r"(?:moves?|steps?|edges?|shuffles?|draws?) (?:a (?:bit|little|step) )?(?:closer|nearer|in|forward|towards)",
    r"anyway",
    scope=Scope.action,
)

# What the patient just said, read for two situations the staff words alone do not show.
PATIENT_WANTS_SPACE = re.compile(
    r"\b(?:get (?:away|off|out)|leave me alone|leave me be|go away|back off|stay away|away from me"
    r"|don'?t (?:come (?:near|any closer|closer)|touch me)|get (?:them|him|her|off) (?:off|away)"
    r"|let me (?:sleep|be|rest)|off me|don'?t (?:sit|stand|come|get) (?:on|by|next to|near|beside|in|into|close)"
    r"|don'?t come (?:in|near|round|around|over|closer|any closer|here)|stay (?:out|back|away|over there|there"
    r"|by the door|at the door|in the doorway|where you are))\b",
    re.IGNORECASE,
)
AGAINST_SPACE_WHY = (
    "The person asked for space and the turn closes in or pushes on: acting against what they asked is a "
    "no, delivered without words (Safewards: flashpoints)."
)
PATIENT_CHALLENGES_LIMIT = re.compile(
    r"\bwhy (?:can'?t|cannot|won'?t|should|do i have to|must|does (?:he|she|they)|do (?:they|you|i)|is (?:he|she|it)"
    r"|am i not|not|aren'?t|isn'?t)\b",
    re.IGNORECASE,
)
# The patient asked when: a time in the answer answers it ("When can I go?" "Tomorrow at two.").
PATIENT_ASKS_WHEN = re.compile(r"\b(?:when|what time|how long|what day)\b", re.IGNORECASE)
# The patient asked for something: a hedge or a sarcastic reply to it is a no.
PATIENT_ASKS = re.compile(
    # "Will I...?" asks about the future; "will you...?" asks for something.
    r"\b(?:(?:can|could|may) (?:i|you|someone|somebody|anyone|anybody|we)|(?:will|would) (?:you|someone"
    r"|somebody|anyone|anybody)|can'?t (?:i|you|someone"
    r"|somebody|anyone)|i (?:just )?(?:want|need|'?d like|would like)|let me|give me|too much to ask"
    r"|is (?:anybody|anyone|someone|somebody) going to)\b",
    re.IGNORECASE,
)
# "Is that true?" about a rule or something they were told: "it's not true" answers it.
ASKS_IF_TRUE = re.compile(r"\b(?:is|was) (?:that|it|this) (?:true|right|correct|the rule)\b", re.IGNORECASE)
MOCKING_WHY = "Answering a request with sarcasm is a no, and the most wounding way to say it."
UPHOLDS_WHY = "Answering 'why can't I?' by defending the restriction is the 'no' moment (Safewards)."

REFUSAL_RULES: tuple[Rule, ...] = (
    *DECLINE,
    BARE_NO,
    NO_TO_A_REQUEST,
    *DELAY,
    *STALL,
    *UNAVAILABLE,
    *GRANT,
    *STILL_NO,
    *LIMIT,
    *BAD_NEWS,
    CANCELLED,
)
