"""Create an editor account from the command line (the first editor of a new installation, for example)."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.review.editors import EDITORS_GROUP, editor_create

PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        f"Create a user in the {EDITORS_GROUP} group, who can review, edit, approve and re-run summaries. "
        f"The password is asked for twice, or taken from the {PASSWORD_VARIABLE} environment variable "
        "with --password-from-env (for scripts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="E-mail address, used for password resets.")
        parser.add_argument(
            "--password-from-env", action="store_true", help=f"Read the password from ${PASSWORD_VARIABLE}."
        )
        parser.add_argument(
            "--existing",
            action="store_true",
            help="Make an existing user an editor (their password changes only with --password-from-env).",
        )

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"]).strip()
        if not username:
            raise CommandError("Give a user name.")
        password = self._password(bool(options["password_from_env"]), required=not options["existing"])
        try:
            editor_create(
                username=username, password=password, email=str(options["email"]), existing=bool(options["existing"])
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{username} is an editor. Sign in at /accounts/login/."))

    def _password(self, from_env: bool, *, required: bool) -> str | None:
        if from_env:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"--password-from-env was given but ${PASSWORD_VARIABLE} is empty or not set.")
            return password
        if not required:
            return None
        if not sys.stdin.isatty():
            raise CommandError(
                f"No terminal to ask for the password: use --password-from-env with ${PASSWORD_VARIABLE}."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        if not password:
            raise CommandError("The password cannot be empty.")
        return password
