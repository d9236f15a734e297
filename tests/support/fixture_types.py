"""The types of the helpers that shared fixtures hand to tests, so signatures can say what they take."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
from flask import Flask
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from server.events import Event
from server.models import Dossier, ResearchRequest

RunJSON = dict[str, Any]
AssertError = Callable[[TestResponse | httpx.Response, int, str], str]
CountRows = Callable[[Engine], dict[str, int]]
Research = Callable[[ResearchRequest, Callable[[Event], None]], Dossier]
Bearer = Callable[[Flask], dict[str, str]]
StartRun = Callable[[Flask, dict[str, Any]], str]
WaitUntilFinished = Callable[..., RunJSON]
AssertRunContract = Callable[[RunJSON], None]
Serving = Callable[..., AbstractContextManager[str]]  # (app, threads=4)
