"""The numbers and levels participation runs on; each can be changed in settings.

Petition thresholds and terms are local choices of the platform's operator: no law sets them
for mahallas. The answer term follows the law on appeals (ZRU-445, Art. 28): a proposal
(taklif) is answered within one month, so 30 days by default.

| setting | default | meaning |
| --- | --- | --- |
| PETITION_THRESHOLDS | mahalla 50, district 500, region 2000 | signatures that oblige an answer |
| PETITION_SIGNING_DAYS | 60 | how long signatures are collected after publication |
| PETITION_ANSWER_DAYS | 30 | the public answer is due this many days after the threshold |
| VOTING_MIN_AGE | 18 | voters' age at the roll date |
"""

from datetime import date

from django.conf import settings

from mahalla.core.verification import Level

DEFAULT_THRESHOLDS = {"mahalla": 50, "district": 500, "region": 2000}

# The verification level each action needs ("verified resident": identity confirmed).
START_PETITION_LEVEL = Level.IDENTITY
SIGN_PETITION_LEVEL = Level.IDENTITY
RESPOND_SURVEY_LEVEL = Level.IDENTITY
VOTE_LEVEL = Level.IDENTITY


def petition_threshold(level: str) -> int:
    thresholds = {**DEFAULT_THRESHOLDS, **getattr(settings, "PETITION_THRESHOLDS", {})}
    return int(thresholds[level])


def petition_signing_days() -> int:
    return int(getattr(settings, "PETITION_SIGNING_DAYS", 60))


def petition_answer_days() -> int:
    return int(getattr(settings, "PETITION_ANSWER_DAYS", 30))


def voting_min_age() -> int:
    return int(getattr(settings, "VOTING_MIN_AGE", 18))


def adult_born_on_or_before(roll_date: date) -> date:
    """The latest birth date of a voter who is of age on `roll_date`.

    Someone born on 29 February comes of age on 1 March in years without that day.
    """
    years = voting_min_age()
    try:
        return roll_date.replace(year=roll_date.year - years)
    except ValueError:  # roll date 29 February, the target year has none
        return roll_date.replace(year=roll_date.year - years, day=28)
