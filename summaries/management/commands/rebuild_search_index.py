"""Write every article's search document again: after upgrading an existing database (articles from before
search have none), after a change to what is indexed, or to fill a benchmark's database."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.search.services import REBUILD_BATCH_SIZE, search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index (FTS5 on SQLite, tsvector on PostgreSQL) from every article and its "
        "newest run, in batches of --batch-size articles, each in its own transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REBUILD_BATCH_SIZE,
            help=f"Articles per transaction ({REBUILD_BATCH_SIZE}).",
        )

    def handle(self, *args: object, **options: object) -> None:
        batch_size = int(str(options["batch_size"]))
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.perf_counter()
        written = search_index_rebuild(batch_size=batch_size)
        self.stdout.write(f"Indexed {written} articles in {time.perf_counter() - started:.1f} s.")
