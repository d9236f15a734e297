"""The checks answer requests on several threads at once (the panel's draft, the Gmail draft it coaches)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from server.writing.check.content import content_words

TEXT = (
    "Congratulations on leading the streaming migration at Northwind: moving forecasting pipelines from "
    "nightly batches to streaming, hiring engineers in Toronto, and publishing benchmarks for retailers."
)


def test_content_words_are_the_same_when_threads_stem_at_once() -> None:
    """Regression: one Snowball stemmer shared by request threads crashed or mixed up stems under load."""
    expected = content_words(TEXT, "en")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: content_words(TEXT, "en"), range(400)))
    assert all(result == expected for result in results)
