"""Connects the harness's receivers when Django starts."""

from django.apps import AppConfig


class HarnessConfig(AppConfig):
    name = "tests.harness"
    label = "test_harness"

    def ready(self) -> None:
        from summaries.common.checkpoints import checkpoint
        from tests.harness.holds import hold_at_checkpoint

        checkpoint.connect(hold_at_checkpoint, dispatch_uid="test-harness-hold")
