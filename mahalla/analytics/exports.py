"""Tables of figures as CSV, XLSX and JSON (the same columns in all three)."""

import csv
import io
import json

from django.http import HttpResponse

COLUMNS = ("key", "name", "received", "resolved", "on_time", "open", "rejected", "reopened",
           "ratings", "on_time_rate", "reopen_rate", "satisfaction", "median_hours",
           "p90_hours")
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _cell(value):
    return "" if value is None else value


def render(rows: list[dict], fmt: str, *, filename: str, meta: dict) -> HttpResponse:
    """rows: dicts with COLUMNS (and `suppressed` for public tables)."""
    columns = list(COLUMNS) + (["suppressed"] if rows and "suppressed" in rows[0] else [])
    if fmt == "json":
        body = json.dumps({"meta": meta, "rows": [{c: r.get(c) for c in columns} for r in rows]},
                          ensure_ascii=False, default=str).encode("utf-8")
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        # A byte-order mark so that spreadsheet programs read the Uzbek letters right.
        body = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("statistics")
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
