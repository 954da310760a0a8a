"""API test clients: DRF's APIClient, anonymous, with a token, or with a browser session."""

import pytest
from rest_framework.test import APIClient

from summaries.access.tokens import create_token
from tests.factories import make_user


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db):
    return make_user("editor", editor=True)


@pytest.fixture
def reporter(db):
    return make_user("reporter")


def token_client(user) -> APIClient:
    client = APIClient()
    key = create_token(username=user.username).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def reporter_api(reporter) -> APIClient:
    return token_client(reporter)
