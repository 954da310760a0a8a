"""Every label a form shows begins with a capital letter ("Feed address", not "feed address"): the templates
print `field.label` as it is, so a lower-case label reaches the page."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils.translation import override

import summaries


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(summaries.__path__, "summaries."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "filters"}:
            loaded = importlib.import_module(module.name)
            for _name, cls in inspect.getmembers(loaded, inspect.isclass):
                if cls.__module__ == loaded.__name__ and issubclass(cls, forms.BaseForm):
                    found.append(cls)
                if cls.__module__ == loaded.__name__ and hasattr(cls, "base_filters"):
                    found.append(cls().form.__class__)
    return found


@pytest.mark.django_db
def test_every_visible_form_label_is_capitalized():
    lower = []
    with override("en"):
        for cls in _form_classes():
            for name, field in cls.base_fields.items():
                if field.label and not field.widget.is_hidden and str(field.label)[:1].islower():
                    lower.append(f"{cls.__module__}.{cls.__name__}.{name}: {field.label}")
    assert len(_form_classes()) > 10
    assert lower == []
