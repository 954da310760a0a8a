"""Make an API token for a user and print it, once: what a CMS or a script sends as `Authorization: Token …`."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.access.tokens import TokenError, create_token


class Command(BaseCommand):
    help = (
        "Make a new API token for USER and print it. It is shown this once: only its digest is kept. Programs "
        "send it as 'Authorization: Token <key>' and get USER's rights (reading only, with --read-only). "
        "--rotate first revokes USER's other tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What uses it (shown in the admin), e.g. 'CMS import'.")
        parser.add_argument(
            "--read-only", action="store_true", help="It may read articles and summaries, not submit or change them."
        )
        parser.add_argument("--expires-in", type=int, metavar="DAYS", help="It stops working after DAYS days.")
        parser.add_argument("--rotate", action="store_true", help="Revoke USER's other tokens first.")

    def handle(
        self,
        *args: object,
        username: str,
        name: str,
        read_only: bool,
        expires_in: int | None,
        rotate: bool,
        **options: object,
    ) -> None:
        if expires_in is not None and expires_in < 1:
            raise CommandError("--expires-in takes a number of days, 1 or more.")
        try:
            made = create_token(
                username=username,
                name=name,
                read_only=read_only,
                expires_in=timedelta(days=expires_in) if expires_in is not None else None,
                rotate=rotate,
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        scope = "read-only" if read_only else "full"
        until = f", expires {made.token.expires_at:%Y-%m-%d %H:%M} UTC" if made.token.expires_at else ""
        self.stderr.write(f"New {scope} API token for {username}{until}. Keep it now: it is not shown again.")
        self.stdout.write(made.key)
