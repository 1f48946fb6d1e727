"""Loading the country's regions and districts, and importing mahallas from CSV."""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from mahalla.core import geo
from mahalla.core.events import record_event
from mahalla.core.models import District, Mahalla, Region
from mahalla.core.text import clean_text

TERRITORY_FILE = Path(__file__).resolve().parent.parent / "data" / "territory.json"
DEMO_MAHALLAS_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_mahallas.csv"

MAHALLA_COLUMNS = ["code", "district_soato", "name_uz", "name_uz_cyrl", "name_ru",
                   "latitude", "longitude"]
REQUIRED_COLUMNS = ["code", "district_soato", "name_uz"]
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_.]{0,19}$")


def _names(raw: dict) -> dict:
    return {
        "name_uz": clean_text(raw.get("uz", "")),
        "name_uz_cyrl": clean_text(raw.get("uz_Cyrl", "")),
        "name_ru": clean_text(raw.get("ru", "")),
        "name_en": clean_text(raw.get("en", "")),
    }


@transaction.atomic
def load_territory(path: Path = TERRITORY_FILE) -> dict[str, int]:
    """Create or update every region and district from the shipped data file (idempotent)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"regions": 0, "districts": 0}
    for raw_region in data["regions"]:
        region, _created = Region.objects.update_or_create(
            soato=raw_region["soato"],
            defaults={"iso": raw_region["iso"], "kind": raw_region["kind"],
                      **_names(raw_region["name"])},
        )
        counts["regions"] += 1
        for raw_district in raw_region["districts"]:
            District.objects.update_or_create(
                soato=raw_district["soato"],
                defaults={"region": region, "kind": raw_district["kind"],
                          **_names(raw_district["name"])},
            )
            counts["districts"] += 1
    return counts


@dataclass
class ImportProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)d, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column or "-", "message": self.message}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _coordinate(value: str, bounds: tuple[Decimal, Decimal], row: int, column: str,
                problems: list[ImportProblem]) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        problems.append(ImportProblem(row, column,
                                      _("not a number: %(value)s") % {"value": value}))
        return None
    if not (bounds[0] <= number <= bounds[1]):
        problems.append(ImportProblem(row, column, _("outside Uzbekistan: %(value)s")
                                      % {"value": value}))
        return None
    return number.quantize(Decimal("0.00001"))


def _read_rows(content: str, report: ImportReport) -> list[dict] | None:
    # A malformed line (a bare carriage return inside an unquoted field) makes the csv
    # module raise: report it as that row's problem, like any other bad value.
    reader = csv.DictReader(io.StringIO(content))
    try:
        return _checked_rows(reader, report)
    except csv.Error:
        report.problems.append(ImportProblem(max(reader.line_num, 1), "",
                                             _("this row cannot be read as CSV")))
        return None


def _checked_rows(reader: csv.DictReader, report: ImportReport) -> list[dict] | None:
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.problems.append(ImportProblem(1, ", ".join(missing), _("required column missing")))
        return None
    unknown = [c for c in header if c not in MAHALLA_COLUMNS]
    if unknown:
        report.problems.append(ImportProblem(1, ", ".join(unknown), _("unknown column")))
        return None
    reader.fieldnames = header
    return list(reader)


def import_mahallas(content: bytes | str, *, actor=None) -> ImportReport:
    """Validate the whole CSV first; import nothing unless every row is valid. Idempotent."""
    report = ImportReport()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.problems.append(ImportProblem(0, "", _("the file is not UTF-8 text")))
            return report
    rows = _read_rows(content, report)
    if rows is None:
        return report
    districts = {d.soato: d for d in District.objects.all()}
    seen_codes: dict[str, int] = {}
    valid: list[dict] = []
    for number, raw in enumerate(rows, start=2):
        report.rows += 1
        if None in raw:
            report.problems.append(ImportProblem(number, "", _("too many values in this row")))
            continue
        values = {k: clean_text(v or "") for k, v in raw.items()}
        row_problems: list[ImportProblem] = []
        code = values.get("code", "")
        if not _CODE.match(code):
            row_problems.append(ImportProblem(number, "code", _("missing or malformed code")))
        elif code in seen_codes:
            row_problems.append(ImportProblem(number, "code", _("same code as row %(row)d")
                                              % {"row": seen_codes[code]}))
        else:
            seen_codes[code] = number
        district = districts.get(values.get("district_soato", ""))
        if district is None:
            row_problems.append(ImportProblem(number, "district_soato", _("unknown district code")))
        if not values.get("name_uz"):
            row_problems.append(ImportProblem(number, "name_uz", _("name is required")))
        latitude = _coordinate(values.get("latitude", ""), geo.UZ_LAT, number, "latitude",
                               row_problems)
        longitude = _coordinate(values.get("longitude", ""), geo.UZ_LON, number, "longitude",
                                row_problems)
        if (latitude is None) != (longitude is None) and not row_problems:
            row_problems.append(ImportProblem(number, "latitude",
                                              _("give both latitude and longitude, or neither")))
        report.problems.extend(row_problems)
        if not row_problems:
            valid.append({"code": code, "district": district, "name_uz": values["name_uz"],
                          "name_uz_cyrl": values.get("name_uz_cyrl", ""),
                          "name_ru": values.get("name_ru", ""),
                          "latitude": latitude, "longitude": longitude})
    if report.rows == 0:
        report.problems.append(ImportProblem(1, "", _("the file has no rows")))
    if report.problems:
        return report
    with transaction.atomic():
        existing = {m.code: m for m in Mahalla.objects.filter(code__in=seen_codes)}
        for item in valid:
            current = existing.get(item["code"])
            if current is None:
                mahalla = Mahalla.objects.create(**item)
                record_event(type="mahalla.imported", obj=mahalla, actor=actor)
                report.created += 1
                continue
            changed = [k for k, v in item.items() if getattr(current, k) != v]
            if not changed:
                report.unchanged += 1
                continue
            for k in changed:
                setattr(current, k, item[k])
            current.save()
            record_event(type="mahalla.updated", obj=current, actor=actor,
                         payload={"fields": sorted(changed)})
            report.updated += 1
    return report
