"""Every prompt file the code uses gets exactly the variables it names, from the code's own builders."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date
from typing import get_args

import pytest

from server.models import (
    CheckIssue,
    Checks,
    Dossier,
    Fact,
    Introduction,
    Packet,
    Person,
    Refinement,
    Resource,
    SenderProfile,
)
from server.writing.draft import DRAFT_PROMPT, REVISE_PROMPT, DraftAnswer, draft_variables, revise_variables
from server.writing.llm import JSON_ONLY_PROMPT, REPAIR_PROMPT, json_only_variables, repair_variables
from server.writing.prompts import load_prompt, render
from server.writing.refine import REFINE_PROMPT, refine_variables
from tests.support.prompt_files import prompt_names

FACT = Fact(
    id="f1",
    kind="article",
    text="Dana wrote “What we learned moving 400 batch pipelines to streaming”",
    quote="We moved 400 batch pipelines to streaming.",
    source_url="https://northwind.test/blog/streaming-migration",
    date="2026-10-28",
    confidence=0.9,
)
DOSSIER = Dossier(person=Person(name="Dana Okafor", company="Northwind Analytics"), facts=[FACT])
SENDER = SenderProfile(
    name="Sam Rivera",
    offer="I host a quarterly data leaders roundtable",
    resources=[Resource(title="Streaming Migration Checklist", url="https://fieldnote.test/checklist")],
    introductions=[Introduction(name="Priya Shah", role="Head of Platform", topics=["streaming"])],
)
PACKETS = [
    Packet(kind="share_resource", text="Share the checklist", fact_ids=["f1"], resource=SENDER.resources[0]),
    Packet(
        kind="introduce",
        text="Introduce Dana to Priya",
        fact_ids=["f1"],
        introduction=SENDER.introductions[0],
    ),
    Packet(kind="help", text="Offer help with streaming", fact_ids=["f1"]),
]
CHECKS = Checks(score=90, issues=[CheckIssue(code="ungrounded", message='Check "Series C".')])

# Prompt file -> the ways the code builds its variables (every branch that changes what is passed).
BUILDERS: dict[str, list[Callable[[], dict[str, str]]]] = {
    DRAFT_PROMPT: [
        *(
            lambda packet=packet, sender=sender, context=context: draft_variables(
                DOSSIER, packet, sender, context, tone="warm", today=date(2026, 11, 23)
            )
            for packet in PACKETS
            for sender in (SENDER, None)
            for context in ("We worked together on Atlas.", None)
        )
    ],
    REVISE_PROMPT: [
        lambda: revise_variables(CHECKS, ["f9"]),
        lambda: revise_variables(Checks(score=100), []),
    ],
    REFINE_PROMPT: [lambda change=change: refine_variables(change) for change in get_args(Refinement)],
    JSON_ONLY_PROMPT: [lambda: json_only_variables(DraftAnswer.model_json_schema())],
    REPAIR_PROMPT: [lambda: repair_variables("the answer was not valid JSON")],
}


def test_every_prompt_file_has_a_variable_builder_in_the_code() -> None:
    assert sorted(BUILDERS) == prompt_names(), (
        "a prompt file with no code path that fills it, or a code path with no prompt file: "
        "add it to BUILDERS with the function that builds its variables"
    )


@pytest.mark.parametrize(
    ("name", "build"),
    [(name, build) for name, builds in BUILDERS.items() for build in builds],
    ids=[f"{name}-{i}" for name, builds in BUILDERS.items() for i in range(len(builds))],
)
def test_the_code_passes_exactly_the_variables_the_prompt_uses(
    name: str, build: Callable[[], dict[str, str]]
) -> None:
    variables = build()
    assert set(variables) == load_prompt(name).variables
    assert all(isinstance(value, str) and value.strip() for value in variables.values())
    render(load_prompt(name), **variables)


@pytest.mark.parametrize("name", [JSON_ONLY_PROMPT, REPAIR_PROMPT, REVISE_PROMPT, REFINE_PROMPT])
def test_instructions_added_mid_conversation_have_no_system_section(name: str) -> None:
    """llm.py and draft.py place these texts themselves; a system section would be silently dropped."""
    assert load_prompt(name).system == ""


def test_the_drafting_rules_take_no_variables() -> None:
    """Nothing about a contact may reach the system message: it is the rules, the same for every draft."""
    system = load_prompt(DRAFT_PROMPT).system
    assert system.strip() and string.Template(system).get_identifiers() == []
