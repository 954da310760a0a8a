"""The desk's charts over the last 30 days, for the admin index (the editors' page has its own view)."""

from django import template
from django.utils import formats

from summaries.desk.charts import desk_charts
from summaries.desk.forms import default_range

register = template.Library()


@register.simple_tag
def desk_default() -> dict[str, object]:
    """Every chart over the default range, and the query string of that range for the CSV links."""
    dates = default_range()
    return {"charts": desk_charts(dates), "dates": dates, "query": f"start={dates.start}&end={dates.end}"}


@register.simple_tag
def desk_number_format() -> dict[str, str]:
    """The page language's decimal and thousands signs, for the numbers desk.js writes on the charts."""
    return {
        "decimal": str(formats.get_format("DECIMAL_SEPARATOR")),
        "thousands": str(formats.get_format("THOUSAND_SEPARATOR")),
    }
