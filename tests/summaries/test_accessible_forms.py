"""Help and error texts reach screen readers: every aria-describedby a page's fields carry (Django names
<id>_helptext and <id>_error) points at an element of the page, before and after a refused submit; alerts
and status messages sit on wrappers, never on the <ul> whose items they announce."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import make_user


class Ids(HTMLParser):
    """The ids on a page, what each aria-describedby names, and the tags that carry a live role."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}
        self.live_roles: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if attributes.get("aria-describedby"):
            self.described[attributes.get("id") or tag] = (attributes["aria-describedby"] or "").split()
        if attributes.get("role") in {"alert", "status"}:
            self.live_roles.append(tag)

    def missing(self) -> dict[str, list[str]]:
        return {field: [i for i in ids if i not in self.ids] for field, ids in self.described.items()}


# (page, who, a submit the page refuses): the site's forms with help texts.
FORMS = {
    "submit": ("summaries:submit", None, {"text": "قصير"}),
    "feed": ("summaries:feed_add", "staff", {"name": "", "url": "not a url"}),
    "glossary": ("summaries:glossary_add", "editor", {"arabic": "", "english": ""}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
def test_every_aria_describedby_names_an_element_of_the_page(name):
    url_name, who, refused_data = FORMS[name]
    client = Client()
    if who:
        client.force_login(make_user(who, editor=True, staff=who == "staff"))
    for response in (client.get(reverse(url_name)), client.post(reverse(url_name), refused_data)):
        assert response.status_code in (200, 400)  # a refused submit may say so in its status
        page = Ids(response.content.decode())
        assert page.described, "no field names its help or error text"
        assert {field: ids for field, ids in page.missing().items() if ids} == {}
        assert "ul" not in page.live_roles
    assert any(any(i.endswith("_error") for i in ids) for ids in page.described.values())  # the errors too


def test_messages_are_announced_from_a_wrapper_not_the_list():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("base.html", {"messages": ["Saved as revision 2."]}, request=request)
    assert '<div role="status"><ul class="messages"><li class="message ">Saved as revision 2.</li></ul></div>' in html
