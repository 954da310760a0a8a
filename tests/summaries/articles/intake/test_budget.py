"""articles/intake/budget.py: one request's parsing budget, shared by its files."""

import pytest

from summaries.articles.intake import extract
from summaries.articles.intake.budget import RequestBudget
from summaries.common.exceptions import IntakeError

MB = 1024 * 1024


def test_each_file_gets_what_is_left_up_to_one_files_budget(settings):
    settings.SUMMARIES_EXTRACT_SECONDS, settings.SUMMARIES_EXTRACT_MEMORY_MB = 20, 512
    budget = RequestBudget(seconds=30, memory_bytes=1024 * MB)
    first = budget.per_file()
    assert first is not None and (first.seconds, first.memory_bytes) == (20, 512 * MB)
    budget.spend(20, 512 * MB)
    second = budget.per_file()
    assert second is not None and (second.seconds, second.memory_bytes) == (10, 512 * MB)
    budget.spend(9.8, 10 * MB)
    assert budget.per_file() is None and budget.files == 2  # 0.2 s left: not worth a child


def test_memory_spent_ends_the_budget_too(settings):
    budget = RequestBudget(seconds=30, memory_bytes=100 * MB)
    budget.spend(1, 80 * MB)
    assert budget.per_file() is None


def test_a_file_after_the_budget_is_spent_is_not_read(settings):
    settings.SUMMARIES_REQUEST_EXTRACT_SECONDS = 30
    budget = RequestBudget(seconds=30, memory_bytes=1024 * MB)
    budget.spend(30, 0)
    with pytest.raises(IntakeError) as refused:
        extract(name="page.html", data=b"<html><body><p>text</p></body></html>", budget=budget)
    assert refused.value.code == "not_read_budget" and "30 seconds" in refused.value.message


def test_plain_text_costs_nothing(settings):
    budget = RequestBudget(seconds=30, memory_bytes=1024 * MB)
    budget.spend(30, 0)
    assert extract(name="a.txt", data="نص عربي".encode(), budget=budget).text == "نص عربي"
