import factory
from django.conf import settings

from mahalla.core.models import District, Mahalla, Organization, Region, Role, ServiceArea, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("soato",)

    soato = factory.Sequence(lambda n: f"17{50 + n % 50:02d}")
    iso = factory.Sequence(lambda n: f"UZ-T{n % 10}{n // 10 % 10}"[:5])
    kind = Region.Kind.REGION
    name_uz = factory.Sequence(lambda n: f"Viloyat {n}")
    name_uz_cyrl = factory.Sequence(lambda n: f"Вилоят {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    soato = factory.LazyAttributeSequence(lambda o, n: f"{o.region.soato}{200 + n % 800:03d}")
    kind = District.Kind.DISTRICT
    name_uz = factory.Sequence(lambda n: f"Tuman {n}")
    name_uz_cyrl = factory.Sequence(lambda n: f"Туман {n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")


class MahallaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mahalla

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"M{n:05d}")
    name_uz = factory.Sequence(lambda n: f"Navroʻz {n}")
    name_uz_cyrl = factory.Sequence(lambda n: f"Наврўз {n}")
    name_ru = factory.Sequence(lambda n: f"Навруз {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.UTILITY
    district = factory.SubFactory(DistrictFactory)
    name_uz = factory.Sequence(lambda n: f"Suv taʼminoti {n}")


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    organization = factory.SubFactory(OrganizationFactory)
    category = "water"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"+99890{n:07d}")
    full_name = factory.Faker("name")
    role = Role.RESIDENT
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


DEFAULT_PASSWORD = "correct-horse-battery"
assert settings  # settings are configured by pytest-django before factories are used


def make_api_key(*, name: str = "Integrator", scopes=("open311.submit",), acts_as=None,
                 rate: str = "") -> tuple:
    """(ApiKey, raw key) made through the service, as administrators make them."""
    from mahalla.integrations.services import create_api_key

    return create_api_key(name=name, scopes=list(scopes), acts_as=acts_as, rate=rate)


class ApiKeyFactory:
    """`ApiKeyFactory(scopes=[...])` → ApiKey with its secret text on `.raw`."""

    def __new__(cls, **kwargs):
        key, raw = make_api_key(**kwargs)
        key.raw = raw
        return key


def verified_resident(*, mahalla, birth_date=None, method: str = "oneid", **kwargs):
    """A resident of `mahalla` whose identity is confirmed (level IDENTITY), adult by default."""
    import datetime as dt

    from mahalla.core.models import Verification

    user = UserFactory(mahalla=mahalla, birth_date=birth_date or dt.date(1990, 5, 17), **kwargs)
    Verification.objects.create(user=user, method=method,
                                verified_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    return user
