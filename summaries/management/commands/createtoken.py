"""Print a user's API token, making one if needed: what a CMS or a script sends as `Authorization: Token …`."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.services.tokens import TokenError, token_for


class Command(BaseCommand):
    help = (
        "Print the API token of USER (made if the user has none). Programs send it as "
        "'Authorization: Token <key>'; they get the same rights as USER. --rotate replaces the token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--rotate", action="store_true", help="Replace the existing token; the old one stops working."
        )

    def handle(self, *args: object, username: str, rotate: bool, **options: object) -> None:
        try:
            key, created = token_for(username=username, rotate=rotate)
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"{'New' if created else 'Existing'} API token for {username}:")
        self.stdout.write(key)
