"""Send a day's published digest by e-mail (HTML with a Markdown plain-text part) through Django's mail settings."""

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator, validate_email

from summaries.digest.exports import digest_email
from summaries.digest.services import digest_published, digest_today


class Command(BaseCommand):
    help = (
        "E-mail the published digest of a day (today in TIME_ZONE by default) to the given addresses. "
        "Only a published digest is sent, exactly as the public page shows it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=date.fromisoformat, default=None, help="The day, as YYYY-MM-DD.")
        parser.add_argument("--to", action="append", required=True, help="A recipient; repeat for several.")
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's public address (https://news.example.org/), for the links in the e-mail.",
        )

    def handle(self, *args: object, **options: object) -> None:
        day = cast(date | None, options["day"]) or digest_today()
        recipients = cast(list[str], options["to"])
        base_url = str(options["base_url"])
        try:
            for address in recipients:
                validate_email(address)
            URLValidator(schemes=["http", "https"])(base_url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        view = digest_published(day=day)
        if view is None:
            raise CommandError(f"The digest of {day.isoformat()} is not published.")
        digest_email(view=view, base_url=base_url, to=recipients).send()
        self.stdout.write(f"Sent the digest of {day.isoformat()} to {len(recipients)} recipient(s).")
