"""Phrase banks for the offline letter (letter.py): data only. Names, titles, dates and gifts come from slots.

Formal phrasings have no contractions; no phrasing asks a question or says "today", and none closes with a
stock line about "what's next" or what the sender does.
"""

from __future__ import annotations

from server.models import OccasionKind, Tone

Bank = dict[Tone, tuple[str, ...]]

GREETINGS: Bank = {
    "warm": ("Hi {first},", "Hello {first},"),
    "brief": ("Hi {first},",),
    "formal": ("Dear {first},",),
}

# The opening: their occasion, said to them. {when}: "in September", "in December 2025".
OPENINGS: dict[OccasionKind, Bank] = {
    "role": {
        "warm": (
            "Congratulations on becoming {what}{at_company} {when}. It's great to see.",
            "I was so glad to see you step into the {what} role {when}. Congratulations.",
            "Congratulations on the move to {what} {when}; it's well deserved.",
            "Great to see you named {what}{at_company} {when}. Congratulations.",
            "Congratulations on taking on the {what} role {when}.",
        ),
        "brief": ("Congrats on becoming {what} {when}.", "Congratulations on the {what} role {when}."),
        "formal": (
            "Congratulations on your appointment as {what}{at_company} {when}.",
            "Please accept my congratulations on becoming {what} {when}.",
        ),
    },
    "award": {
        "warm": (
            "Congratulations on your “{what}” recognition {when}. It's well earned.",
            "I was delighted to see the “{what}” news {when}. Congratulations.",
        ),
        "brief": ("Congrats on the “{what}” recognition {when}.",),
        "formal": ("Congratulations on your “{what}” recognition {when}; it is well earned.",),
    },
    "founding": {
        "warm": (
            "Congratulations on founding {what} {when}. Going out on your own is a big step.",
            "It was great to see you launch {what} {when}. Congratulations.",
        ),
        "brief": ("Congrats on founding {what} {when}.",),
        "formal": ("Congratulations on founding {what} {when}.",),
    },
    "funding": {
        "warm": (
            "Congratulations to you and the team on the {what} {when}.",
            "Great news about the {what} {when}. Congratulations to you and the team.",
        ),
        "brief": ("Congrats on the {what} {when}.",),
        "formal": ("Congratulations to you and your team on the {what} {when}.",),
    },
    "opening": {
        "warm": (
            "Congratulations on opening the {what} {when}.",
            "It was great to see the {what} open {when}. Congratulations to you and the team.",
        ),
        "brief": ("Congrats on opening the {what} {when}.",),
        "formal": ("Congratulations on the opening of the {what} {when}.",),
    },
    "launch": {
        "warm": ("Congratulations on launching {what} {when}.",),
        "brief": ("Congrats on launching {what} {when}.",),
        "formal": ("Congratulations on the launch of {what} {when}.",),
    },
    "work": {
        "warm": (
            "I read your {noun} “{title}” from {month} with real interest.",
            "Your {noun} “{title}” from {month} stayed with me.",
            "I enjoyed your {noun} “{title}”.",
            "I read your {noun} on {about} from {month} with real interest.",
            "Your {noun} on {about} from {month} stayed with me.",
        ),
        "brief": ("I read your {noun} “{title}”.", "I read your {noun} on {about}."),
        "formal": (
            "I read your {noun} “{title}” with great interest.",
            "I read your {noun} on {about} with great interest.",
        ),
    },
    "goal": {
        "warm": ("{goal} caught my eye; it's an ambitious step.",),
        "brief": ("{goal} caught my eye.",),
        "formal": ("{goal} caught my attention; it is an ambitious step.",),
    },
    "news": {
        "warm": ("I saw the news {when} about {what}, and it's great to see.",),
        "brief": ("I saw the news {when} about {what}.",),
        "formal": ("I was pleased to read the news {when} about {what}.",),
    },
}

# The thread, only when the last exchange is long ago. {gap}: "about 14 months".
SINCE: Bank = {
    "warm": (
        "It's been {gap} since we last spoke, and {project} still comes to mind.",
        "It's been {gap} since we last talked; meeting you at {met} still comes to mind.",
        "Hard to believe it's been {gap} since we last spoke.",
        "It's been {gap} since our last conversation.",
        "I realised it's been {gap} since we last caught up.",
    ),
    "brief": ("It's been {gap} since we last spoke.", "It's been {gap}."),
    "formal": (
        "It has been {gap} since we last spoke, and {project} still comes to mind.",
        "It has been {gap} since we last spoke; our meeting at {met} still comes to mind.",
        "It has been {gap} since we last spoke.",
    ),
}
# A note with nothing found to open on leads with what the two share.
SINCE_SHARED: Bank = {
    "warm": (
        "It's been {gap} since we last spoke, and {project} still comes to mind.",
        "It's been {gap} since we last talked; meeting you at {met} still comes to mind.",
    ),
    "brief": ("It's been {gap} since {project}.", "It's been {gap} since we met at {met}."),
    "formal": (
        "It has been {gap} since we last spoke, and {project} still comes to mind.",
        "It has been {gap} since we last spoke; our meeting at {met} still comes to mind.",
    ),
}
# What they said they were doing when they last wrote ("hiring two more data engineers in Toronto").
DOING: Bank = {
    "warm": ("You mentioned you're {doing}; I hope it's going well.",),
    "brief": ("Hope the {doing} is going well.", "You mentioned you're {doing}."),
    "formal": ("You mentioned that you are {doing}; I hope it is going well.",),
}
# What they offered when they last wrote ("compare notes later in the year"), taken up.
OFFERED: Bank = {
    "warm": ("You'd said you were happy to {offer}, so here's a start.",),
    "brief": ("You'd offered to {offer}; here's a start.",),
    "formal": ("You kindly offered to {offer}, so here is a start.",),
}
# Their own work the gift meets, and its result. {outcome}: "over five months you cut ... by 31 percent".
RESULTS: Bank = {
    "warm": (
        "I also read your {noun} “{title}”: {outcome}. That's a result worth sharing.",
        "Your {noun} “{title}” was a great read: {outcome}, which is no small thing.",
        "I also enjoyed your {noun} “{title}”.",
    ),
    "brief": ("I also read your {noun} “{title}”.",),
    "formal": (
        "I also read your {noun} “{title}”: {outcome}, which is a notable result.",
        "I also read your {noun} “{title}” with interest.",
    ),
}

# On a personal idea: what the two share, in the sender's words.
SHARED: Bank = {
    "warm": (
        "It was good to see we share a love of {interest}.",
        "Nice to see a fellow {interest} fan, too.",
    ),
    "brief": ("Good to see we share {interest}.",),
    "formal": ("I was glad to see that we share an interest in {interest}.",),
}

# The gift, concrete. {what}: as the sender would say it ("our anonymized 2026 ... Benchmark").
GIFTS: dict[str, Bank] = {
    "resource": {
        "warm": (
            "I'd be happy to send you {what}.",
            "You're welcome to {what}; happy to send it over.",
            "I'd be glad to pass along {what}.",
        ),
        "brief": ("Happy to send you {what}.",),
        "formal": ("You may find {what} useful, and you are welcome to a copy.",),
    },
    "introduction": {
        "warm": (
            "I'd be glad to introduce you to {what}.",
            "You might enjoy meeting {what}; glad to introduce you.",
        ),
        "brief": ("Glad to introduce you to {what}.",),
        "formal": ("You may find it useful to meet {what}, and I would be glad to introduce you.",),
    },
    "donation": {
        "warm": ("We'd be glad to offer {what}.", "We could put {what} toward it."),
        "brief": ("We'd gladly offer {what}.",),
        "formal": ("We would be glad to offer {what}.",),
    },
    "time": {
        "warm": ("We'd be glad to offer {what}.",),
        "brief": ("We could offer {what}.",),
        "formal": ("We would be glad to offer {what}.",),
    },
}
SECOND: dict[str, Bank] = {
    "resource": {
        "warm": ("I can also send {what}.",),
        "brief": ("I can also send {what}.",),
        "formal": ("You are also welcome to {what}.",),
    },
    "introduction": {
        "warm": (
            "And if it would help, I can introduce you to {what}.",
            "I'd also be glad to put you in touch with {what}.",
            "If it's useful, I can also connect you with {what}.",
        ),
        "brief": ("Glad to introduce you to {what}, too.",),
        "formal": ("Should it help you, an introduction to {what} is yours too.",),
    },
    "donation": {
        "warm": ("We could also offer {what}.",),
        "brief": ("We could also offer {what}.",),
        "formal": ("We could also offer {what}.",),
    },
    "time": {
        "warm": ("We could also offer {what}.",),
        "brief": ("We could also offer {what}.",),
        "formal": ("We could also offer {what}.",),
    },
}

# Why it fits them. {reason}: "your post “X”", "Kliniqa's plan to connect 100 hospitals by 2027".
WHY: Bank = {
    "warm": ("It seemed a good fit for {reason}.", "It seemed to fit {reason}."),
    "brief": ("It seemed to fit {reason}.",),
    "formal": ("It seemed relevant to {reason}.",),
}
# The gift meets the occasion it opens on: said once, not twice.
WHY_SAME: Bank = {
    "warm": ("It seemed a good fit for that.", "It seemed a natural companion to it."),
    "brief": ("It seemed to fit.",),
    "formal": ("It seemed a natural companion to it.",),
}
# A point their piece makes, in its own words (a numbered heading of theirs: "Almost nobody priced the
# connection fee"), quoted back to them.
POINTS: Bank = {
    "warm": (
        "I also read your {noun} “{title}”, and “{point}” stuck with me.",
        "Your {noun} “{title}” was a great read; “{point}” stayed with me.",
    ),
    "brief": ("I read your {noun} “{title}”; “{point}” stuck with me.",),
    "formal": ("I also read your {noun} “{title}” with interest, in particular “{point}”.",),
}
WHY_RESULT: Bank = {
    "warm": (
        "It seemed a natural companion to that work.",
        "It seemed to fit that work.",
        "It seemed a good match for that work.",
    ),
    "brief": ("It seemed to fit that work.",),
    "formal": ("It seemed a natural companion to that work.",),
}
WHY_SAID: Bank = {
    "warm": ("Since you mentioned you're {doing}, it seemed worth passing on.",),
    "brief": ("Since you're {doing}, it seemed useful.",),
    "formal": ("Since you mentioned that you are {doing}, it seemed worth passing on.",),
}
WHY_WORK: Bank = {
    "warm": ("It seemed close to what you're building at {company}.", "It seemed close to your work."),
    "brief": ("It seemed close to your work.",),
    "formal": ("It seemed close to your work at {company}.", "It seemed close to your work."),
}
WHY_NOTE: Bank = {
    "warm": ("It seemed worth passing on.", "I thought of you when it came together."),
    "brief": ("It seemed worth passing on.",),
    "formal": ("It seemed worth passing on.",),
}

# A soft close: no question, no stock line.
CLOSES: Bank = {
    "warm": (
        "No agenda; it just seemed to fit what you're building.",
        "Only if it's useful, of course.",
        "Either way, it's good to see your work.",
        "It's yours if you'd like it.",
        "I thought of you as soon as I saw it.",
    ),
    "brief": ("Only if useful.", "No strings attached."),
    "formal": (
        "It simply seemed relevant to your work.",
        "Only if it is of use, of course.",
    ),
}
FILLERS: Bank = {
    "warm": ("It's been good to follow what you've been up to.", "I hope the year has been good to you."),
    "brief": ("Good to see what you're up to.",),
    "formal": ("It has been good to follow your work.", "I hope the year has treated you well."),
}
# After congratulations alone: good wishes, no offer made up for the occasion, no question.
WISHES: Bank = {
    "warm": ("All the best with the months ahead.", "Wishing you all the best with it."),
    "brief": ("All the best.",),
    "formal": ("I wish you every success.",),
}
NOTE_CLOSES: Bank = {
    "warm": ("No agenda; I just thought of you.", "Only if it's useful, of course."),
    "brief": ("Only if useful.",),
    "formal": ("Only if it is of use, of course.",),
}
NOTE_FILLERS: Bank = {
    "warm": ("I hope the year has been good to you.",),
    "brief": ("Hope all is well.",),
    "formal": ("I hope the year has treated you well.",),
}
SIGN_OFFS: Bank = {
    "warm": ("Best,", "All the best,", "Warmly,"),
    "brief": ("Best,", "Cheers,"),
    "formal": ("Kind regards,", "Best regards,"),
}

# Subjects: the news and the gift, both named. {noun}: "a benchmark", "an introduction".
SUBJECT_HEADS: dict[OccasionKind, Bank] = {
    kind: {
        "warm": heads,
        "brief": heads,
        "formal": tuple(h.replace("Congrats", "Congratulations") for h in heads),
    }
    for kind, heads in {
        "role": ("Congrats on the {what} role", "Congrats on the new role"),
        "award": ("Congrats on the award",),
        "founding": ("Congrats on {company}", "Congrats on the new firm"),
        "funding": ("Congrats on the {what}", "Congrats on the round"),
        "opening": ("Congrats on the new {what}", "Congrats on the opening"),
        "launch": ("Congrats on the launch",),
        "work": ("Your “{title}”", "Your recent work"),
        "goal": ("Your plans at {company}", "Your plans"),
        "news": ("Congrats on the news",),
    }.items()
}
SUBJECT_BOTH: Bank = {
    "warm": ("{head}, and {noun} for you", "{head} (and {noun})"),
    "brief": ("{head}, and {noun}",),
    "formal": ("{head}, and {noun}",),
}
SUBJECT_GIFT: Bank = {
    "warm": ("{noun} for {company} work", "{noun} for you"),
    "brief": ("{noun} for you",),
    "formal": ("{noun} that may be of use",),
}
# What a subject calls a resource or a donation, by the word the gift uses for itself.
GIFT_NOUNS = (
    r"\b(?:benchmark|dataset|data set|survey|report|study|template|playbook|guide|checklist|"
    r"credits|book donations|donations|volunteer days|seat|workshop|webinar|whitepaper|toolkit)\b"
)
