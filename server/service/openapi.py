"""The API's OpenAPI document: spectree generates it from the pydantic models the views declare."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from spectree import SecurityScheme, SecuritySchemeData, SpecTree, Tag
from spectree.plugins.flask_plugin import FlaskPlugin

from server.events import ProgressEvent
from server.service.errors import ErrorBody

try:
    VERSION = version("rapport")
except PackageNotFoundError:  # running from a source checkout that was never pip-installed
    VERSION = "0.1.0+source"

# A response declared with this model is a stream of server-sent events, each `data:` line one of them.
STREAMED = ProgressEvent
EVENT_STREAM = "text/event-stream"


class _DocumentOnly(FlaskPlugin):
    """spectree's Flask plugin, documenting only: the views validate with pydantic themselves, so every
    failure has our error shape, and streamed responses pass through untouched."""

    def validate(
        self,
        func: Any,
        query: Any,
        json: Any,
        form: Any,
        headers: Any,
        cookies: Any,
        resp: Any,
        before: Any,
        after: Any,
        validation_error_status: int,
        skip_validation: bool,
        force_resp_serialize: bool,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        return func(*args, **kwargs)


class _Spec(SpecTree):
    """SpecTree, but a response of STREAMED is documented as the event stream it is, not as JSON."""

    def _generate_spec(self) -> dict[str, Any]:
        document = super()._generate_spec()
        streamed = f"#/components/schemas/{self.naming_strategy(STREAMED)}"
        for operations in document["paths"].values():
            for operation in operations.values():
                for response in operation.get("responses", {}).values():
                    content = response.get("content", {})
                    if content.get("application/json", {}).get("schema", {}).get("$ref") == streamed:
                        response["content"] = {EVENT_STREAM: content["application/json"]}
        return document


# Every route acts for the user whose token it is: their runs, profile, pages left out and contacts only.
USER_TOKEN = (
    "A user's token (`python -m server users add NAME`; the instance token is the default user's). Every "
    "route acts for that user: another user's runs answer 404, as runs that do not exist."
)
spec = _Spec(
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    backend=_DocumentOnly,
    mode="strict",
    annotations=False,
    title="Rapport API",
    description="Research a contact from public pages and draft a short, generous, grounded email.",
    version=VERSION,
    validation_error_model=ErrorBody,
    security_schemes=[
        SecurityScheme(
            name="bearer", data=SecuritySchemeData(type="http", scheme="bearer", description=USER_TOKEN)
        )
    ],
    security={"bearer": []},
)
PUBLIC: dict[str, list[str]] = {}  # an empty security requirement: no token needed
RUNS = Tag(name="runs", description="Research runs and their progress")
CONTACTS = Tag(name="contacts", description="What is stored about a contact")
DRAFTING = Tag(name="drafting", description="Drafts, checks, the sender profile and feedback")
SERVICE = Tag(name="service", description="Health and this document")


def error_responses(*codes: int) -> dict[str, Any]:
    """The documented error answers for these status codes: all have the one error shape."""
    return {f"HTTP_{code}": ErrorBody for code in codes}
