"""Identify, for a page that does not name the person: is it about their company, or about neither.

It is about their company when it is on the company's own site (the email's domain) or is plainly about the
company: named in the title or site name, in its structured data, or more than once in the text.
"""

from __future__ import annotations

from server.models import Page, Verdict
from server.research.anchors import Known, org_phrase
from server.text.companies import company_core
from server.text.schema_org import nodes, text_values, types_of


def company_or_none(page: Page, person: Known, text: str, host: str, company_site: str | None) -> Verdict:
    """About their company (its own site, or plainly about it), or neither, for a page not naming them.
    company_site: how the host is their company's site ("their email's domain"), when it is."""
    mentions = person.find_company(text)
    if person.company:
        label: str | None = company_core(person.company)
    else:
        label = org_phrase(text, *mentions[0]) if mentions else None
    in_head = [v for v in (page.title, page.site_name) if v and person.find_company(v)]
    orgs = [
        item
        for item in nodes(page.structured)
        if types_of(item) & {"Organization", "Corporation", "LocalBusiness", "NewsMediaOrganization"}
        and any(person.same_company(n) for n in text_values(item.get("name")))
    ]
    if company_site:
        about = f"about {label}, on {host}" if label else f"on {host}"
        return Verdict(
            subject="company",
            confidence=0.85,
            anchors=[f"company_site:{host}"],
            reason=f"{about}, {company_site}; does not name {person.name}",
        )
    if in_head or orgs or len(mentions) >= 2:
        label = label or person.companies[0]
        anchors = [f"company:{label}"]
        return Verdict(
            subject="company",
            confidence=0.7 if in_head or orgs else 0.6,
            anchors=anchors,
            reason=f"about {label}; does not name {person.name}",
        )
    return Verdict(subject="none", confidence=0.9, reason=f"does not mention {person.name}")
