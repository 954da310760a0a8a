"""Where the configured models stand, for the staff banner on the home page and the admin index."""

from django import template

from summaries.modelops.readiness import ModelReadiness, models_readiness

register = template.Library()


@register.simple_tag
def model_readiness() -> dict[str, list[ModelReadiness]]:
    """Every configured model with its state (missing, downloading, converting, ready), and those not ready."""
    models = models_readiness()
    return {"models": models, "not_ready": [model for model in models if not model.ready]}
