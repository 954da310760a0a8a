"""API test clients: DRF's APIClient, anonymous, with a token, or with a browser session."""

import pytest
from rest_framework.test import APIClient

from summaries.services.tokens import token_for

from ...factories import make_user


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db):  # type: ignore[no-untyped-def]
    return make_user("editor", editor=True)


@pytest.fixture
def reporter(db):  # type: ignore[no-untyped-def]
    return make_user("reporter")


def token_client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    key, _created = token_for(username=user.username)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def editor_api(editor) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(editor)


@pytest.fixture
def reporter_api(reporter) -> APIClient:  # type: ignore[no-untyped-def]
    return token_client(reporter)
