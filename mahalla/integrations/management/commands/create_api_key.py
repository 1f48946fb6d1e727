"""manage.py create_api_key NAME --scope S [--scope S ...] [--acts-as PHONE] [--rate 600/m]

Prints the new key on its last line; it is stored only hashed and cannot be shown again.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mahalla.core.exceptions import DomainError
from mahalla.core.models import User
from mahalla.core.phone import normalize_phone
from mahalla.integrations.scopes import Scope
from mahalla.integrations.services import create_api_key


class Command(BaseCommand):
    help = "Create an integration key (X-API-Key / Open311 api_key) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", dest="scopes", choices=Scope.values,
                            help="What the key may do; repeat for several. Default: "
                                 "open311.submit.")
        parser.add_argument("--acts-as", dest="acts_as", default="",
                            help="Phone of the account whose role and scope the key uses.")
        parser.add_argument("--rate", default="", help="Rate limit, e.g. 600/m.")

    def handle(self, *args, name, scopes, acts_as, rate, **options):
        account = None
        if acts_as:
            try:
                account = User.objects.get(phone=normalize_phone(acts_as))
            except (User.DoesNotExist, ValidationError) as exc:
                raise CommandError(f"No account with phone {acts_as}.") from exc
        try:
            key, raw = create_api_key(name=name, scopes=scopes or [Scope.OPEN311_SUBMIT],
                                      acts_as=account, rate=rate)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Created key {key.prefix} \"{key.name}\" with scopes "
                          f"{', '.join(key.scopes)}. Keep it secret; it is shown only now:")
        self.stdout.write(raw)
