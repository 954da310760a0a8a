"""OpenAPI parameters derived from the code that reads them, so the schema cannot drift from it."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

_TYPES = {django_filters.DateFilter: OpenApiTypes.DATE}


def filterset_parameters(filterset: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """A query parameter for each filter: its label as the description, choices as an enum."""
    parameters = []
    for name, field in filterset.base_filters.items():
        choices = field.extra.get("choices")
        parameters.append(
            OpenApiParameter(
                name,
                _TYPES.get(type(field), OpenApiTypes.STR),
                OpenApiParameter.QUERY,
                required=False,
                description=str(field.label),
                enum=[value for value, _label in choices] if choices else None,
            )
        )
    return parameters
