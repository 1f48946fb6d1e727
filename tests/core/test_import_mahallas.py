import pytest
from django.core.management import CommandError, call_command

from mahalla.core.models import DomainEvent, Mahalla
from mahalla.core.services.territory import import_mahallas
from tests.factories import DistrictFactory

HEADER = "code,district_soato,name_uz,name_uz_cyrl,name_ru,latitude,longitude\n"


@pytest.fixture
def district(db):
    return DistrictFactory(soato="1726266")


def csv_of(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


GOOD = csv_of(
    "Y-001,1726266,Bogʻishamol,Боғишамол,Богишамол,41.36,69.29",
    "Y-002,1726266,Navro'z,,Навруз,,",
)


def test_good_file_imports_every_row_with_normalized_names(district):
    report = import_mahallas(GOOD)
    assert report.ok and report.created == 2
    assert Mahalla.objects.get(code="Y-002").name_uz == "Navroʻz"
    assert DomainEvent.objects.filter(type="mahalla.imported").count() == 2


def test_re_import_is_idempotent_and_updates_changed_rows(district):
    import_mahallas(GOOD)
    report = import_mahallas(GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    changed = GOOD.replace("Навруз".encode(), "Навруз-2".encode())
    report = import_mahallas(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Mahalla.objects.count() == 2


def test_imported_mahalla_is_found_by_any_spelling(district):
    import_mahallas(GOOD)
    for query in ["bog'ishamol", "Боғишамол", "BOGʻISHAMOL"]:
        assert list(Mahalla.objects.search(query).values_list("code", flat=True)) == ["Y-001"]


@pytest.mark.parametrize(("row", "column"), [
    ("Y-003,9999999,Bad district,,,,", "district_soato"),
    (",1726266,No code,,,,", "code"),
    ("Y-003,1726266,,,,,", "name_uz"),
    ("Y-003,1726266,Far north,,,55.75,69.21", "latitude"),
    ("Y-003,1726266,Half point,,,41.3,", "latitude"),
    ("Y-003,1726266,Not a number,,,abc,69.2", "latitude"),
    ("Y-001,1726266,Duplicate code,,,,", "code"),
])
def test_one_bad_row_stops_the_whole_import_with_a_clear_problem(district, row, column):
    report = import_mahallas(GOOD + (row + "\n").encode())
    assert not report.ok
    assert [p.column for p in report.problems] == [column]
    assert report.problems[0].row == 4
    assert "row 4" in str(report.problems[0])
    assert not Mahalla.objects.exists()


def test_missing_column_unknown_column_and_binary_are_refused(district):
    assert not import_mahallas(b"code,name_uz\nX,Y\n").ok
    assert not import_mahallas(HEADER.replace("longitude", "longitude,colour").encode()).ok
    assert not import_mahallas(b"\xff\xfe\x00garbage").ok
    assert not import_mahallas(HEADER.encode()).ok  # no rows
    assert not Mahalla.objects.exists()


def test_too_many_values_in_a_row_is_a_problem(district):
    report = import_mahallas(csv_of("Y-001,1726266,A,B,C,41.3,69.2,extra"))
    assert not report.ok and not Mahalla.objects.exists()


def test_command_reports_and_fails_on_a_broken_file(district, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(csv_of("Y-001,0000000,X,,,,"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_mahallas", str(path))
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    call_command("import_mahallas", str(good))
    assert Mahalla.objects.count() == 2
