"""Phrase banks for the offline writer: data only, chosen from by a hash so the same inputs read the same.

Slots are str.format fields the writer fills from the dossier, the sender profile and the context; a
capitalised slot ({Target}, {Work}) is the same text with its first letter raised to start a sentence.
Formal phrasings have no contractions. Nothing here names a person, a company, a number or a date: those
come only from the slots, which is what keeps every draft grounded.
"""

from __future__ import annotations

from server.models import Tone

Bank = dict[Tone, tuple[str, ...]]

GREETINGS: Bank = {
    "warm": ("Hi {first},", "Hello {first},"),
    "brief": ("Hi {first},",),
    "formal": ("Dear {first},",),
}

# --- Openings: renew the relationship with what the context says, and nothing more --------------------

OPENINGS: dict[str, Bank] = {
    "project_gap": {
        "warm": (
            "It's been {gap} since we worked together on {project}; hope you're well.",
            "Hard to believe it's been {gap} since {project_since}. Hope you're well.",
            "It's somehow been {gap} since we worked on {project} together; hope all is good with you.",
        ),
        "brief": (
            "It's been {gap} since {project_since}.",
            "Hard to believe it's been {gap} since {project_since}.",
        ),
        "formal": (
            "It has been {gap} since we worked together on {project}, and I hope you are well.",
            "It is hard to believe it has been {gap} since {project_since}. I hope all is well with you.",
        ),
    },
    "project": {
        "warm": (
            "It's been a while since we worked together on {project}; hope you're well.",
            "Our work on {project} still comes to mind; hope all is good with you.",
        ),
        "brief": ("It's been a while since {project_since}.",),
        "formal": (
            "It has been some time since we worked together on {project}, and I hope you are well.",
            "Our work together on {project} still comes to mind, and I hope all is well with you.",
        ),
    },
    "met_gap": {
        "warm": ("It's been {gap} since we met at {met}; hope you're well.",),
        "brief": ("It's been {gap} since we met at {met}.",),
        "formal": ("It has been {gap} since we met at {met}, and I hope you are well.",),
    },
    "met": {
        "warm": (
            "It's been a while since we met at {met}; hope you're well.",
            "I still remember meeting you at {met}. I hope all is good with you.",
        ),
        "brief": ("It's been a while since {met}.",),
        "formal": ("It has been some time since we met at {met}, and I hope you are well.",),
    },
    "gap": {
        "warm": (
            "It's been {gap} since we last spoke; hope you're well.",
            "Somehow it's been {gap} since we last spoke. Hope all is good with you.",
        ),
        "brief": ("It's been {gap} since we last spoke.",),
        "formal": ("It has been {gap} since we last spoke, and I hope you are well.",),
    },
    "since": {
        "warm": ("We last spoke in {since}; hope you've been well since.",),
        "brief": ("We last spoke in {since}.",),
        "formal": ("We last spoke in {since}, and I hope you have been well since.",),
    },
    "thread": {
        "warm": (
            "It's been a while since our last exchange; hope you're well.",
            "Picking up our thread after a while: hope you're well.",
        ),
        "brief": ("Picking up our thread after a while.",),
        "formal": ("It has been some time since our last exchange, and I hope you are well.",),
    },
    "none": {
        "warm": (
            "It's been a while; hope you're well.",
            "I hope you're doing well; it's been a while.",
            "It's been too long, and I hope all is good with you.",
            "I hope the year has been treating you well.",
            "I hope all is well with you and the team.",
        ),
        "brief": ("Hope you're well.", "Hope all is good with you.", "It's been a while."),
        "formal": (
            "I hope you are well; it has been some time.",
            "It has been some time, and I hope all is well with you.",
            "I hope the year has been treating you well.",
        ),
    },
}

# --- The packet: the main paragraph -----------------------------------------------------------------

# Congratulations, by occasion. {title}: the new role; {award}: "the “X” award"; {round}: "$40M Series B".
CONGRATULATE: dict[str, Bank] = {
    "role": {
        "warm": (
            "Congratulations on your new role as {title}! I saw the news from {when}, and it's great to see.",
            "I saw that you stepped into the role of {title} in {when}. Congratulations, that's great news.",
            "I was so pleased to see the news from {when}: you're now {title}{at_company}. Congratulations!",
        ),
        "brief": (
            "Congrats on the new role as {title}! I saw the news from {when}, and it's well deserved.",
            "Congratulations on becoming {title} in {when}. Great news for {team}.",
        ),
        "formal": (
            "Congratulations on your appointment as {title} in {when}.",
            "I was delighted to read, in {when}, that you have taken on the role of {title}. "
            "Congratulations.",
        ),
    },
    "role_untitled": {
        "warm": (
            "Congratulations on the new role{at_company}! I saw the news from {when}, and it's great to see.",
        ),
        "brief": (
            "Congrats on the new role{at_company}! I saw the news from {when}, and it's well deserved.",
        ),
        "formal": ("Congratulations on your new role{at_company}, which I read about in {when}.",),
    },
    "award": {
        "warm": (
            "Congratulations on {award}! I saw the news from {when}, and it's so well deserved.",
            "I saw the news from {when} about {award}. "
            "Congratulations, that's a real recognition of your work.",
        ),
        "brief": ("Congrats on {award} ({when})! It's well deserved.",),
        "formal": (
            "Congratulations on {award}, which I read about in {when}.",
            "Please accept my congratulations on {award} in {when}.",
        ),
    },
    "funding": {
        "warm": (
            "Congratulations to you and {team} on the {round}! I saw the news from {when}.",
            "I saw the news from {when} about the {round}. "
            "Congratulations to you and {team}, that's a big step.",
        ),
        "brief": ("Congrats on the {round} ({when})! A big step for {team}.",),
        "formal": ("Congratulations to you and {team} on the {round}, which I read about in {when}.",),
    },
    # {news}: the fact said to them ("you led the move ..."); {headline}: its words, quoted, when it is
    # not a sentence that can be said to them.
    "news": {
        "warm": (
            "I saw the news from {when} that {news}. Congratulations, that's a real milestone.",
            "Congratulations! I saw the news from {when} that {news}, and it's great to see.",
            "I saw the news from {when}: “{headline}”. Congratulations, that's a real milestone.",
            "Congratulations on the news from {when}, “{headline}”. It's great to see.",
        ),
        "brief": (
            "I saw the news from {when} that {news}. Congrats, great to see.",
            "Congrats on the news from {when}: “{headline}”. Great to see.",
        ),
        "formal": (
            "I was pleased to read, in {when}, that {news}. Congratulations.",
            "Congratulations on the news from {when}: “{headline}”.",
        ),
    },
}

# {Target}: what the resource fits ("Your post “X”", "Northwind's plan to ..."); {res}, {topics}.
SHARE_RESOURCE: Bank = {
    "warm": (
        "{Target}{paren_when} made me think of “{res}”, which looks at {topics}. "
        "It might be useful for what you're working on next:",
        "With {target}{paren_when} in mind, I thought you might like “{res}”. "
        "It covers {topics}, so it may be useful to you and the team:",
        "“{res}” seemed a good fit for {target}{paren_when}. It digs into {topics}, and you might find "
        "an idea or two in it:",
    ),
    "brief": (
        "{Target}{paren_when} reminded me of “{res}”, on {topics}:",
        "Given {target}{paren_when}, you might like “{res}”, on {topics}:",
    ),
    "formal": (
        "Given {target}{paren_when}, I thought you might find “{res}” useful. It addresses {topics}:",
        "{Target}{paren_when} brought to mind “{res}”, which covers {topics}. You may find it useful:",
    ),
}

# {intro}: "Lena Fischer (Head of EU Expansion)"; {topics}: what the sender says the introduction knows.
INTRODUCE: Bank = {
    "warm": (
        "Given {target}, I thought of {intro}. You two would have a lot to talk about on {topics}, "
        "and I'd be glad to introduce you if that's useful.",
        "{Target} made me think of {intro}, a good person for you to know on {topics}. "
        "If an introduction would help, just say.",
    ),
    "brief": ("Given {target}, {intro} would be a good person to know on {topics}. Glad to introduce you.",),
    "formal": (
        "In light of {target}, {intro} would be a valuable contact for you on {topics}. "
        "I would be glad to introduce you, should it be of use.",
    ),
}

# Insights: what the sender noticed, no more. "pair": a goal read next to a piece of work.
INSIGHT: dict[str, Bank] = {
    "pair": {
        "warm": (
            "Putting {work}{paren_when} next to {target}, the two seem closely connected.",
            "{Target} caught my eye, and {work}{paren_when} makes even more sense with that goal in mind.",
        ),
        "brief": ("{Work}{paren_when} and {target} seem closely linked.",),
        "formal": ("Taken together with {target}, {work}{paren_when} makes a great deal of sense.",),
    },
    "goal": {
        "warm": (
            "{Target} caught my eye. It's an ambitious step, and good to see you and the team take it on.",
            "{Target} stood out to me. It sounds like an exciting stretch for you and the team.",
        ),
        "brief": ("{Target} caught my eye: an ambitious step.",),
        "formal": (
            "{Target} caught my attention. It is an ambitious step, and I wish you and your team well "
            "with it.",
        ),
    },
    "work": {
        "warm": (
            "{Work}{paren_when} caught my eye, and the way you laid it out stayed with me.",
            "I came across {work}{paren_when}, and your argument stayed with me.",
        ),
        "brief": ("{Work}{paren_when} stood out; your argument stayed with me.",),
        "formal": ("{Work}{paren_when} caught my attention, and your argument stayed with me.",),
    },
}

# {Event}: the sender's own words from their profile or notes ("I host a quarterly roundtable ...").
INVITE: Bank = {
    "warm": (
        "{Event}, and {target}{paren_when} made me think of you. You'd be very welcome at the next one, "
        "if it ever appeals.",
        "{Event}. Given {target}{paren_when}, you'd be a welcome voice there whenever it suits you.",
    ),
    "brief": ("{Event}; given {target}{paren_when}, you'd be very welcome if it appeals.",),
    "formal": (
        "{Event}, and given {target}{paren_when}, you would be most welcome at a future session, "
        "should it appeal.",
    ),
}

# {as_role}: " as Partner at Atlas Advisory", from the sender profile, or "".
HELP: Bank = {
    "warm": (
        "{Target} caught my eye, and it's close to the work I do{as_role}. "
        "If a second pair of eyes would ever help you, it's yours.",
        "{Target} is close to my own work{as_role}, so you're welcome to anything I've learned "
        "whenever it's useful to you.",
    ),
    "brief": ("{Target} is close to my own work; if you ever want a hand with it, just say.",),
    "formal": (
        "{Target} is close to my own work{as_role}. Should you ever want a second view on it, "
        "you would be most welcome to mine.",
    ),
}

# --- Optional lines: added in order while the email is short, never beyond the length limit -----------

EXTRAS: dict[str, Bank] = {
    "role": {
        "warm": ("{Company} is lucky to have you.", "It's a well-deserved step."),
        "brief": (),
        "formal": ("It is a well-deserved step.",),
    },
    "award": {
        "warm": ("You've clearly earned it.",),
        "brief": (),
        "formal": ("It is a fitting recognition of your work.",),
    },
    "funding": {
        "warm": ("It's great to see the team's work recognised like that.",),
        "brief": (),
        "formal": ("It is a strong sign of confidence in your team's work.",),
    },
    "news": {
        "warm": ("It's great to see your team's work pay off.",),
        "brief": (),
        "formal": ("It is good to see your team's work pay off.",),
    },
    "gift": {
        "warm": ("It just seemed to fit your work.",),
        "brief": (),
        "formal": ("It simply seemed relevant to your work.",),
    },
    "offer": {
        "warm": ("Only if it suits you, of course.",),
        "brief": ("Only if it suits you.",),
        "formal": ("Only if it suits you, of course.",),
    },
    "interest": {
        "warm": (
            "It's close to my own interests ({interest}), so your take would be great to hear sometime.",
        ),
        "brief": (),
        "formal": ("It is close to my own interest in {interest}, and I would value your view on it.",),
    },
    # Only when the email would otherwise be too short, in this order.
    "filler": {
        "warm": (
            "It's been good to see what you've been up to.",
            "All the best with what comes next for you.",
        ),
        "brief": ("Good to see what you're up to.",),
        "formal": ("It has been good to follow your work.", "I wish you all the best with what comes next."),
    },
}

# At most one question per email, about their work, keyed by what the packet rests on. Brief emails ask
# only when they would otherwise be too short.
QUESTIONS: dict[str, Bank] = {
    "role": {
        "warm": ("What are you most looking forward to in the new role?", "How are the first months going?"),
        "brief": ("How are the first months going?",),
        "formal": ("How are you finding the new role?",),
    },
    "award": {
        "warm": ("Which part of the work behind it are you proudest of?",),
        "brief": ("What's the work behind it you're proudest of?",),
        "formal": ("Which part of the work behind it are you proudest of?",),
    },
    "funding": {
        "warm": ("What's the first thing it lets you do?",),
        "brief": ("What does it let you do first?",),
        "formal": ("What will it make possible first?",),
    },
    "news": {
        "warm": ("What made the difference in getting there?",),
        "brief": ("What made the difference?",),
        "formal": ("What made the difference in getting there?",),
    },
    "article": {
        "warm": ("Has anything changed since you wrote it?",),
        "brief": ("Anything changed since you wrote it?",),
        "formal": ("Has anything changed since you wrote it?",),
    },
    "talk": {
        "warm": ("Has your thinking moved on since the talk?",),
        "brief": ("Has your thinking moved on since?",),
        "formal": ("Has your thinking moved on since the talk?",),
    },
    "podcast": {
        "warm": ("Has anything changed since the episode?",),
        "brief": ("Anything changed since the episode?",),
        "formal": ("Has anything changed since the episode?",),
    },
    "company_goal": {
        "warm": ("How is that plan shaping up?", "What's proving hardest so far?"),
        "brief": ("How is it shaping up?",),
        "formal": ("How is that plan progressing?",),
    },
    "pair": {
        "warm": ("How do you see the two fitting together?",),
        "brief": ("How do the two fit together?",),
        "formal": ("How do you see the two fitting together?",),
    },
    "interest": {
        "warm": ("How do you find the time for it?",),
        "brief": ("How do you find the time?",),
        "formal": ("How do you find the time for it?",),
    },
    "other": {
        "warm": ("What has surprised you most so far?",),
        "brief": ("What has surprised you most?",),
        "formal": ("What has surprised you most so far?",),
    },
}

# --- Closing: good wishes (no stock offer, no "what's next"); after a packet that offers, a lighter line --

CLOSES: Bank = {
    "warm": (
        "All the best with the months ahead.",
        "Wishing you and the team a good run.",
        "Either way, all the best with it.",
    ),
    "brief": ("Wishing you all the best with it.", "Good luck with all of it."),
    "formal": (
        "With every good wish for the months ahead.",
        "Wishing you and your team every success in the months ahead.",
    ),
}
CLOSES_AFTER_OFFER: Bank = {
    "warm": (
        "Either way, it's good to see what you're building.",
        "Either way, all the best to you and the team.",
    ),
    "brief": ("Either way, all the best.",),
    "formal": ("In any case, I wish you and the team every success.",),
}

# Sign-offs the check stage recognises as the start of a signature.
SIGN_OFFS: Bank = {
    "warm": ("Best,", "All the best,", "Warmly,", "Warm regards,"),
    "brief": ("Best,", "Cheers,"),
    "formal": ("Kind regards,", "Best regards,"),
}

# --- Subjects: short and specific ------------------------------------------------------------------

SUBJECTS: dict[str, Bank] = {
    "role": {
        "warm": ("Congrats on the {head} role", "Your new role as {title}"),
        "brief": ("Congrats on the {head} role",),
        "formal": ("Congratulations on your new role",),
    },
    "role_untitled": {
        "warm": ("Congrats on the new role",),
        "brief": ("Congrats on the new role",),
        "formal": ("Congratulations on your new role",),
    },
    "award": {
        "warm": ("Congrats on the award",),
        "brief": ("Congrats on the award",),
        "formal": ("Congratulations on your award",),
    },
    "funding": {
        "warm": ("Congrats on the {round_name}",),
        "brief": ("Congrats on the {round_name}",),
        "formal": ("Congratulations on the {round_name}",),
    },
    "news": {
        "warm": ("Congrats on the {month} news", "Congrats on the news"),
        "brief": ("Congrats on the news",),
        "formal": ("Congratulations on the {month} news", "Congratulations on the news"),
    },
    "share_resource": {
        "warm": ("Something for your {topic} work", "A read on {topic}"),
        "brief": ("On {topic}",),
        "formal": ("A resource on {topic}",),
    },
    "share_resource_untopical": {"warm": ("“{res}”",), "brief": ("“{res}”",), "formal": ("“{res}”",)},
    "introduce": {
        "warm": ("Someone to know: {intro_name}", "An introduction: {intro_name}"),
        "brief": ("Introduction: {intro_name}",),
        "formal": ("An introduction to {intro_name}",),
    },
    "insight_goal": {
        "warm": ("A thought on {company_possessive} plans",),
        "brief": ("On {company_possessive} plans",),
        "formal": ("A thought on {company_possessive} plans",),
    },
    "insight_work": {
        "warm": ("Your {work_noun}{titled}", "A thought on your {work_noun}"),
        "brief": ("Your {work_noun}{titled}", "On your {work_noun}"),
        "formal": ("A thought on your {work_noun}",),
    },
    "invite": {
        "warm": ("An invitation to the {event_noun}",),
        "brief": ("An invitation to the {event_noun}",),
        "formal": ("An invitation to the {event_noun}",),
    },
    "help": {
        "warm": ("On {company_possessive} plans",),
        "brief": ("On {company_possessive} plans",),
        "formal": ("Regarding {company_possessive} plans",),
    },
}
