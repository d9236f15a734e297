"""Runs and pages as text a person reads in a terminal."""

from __future__ import annotations

import textwrap

from server.models import Page, Run

WIDTH = 100
STATUS_MARK = {"used": "+", "not_about_person": "x", "failed": "!", "blocked": "#", "skipped": "-"}


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def format_run(run: Run) -> str:
    person = run.person
    lines = [person.name]
    role = ", ".join(part for part in (person.title, person.company) if part)
    if role:
        lines.append(role)
    if person.email:
        lines.append(person.email)

    current = [f for f in run.facts if not f.superseded]
    lines += ["", f"Facts ({len(current)})"]
    for fact in current:
        lines.append(f"  [{fact.date or 'undated'}] {fact.kind}: {fact.text}")
        lines.append(f"      “{textwrap.shorten(fact.quote, 160)}”")
        lines.append(f"      {fact.source_url}")
    older = [f for f in run.facts if f.superseded]
    if older:
        lines += ["", "Older facts, replaced by newer ones"]
        lines += [f"  [{f.date or 'undated'}] {f.kind}: {f.text}  ({f.source_url})" for f in older]

    lines += ["", f"Sources ({len(run.sources)})"]
    for source in run.sources:
        lines.append(f"  {STATUS_MARK.get(source.status, '?')} {source.status:<16} {source.url}")
        if source.reason:
            lines.append(_wrap(source.reason, " " * 21))

    if run.generosity:
        lines += ["", "Ways to be useful"]
        for number, packet in enumerate(run.generosity):
            chosen = "*" if number == run.selected_packet else " "
            lines.append(f" {chosen}{number}. {packet.kind}: {packet.text}")
    if run.draft is not None:
        draft = run.draft
        lines += [
            "",
            f"Draft (written by the {draft.engine} engine; checks score {draft.checks.score:.0f}/100)",
        ]
        lines += ["", f"Subject: {draft.subject}", "", draft.body.rstrip()]
        if draft.checks.issues:
            lines += ["", "Checks"]
            lines += [_wrap(f"- {issue.message}", "  ") for issue in draft.checks.issues]
    if run.warnings:
        lines += ["", "Warnings"]
        lines += [_wrap(f"- {warning}", "  ") for warning in run.warnings]
    return "\n".join(lines)


def format_page(page: Page) -> str:
    lines = [
        f"URL:        {page.url}",
        f"Title:      {page.title or '-'}",
        f"Author:     {page.author or '-'}",
        f"Published:  {page.published or '-'}",
        f"Site:       {page.site_name or '-'}",
        f"Links:      {len(page.links)}",
        f"Structured: {', '.join(sorted({str(i.get('@type')) for i in page.structured})) or '-'}",
        "",
        textwrap.shorten(page.text, 1200, placeholder=" …") if page.text else "(no main text found)",
    ]
    return "\n".join(lines)
