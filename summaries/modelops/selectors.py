"""Read queries about the configured models: what the fetcher and the workers recorded, database only."""

from summaries.modelops.models import ModelState


def model_states(model_ids: list[str]) -> dict[str, ModelState]:
    """The recorded state of each named model that has one, by model id, in one query."""
    return ModelState.objects.in_bulk(model_ids, field_name="model_id")
