"""The desk's page and each chart's CSV, for editors; the admin index draws the same charts for staff
(templatetags/desk.py)."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from summaries.common.permissions import editor_required
from summaries.desk.charts import CHARTS, desk_charts
from summaries.desk.forms import DeskRangeForm


@editor_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    """Every chart over the range asked for (the last 30 days by default); a bad range is said, not guessed."""
    form = DeskRangeForm(request.GET)
    if not form.is_valid():
        return render(request, "summaries/desk.html", {"form": form, "charts": []}, status=400)
    dates = form.dates
    shown = DeskRangeForm(initial={"start": dates.start, "end": dates.end})  # the range in effect, defaults filled in
    context = {"form": shown, "dates": dates, "charts": desk_charts(dates), "query": _range_query(form)}
    return render(request, "summaries/desk.html", context)


@editor_required
@require_GET
def desk_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """One chart's numbers as CSV: a header row, UTF-8 with a byte-order mark so spreadsheets read Arabic."""
    if chart not in CHARTS:
        raise Http404(_("There is no such chart."))
    form = DeskRangeForm(request.GET)
    if not form.is_valid():
        return render(request, "summaries/desk.html", {"form": form, "charts": []}, status=400)
    dates = form.dates
    built = CHARTS[chart](dates)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="desk-{chart}-{dates.start}-{dates.end}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(built.csv_header)
    writer.writerows(built.csv_rows)
    return response


def _range_query(form: DeskRangeForm) -> str:
    return f"start={form.cleaned_data['start']}&end={form.cleaned_data['end']}"
