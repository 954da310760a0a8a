"""What one request may spend parsing its files, all of them together (REQUEST_EXTRACT_SECONDS and
REQUEST_EXTRACT_MEMORY_MB): each file gets what is left, up to one file's own budget, and is charged what it
took; once too little is left, the request's other files are not read.

One file's budget bounds one child; without this, a form post of 20 hostile files took 20 times that
(about 100 s and 175 MB of one web thread's time), since each file was refused only at its own limit.
"""

from dataclasses import dataclass, field

from django.conf import settings

from summaries.articles.intake.sandbox import Budget

# Less than this left is not worth starting a child for: the file would be refused for time anyway.
_MIN_SECONDS = 0.5
_MIN_MEMORY = 32 * 1024 * 1024


@dataclass
class RequestBudget:
    seconds: float
    memory_bytes: int
    spent_seconds: float = 0.0
    spent_memory: int = 0
    files: int = field(default=0)

    @classmethod
    def from_settings(cls) -> "RequestBudget":
        return cls(
            settings.SUMMARIES_REQUEST_EXTRACT_SECONDS, settings.SUMMARIES_REQUEST_EXTRACT_MEMORY_MB * 1024 * 1024
        )

    def per_file(self) -> Budget | None:
        """The next file's budget: one file's own, or what is left if less; None once too little is left."""
        one = Budget.from_settings()
        seconds = min(one.seconds, self.seconds - self.spent_seconds)
        memory = min(one.memory_bytes, self.memory_bytes - self.spent_memory)
        if seconds < _MIN_SECONDS or memory < _MIN_MEMORY:
            return None
        return Budget(memory, seconds)

    def spend(self, seconds: float, memory_bytes: int) -> None:
        """Charge one parse: the time it took (waiting for a turn included) and the memory it grew by."""
        self.files += 1
        self.spent_seconds += seconds
        self.spent_memory += memory_bytes
