"""Month and weekday names marked for our catalogues.

Django ships no Uzbek Cyrillic catalogue; without these entries in locale/uz_Cyrl, dates in
the Cyrillic interface would fall back to Django's Latin Uzbek names. The msgids and contexts
are exactly Django's (django/utils/dates.py), so our translations take their place.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONTHS = [_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
          _("August"), _("September"), _("October"), _("November"), _("December")]
MONTHS_ALT = [pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
              pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
              pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
              pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
              pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
              pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December")]
MONTHS_AP = [pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
             pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
             pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
             pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
             pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
             pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec.")]
WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday")]
