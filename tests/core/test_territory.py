import json

import pytest
from django.core.management import call_command

from mahalla.core.models import District, Mahalla, Region, Role, User
from mahalla.core.services.territory import TERRITORY_FILE


def test_territory_file_loads_all_regions_and_districts(db):
    call_command("load_territory")
    data = json.loads(TERRITORY_FILE.read_text(encoding="utf-8"))
    assert Region.objects.count() == 14
    assert District.objects.count() == sum(len(r["districts"]) for r in data["regions"]) >= 190
    assert set(Region.objects.values_list("iso", flat=True)) == {
        "UZ-AN", "UZ-BU", "UZ-FA", "UZ-JI", "UZ-NG", "UZ-NW", "UZ-QA", "UZ-QR", "UZ-SA",
        "UZ-SI", "UZ-SU", "UZ-TK", "UZ-TO", "UZ-XO"}
    for district in District.objects.select_related("region"):
        assert district.soato.startswith(district.region.soato)
        assert district.name_uz and district.name_uz_cyrl and district.name_ru


def test_loading_twice_changes_nothing(db):
    call_command("load_territory")
    call_command("load_territory")
    assert Region.objects.count() == 14


def test_tashkent_city_names_in_every_language(db):
    call_command("load_territory")
    tashkent = Region.objects.get(soato="1726")
    assert tashkent.iso == "UZ-TK"
    assert "Toshkent" in tashkent.name_uz and "Тошкент" in tashkent.name_uz_cyrl
    assert "Ташкент" in tashkent.name_ru


@pytest.mark.django_db
def test_demo_data_has_a_real_district_with_20_mahallas_and_every_role():
    call_command("seed_demo")
    district = District.objects.get(soato="1726266")
    assert Mahalla.objects.filter(district=district).count() >= 20
    roles = set(User.objects.values_list("role", flat=True))
    assert {Role.RESIDENT, Role.MAHALLA_CHAIRMAN, Role.ORG_DISPATCHER, Role.ORG_EXECUTOR,
            Role.DISTRICT_OFFICIAL, Role.AUDITOR, Role.ADMINISTRATOR} <= roles
    people = User.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == people  # a second run adds nobody


def test_shipped_territory_and_demo_files_pass_their_checker():
    import subprocess
    import sys

    from mahalla.core.services.territory import DEMO_MAHALLAS_FILE

    checker = TERRITORY_FILE.parent / "check_territory.py"
    result = subprocess.run([sys.executable, str(checker), str(TERRITORY_FILE),
                             str(DEMO_MAHALLAS_FILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
