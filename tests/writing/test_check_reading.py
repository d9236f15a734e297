"""Checks that read a draft as its recipient would: dates, old news, press releases, closers, the gift.

One fictional recipient (Ada Brenner, newly COO of a freight carrier) and one sender with two gifts. Good
drafts in each tone, in English and German, must come out clean; each bad habit must be caught, with advice.
"""

from __future__ import annotations

from datetime import date

import pytest

from server.models import Checks, Dossier, Gift, Person, SenderProfile
from server.writing.check.score import REVISE_CODES, WEIGHTS, check_draft, needs_revision
from tests.support.dossiers import fact

TODAY = date(2026, 12, 5)
ADA = Dossier(
    person=Person(name="Ada Brenner", title="Chief Operating Officer", company="Harbor Line Freight"),
    facts=[
        fact("r1", "role", "Chief Operating Officer at Harbor Line Freight", when="2026-09-14"),
        fact(
            "n1", "company_news", "Harbor Line Freight today announced that Ada Brenner has been named Chief "
            "Operating Officer", when="2026-09-14",
        ),
        fact(
            "a1", "article", "Wrote “Cross-docking without the chaos” (2026-10-31)",
            quote="Over five months we cut average trailer dwell time by 31 percent", when="2026-10-31",
        ),
        fact(
            "n2", "company_news", "Harbor Line Freight opened a temperature-controlled cross-dock in "
            "Elmhurst", when="2026-06-02",
        ),
        fact(
            "n3", "company_news", "Harbor Line Freight launches dock scheduling app for drivers",
            when="2026-03-10",
        ),
        fact(
            "n4", "company_news", "Harbor Line Freight raises $20 million from Keel Partners",
            when="2025-08-20",
        ),
        fact("g1", "company_goal", "Harbor Line Freight aims to open two more terminals in 2028"),
    ],
)  # fmt: skip
BENCHMARK = Gift(
    kind="resource",
    what="our 2026 Yard Dwell Benchmark (40 terminals)",
    topics=["dwell time", "yard operations"],
)
INTRODUCTION = Gift(kind="introduction", what="cold-storage operators in my network", topics=["cold chain"])
TOM = SenderProfile(name="Tom Reyes", company="YardWise", gifts=[BENCHMARK, INTRODUCTION])
CONTEXT = "Worked together on the 2023 Elmhurst kickoff; last wrote in July."

READER_CODES = {
    "wrong_date", "old_news", "press_release", "third_person", "quoted_news", "mixed_signal", "stock_closer",
    "no_gift",
}  # fmt: skip

GOOD = {
    "warm": (
        "Congrats on the COO role, and a dwell benchmark",
        """Hi Ada,

Congratulations on being named COO in September. It's been a while since the 2023 Elmhurst kickoff, and it's
great to see. I read your "Cross-docking without the chaos" recap, and a 31 percent cut in trailer dwell is a
result most terminals would envy.

Since the Elmhurst cross-dock is where dwell costs the most, our 2026 Yard Dwell Benchmark covers 40
terminals. Happy to send it over, and I could introduce you to a couple of cold-storage operators who have
been there.

No agenda. It just seemed to fit what you're building.

Tom""",
    ),
    "brief": (
        "Your dwell numbers",
        """Hi Ada,

Your "Cross-docking without the chaos" recap was sharp: a 31 percent cut in trailer dwell in five months is
rare. Our 2026 Yard Dwell Benchmark covers 40 terminals and has a cold-storage cut that may help at Elmhurst.
Want a copy? And congrats on the COO role last September.

Best,
Tom Reyes""",
    ),
    "formal": (
        "Congratulations on your appointment",
        """Dear Ada,

Congratulations on your appointment as Chief Operating Officer this autumn. Your recap on cross-docking
without the chaos, and the 31 percent cut in trailer dwell time it describes, is a result most terminals
would envy.

If it is of use for the Elmhurst cross-dock, I would be glad to share our 2026 Yard Dwell Benchmark, which
covers 40 terminals, or to introduce you to cold-storage operators who have faced the same questions.

With best wishes for the new role,

Kind regards,
Tom Reyes""",
    ),
    "german": (
        "Glückwunsch zur neuen Rolle",
        """Hallo Ada,

herzlichen Glückwunsch zur Ernennung zur COO im September! Ich habe deinen Beitrag über Cross-Docking ohne
Chaos gelesen, und die 31 Prozent weniger Standzeit bei den Trailern sind ein Ergebnis, um das dich viele
Terminals beneiden werden.

Weil es gerade in Elmhurst um Standzeiten geht: Unser 2026 Yard Dwell Benchmark umfasst 40 Terminals. Ich
schicke ihn dir gern, wenn er dir hilft. Es ist nur ein Gedanke, der gut zu dem passt, was du gerade aufbaust.

Viele Grüße
Tom""",
    ),
}


def read(
    subject: str, body: str, *, last_exchange: date | None = None, sender: SenderProfile | None = TOM
) -> Checks:
    return check_draft(
        subject, body, dossier=ADA, sender=sender, context=CONTEXT, today=TODAY, last_exchange=last_exchange
    )


def codes(checks: Checks) -> list[str]:
    return [issue.code for issue in checks.issues]


def english(sentence: str) -> str:
    """A plain English body around one sentence, offering the benchmark so that only the sentence counts."""
    return (
        "Hi Ada,\n\nI read your recap on cross-docking, and the cut in trailer dwell was impressive. "
        f"{sentence} Our 2026 Yard Dwell Benchmark covers 40 terminals, if it helps.\n\nBest,\nTom"
    )


def german(sentence: str) -> str:
    """The same in German, so that the draft is read as German."""
    return (
        "Hallo Ada,\n\nich habe deinen Beitrag über Cross-Docking gelesen, und die kürzere Standzeit der "
        f"Trailer ist beeindruckend. {sentence} Unser 2026 Yard Dwell Benchmark umfasst 40 Terminals, wenn "
        "er dir hilft. Ich schicke ihn dir gern, und es ist nur eine Idee für dich.\n\nViele Grüße\nTom"
    )


@pytest.mark.parametrize("tone", list(GOOD))
def test_a_good_draft_in_any_tone_or_language_is_clean(tone: str) -> None:
    checks = read(*GOOD[tone], last_exchange=date(2026, 7, 10))
    assert checks.issues == [], checks.issues
    assert checks.score == 100


@pytest.mark.parametrize(
    ("body", "said", "fact_from"),
    [
        # The dock app launched in March: the date the draft gives must agree, however it is written.
        (english("I saw the news from October 2026 that you launched a dock scheduling app for drivers."),
         "October 2026", "March 2026"),
        (english("This summer Harbor Line Freight launched a dock scheduling app for drivers."),
         "This summer", "March 2026"),
        (english("The cross-dock in Elmhurst that opened on Sept. 3, 2026 looks great."), "Sept. 3, 2026",
         "June 2026"),
        (english("Your 2026-11-02 recap on dwell time and the trailer cut stayed with me."), "2026-11-02",
         "October 2026"),
        (german("Im Oktober 2026 habt ihr die Dock Scheduling App für die Fahrer (drivers) gestartet."),
         "Oktober 2026", "March 2026"),
        (german("Die neue Cross-Dock-Anlage in Elmhurst, die im März eröffnet wurde, ist ein Schritt."),
         "im März", "June 2026"),
    ],
)  # fmt: skip
def test_a_date_its_fact_contradicts_is_caught(body: str, said: str, fact_from: str) -> None:
    issues = [i.message for i in read("Hello", body).issues if i.code == "wrong_date"]
    assert len(issues) == 1, read("Hello", body).issues
    assert f'"{said}"' in issues[0] and f"is from {fact_from}" in issues[0]


@pytest.mark.parametrize(
    "body",
    [
        english("In March you launched a dock scheduling app for drivers, which was smart."),
        english("Last spring's dock scheduling app for drivers was a smart move."),
        english("The cross-dock in Elmhurst that opened in June looks great."),
        english("The plan to open two more terminals in 2028 is bold."),  # the fact's own words give the year
        english("I still think of the 2023 Elmhurst kickoff and the cross-dock plans."),  # the sender's notes
        german("Im März habt ihr die Dock Scheduling App für die Fahrer (drivers) gestartet."),
        german("Die neue Cross-Dock-Anlage in Elmhurst, im Juni 2026 eröffnet, ist ein großer Schritt."),
    ],
)
def test_a_date_that_agrees_with_its_fact_or_the_notes_is_left_alone(body: str) -> None:
    assert "wrong_date" not in codes(read("Hello", body))


def test_a_year_from_the_senders_own_gift_is_theirs_to_state() -> None:
    older = BENCHMARK.model_copy(update={"what": "our 2024 Yard Dwell Benchmark (40 terminals)"})
    sender = TOM.model_copy(update={"gifts": [older]})
    body = english(
        "Our 2024 Yard Dwell Benchmark on trailer dwell time might help with the recap's next step."
    )
    assert "wrong_date" not in codes(read("Hello", body, sender=sender))
    assert "wrong_date" in codes(read("Hello", body))  # from no one's notes, it contradicts her October recap


@pytest.mark.parametrize(
    ("body", "last_exchange", "why"),
    [
        (english("Congratulations on the $20 million from Keel Partners!"), None, "more than 12 months old"),
        (english("Congratulations! I saw that Keel Partners put $20 million into Harbor Line Freight."), None,
         "more than 12 months old"),
        (english("Congrats on opening the Elmhurst cross-dock."), date(2026, 7, 10),
         "before your last exchange"),
        (english("I just saw the news from June 2026 about Elmhurst."), date(2026, 8, 1),
         "before your last exchange (August 2026)"),
        (german("Herzlichen Glückwunsch zu den 20 Millionen von Keel Partners!"), None,
         "more than 12 months old"),
    ],
)  # fmt: skip
def test_old_news_told_as_new_is_caught(body: str, last_exchange: date | None, why: str) -> None:
    issues = [
        i.message for i in read("Hello", body, last_exchange=last_exchange).issues if i.code == "old_news"
    ]
    assert len(issues) == 1 and why in issues[0], issues


@pytest.mark.parametrize(
    ("body", "last_exchange"),
    [
        (english("Congrats on opening the Elmhurst cross-dock."), None),  # six months old, no thread known
        (english("Congrats on opening the Elmhurst cross-dock."), date(2026, 5, 1)),  # after they last wrote
        (english("Congrats on opening the Elmhurst cross-dock."), date(2026, 6, 20)),  # that same month
        (
            english("Since Keel Partners backed you in 2025, the network has grown."),
            None,
        ),  # background, no cheer
        (english("Congratulations on being named COO."), date(2026, 7, 10)),
        (
            english("Congratulations on ten years with the Elmhurst crew since 2016."),
            None,
        ),  # a start, not news
    ],
)
def test_recent_news_or_old_news_as_background_is_left_alone(body: str, last_exchange: date | None) -> None:
    assert "old_news" not in codes(read("Hello", body, last_exchange=last_exchange))


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("I saw that Harbor Line Freight today announced your new role.", "press_release"),
        ("Harbor Line Freight is pleased to announce a new terminal.", "press_release"),
        ("Harbor Line Freight (NASDAQ: HLFX) had a strong quarter.", "press_release"),
        ("CHICAGO, Sept. 3, 2026 — Harbor Line Freight named a new COO.", "press_release"),
        ("Ada Brenner has been named Chief Operating Officer.", "third_person"),
        ("As COO, Brenner will lead the terminals.", "third_person"),
        ("Brenner's team cut dwell by 31 percent.", "third_person"),
        ('"Ada built a network that drivers actually like to use," said the CEO.', "quoted_news"),
        ('As the CEO said: "Ada built a network that drivers actually like to use."', "quoted_news"),
        ('According to the CEO, "Ada built a network that drivers actually like to use."', "quoted_news"),
    ],
)
def test_a_press_release_carried_into_the_email_is_caught(sentence: str, code: str) -> None:
    assert code in codes(read("Hello", english(sentence)))


@pytest.mark.parametrize(
    "sentence",
    [
        "I saw the announcement today and it made my morning.",
        "Congratulations, Ada Brenner!",  # addressed, not written about
        "You were named COO in September, Ada.",
        "I drove through the Brenner Pass last week and thought of your terminals.",  # a place, not her
        'I loved your line "measure at the gate, not at the dock, and the dwell falls" from the recap.',
        'Your post "Cross-docking without the chaos" was great.',
        'As you wrote: "measure at the gate, not at the dock, and the dwell falls."',  # their words, to them
        "The Old Brenner has reopened near your Elmhurst site, by the way.",  # her surname in another name
    ],
)
def test_own_words_about_their_news_are_not_a_press_release(sentence: str) -> None:
    found = set(codes(read("Hello", english(sentence))))
    assert not found & {"press_release", "third_person", "quoted_news"}, found


def test_false_press_release_a_subject_addressed_to_them_or_a_tired_today_is_their_own_voice() -> None:
    found = set(codes(read("Congrats, Ada Brenner", english("I got back today, tired but happy for you."))))
    assert not found & {"press_release", "third_person"}, found


def test_press_release_grammar_in_german_is_caught() -> None:
    body = german("Harbor Line Freight gab heute bekannt, dass Brenner wird die Terminals leiten.")
    assert {"press_release", "third_person"} <= set(codes(read("Hallo", body)))


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("No need to reply. How is the Elmhurst cross-dock holding up?", "mixed_signal"),
        ("Don't feel you have to respond, but how are the new terminals coming along?", "mixed_signal"),
        ("What's next for the team?", "stock_closer"),
        ("Hope this finds you well.", "stock_closer"),
        ("You know what I do: if I can ever be useful to you, just say.", "stock_closer"),
        ("As always, if there's anything you need, just ask.", "stock_closer"),
        ("How are things going lately?", "stock_closer"),
        ("What comes next for you all?", "stock_closer"),  # no listed line, but a question for anyone
    ],
)
def test_a_stock_or_contradictory_ending_is_caught(sentence: str, code: str) -> None:
    body = f"{english('')}".replace("\n\nBest,", f" {sentence}\n\nBest,")
    assert code in codes(read("Hello", body))


@pytest.mark.parametrize(
    "sentence",
    [
        "How is the Elmhurst cross-dock holding up in the cold?",
        "No need to reply; it just seemed to fit your work.",
        "How is the Elmhurst cross-dock holding up? No need to reply, of course.",
        "If I can ever be useful, tell me.",
        "What's next for the Elmhurst terminal?",
    ],
)
def test_a_specific_ending_is_left_alone(sentence: str) -> None:
    body = english("").replace("\n\nBest,", f" {sentence}\n\nBest,")
    assert not {"mixed_signal", "stock_closer"} & set(codes(read("Hello", body)))


def test_a_question_after_no_need_to_reply_in_german_is_caught() -> None:
    body = german("Keine Antwort nötig. Wie läuft es denn in Elmhurst?")
    assert "mixed_signal" in codes(read("Hallo", body))


def test_a_draft_without_a_gift_is_told_the_best_fitting_one() -> None:
    body = (
        "Hi Ada,\n\nCongratulations on being named COO in September. I read your cross-docking recap.\n\nTom"
    )
    issues = [i.message for i in read("Congrats", body).issues if i.code == "no_gift"]
    # The benchmark is about dwell, as her work is; the introduction is about cold storage, which hers is not.
    assert len(issues) == 1 and '"our 2026 Yard Dwell Benchmark (40 terminals)"' in issues[0]


@pytest.mark.parametrize(
    ("offer", "sender"),
    [
        ("Our dwell benchmark across 40 terminals is yours if useful.", TOM),
        ("I could introduce you to two cold-storage operators I trust.", TOM),
        ("I hope the new role is going well.", SenderProfile(name="Tom Reyes", gifts=[])),
        ("I hope the new role is going well.", None),
    ],
)
def test_a_draft_that_offers_a_gift_or_a_sender_without_one_gets_no_gift_advice(
    offer: str, sender: SenderProfile | None
) -> None:
    body = f"Hi Ada,\n\nCongratulations on being named COO in September. {offer}\n\nTom"
    assert "no_gift" not in codes(read("Congrats", body, sender=sender))


@pytest.mark.parametrize(
    "sentence",
    [
        # The benchmark's words "dwell" and "terminals" are her own work's: echoing them offers nothing.
        "Your cut in trailer dwell across the terminals was impressive.",
        "I still think of the YardWise rollout at the terminals and the dwell numbers.",  # their company
    ],
)
def test_false_gift_echoing_their_own_topic_is_not_offering_the_gift(sentence: str) -> None:
    body = f"Hi Ada,\n\nCongratulations on being named COO in September. {sentence}\n\nTom"
    assert "no_gift" in codes(read("Congrats", body))


def test_every_reader_code_has_a_weight_and_the_serious_ones_ask_for_a_revision() -> None:
    assert set(WEIGHTS) >= READER_CODES
    assert {
        "wrong_date",
        "old_news",
        "press_release",
        "third_person",
        "quoted_news",
        "no_gift",
    } <= REVISE_CODES
    body = english("Harbor Line Freight today announced that Ada Brenner has been named COO.")
    assert needs_revision(read("Hello", body))
