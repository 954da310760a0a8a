"""Getting the configured models onto this machine, and keeping their state where every process reads it.

A pass over the configured models fetches what is missing and makes its CTranslate2 copy, then runs that
waited for a model are queued again (`fetcher.models_watch` repeats passes while the hub is away). Workers
record what they loaded, so /healthz and the admin show each model as missing, downloading (with its
percentage), converting or ready on a backend and device.
"""

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from summaries import engines
from summaries.engines import ConfiguredModel, configured_models, conversion, hub
from summaries.modelops.models import ModelState
from summaries.runs.dispatch import runs_requeue_waiting
from summaries.runs.ticker import Ticker

logger = logging.getLogger(__name__)

Say = Callable[[str], None]
# Problems that a later pass may solve by itself (the network, a resumed transfer); the others need a person.
TRANSIENT = {"unreachable", "interrupted", "corrupt"}
# Problems of the hub as a whole: once one model meets them, the others of the pass do not ask the hub again.
HUB_WIDE = {"unreachable", "offline"}


@dataclass
class ProvisionResult:
    ready: list[str] = field(default_factory=list)
    problems: dict[str, hub.HubError] = field(default_factory=dict)

    @property
    def all_ready(self) -> bool:
        return not self.problems


def models_provision(*, download: bool = True, progress_bars: bool = False, say: Say = logger.info) -> ProvisionResult:
    """One pass: each configured model is made ready (fetched if allowed and missing, then converted for
    CTranslate2 when that backend may be used), and jobs waiting for it are queued again."""
    result = ProvisionResult()
    hub_down: hub.HubError | None = None
    for model in configured_models():
        if hub_down is not None and not engines.model_available(model.model_id):
            problem: hub.HubError | None = hub_down
            model_state_set(model.model_id, ModelState.State.MISSING, problem=hub_down.code, detail=str(hub_down))
        else:
            problem = model_provision(model, download=download, progress_bars=progress_bars, say=say)
        if problem is not None and problem.code in HUB_WIDE:
            hub_down = problem
        if problem is None:
            result.ready.append(model.model_id)
        else:
            result.problems[model.model_id] = problem
    if result.ready:
        try:
            runs_requeue_waiting()
        except DatabaseError as exc:  # no database on this machine (see model_state_set)
            logger.debug("no waiting runs to queue again: %s", exc)
    return result


def model_provision(model: ConfiguredModel, *, download: bool, progress_bars: bool, say: Say) -> hub.HubError | None:
    """Make one model ready; returns what stopped it, also recorded in its ModelState."""
    model_id = model.model_id
    if engines.model_available(model_id):
        where = "a local directory" if Path(model_id).expanduser().is_dir() else "in the Hugging Face cache"
        say(f"{model.setting}: {model_id} is {where}; nothing to download.")
    else:
        problem = _unavailable_problem(model_id, download)
        if problem is not None:
            model_state_set(model_id, ModelState.State.MISSING, problem=problem.code, detail=str(problem))
            return problem
        problem = _download(model, progress_bars=progress_bars, say=say)
        if problem is not None:
            return problem
    if wants_conversion(model_id):
        model_state_set(model_id, ModelState.State.CONVERTING)
        say(f"{model_id}: making the CTranslate2 int8 copy in {conversion.converted_dir(model_id)} ...")
        try:
            conversion.convert(model_id)
        except (OSError, ValueError, RuntimeError, KeyError, NotImplementedError) as exc:
            logger.warning("could not convert %s: %s", model_id, exc)
            say(f"{model_id}: the CTranslate2 copy could not be made ({exc}); transformers will run it.")
    backend = "ctranslate2" if conversion.is_converted(model_id) else "transformers"
    model_state_set(model_id, ModelState.State.READY, backend=backend, problem="", detail="")
    return None


def wants_conversion(model_id: str) -> bool:
    """The CTranslate2 copy is due: the backend may use it, this machine can make it, and none is current."""
    return (
        settings.SUMMARIES_INFERENCE_BACKEND in {"auto", "ctranslate2"}
        and conversion.can_convert()
        and not conversion.is_converted(model_id)
    )


def _unavailable_problem(model_id: str, download: bool) -> hub.HubError | None:
    """Why a model that is not here cannot be fetched now, or None when it can."""
    if not hub.is_hub_id(model_id):
        return hub.HubError("no_directory", f"{model_id} is not a directory on this machine (nor a hub id).")
    if not download:
        return hub.HubError("not_downloaded", f"{model_id} is not on this machine and AUTO_DOWNLOAD_MODELS is off.")
    if hub.offline():
        return hub.HubError("offline", f"{model_id} is not on this machine and HF_HUB_OFFLINE is set.")
    return None


def _download(model: ConfiguredModel, *, progress_bars: bool, say: Say) -> hub.HubError | None:
    model_id = model.model_id
    writer = _ProgressWriter(model_id)

    def started(remote: hub.RemoteModel) -> None:
        model_state_set(
            model_id, ModelState.State.DOWNLOADING, bytes_done=0, bytes_total=remote.size, problem="", detail=""
        )
        say(
            f"{model.setting}: downloading {model_id} ({len(remote.files)} files, {filesizeformat(remote.size)}) "
            f"from {settings.SUMMARIES_HUB_ENDPOINT} into {settings.SUMMARIES_HF_CACHE} ..."
        )

    try:
        with writer:
            hub.download(model_id, on_start=started, on_progress=writer, progress_bars=progress_bars)
    except hub.HubError as exc:
        state = ModelState.State.MISSING if exc.code in TRANSIENT else ModelState.State.FAILED
        model_state_set(model_id, state, problem=exc.code, detail=str(exc))
        return exc
    say(f"{model.setting}: {model_id} is downloaded.")
    return None


class _ProgressWriter(Ticker):
    """Download progress into the model's row twice a second, from a thread of its own, so the article pages
    show where a download stands even while the network stalls between two chunks."""

    final_tick = True

    def __init__(self, model_id: str, interval: float = 0.5) -> None:
        super().__init__(interval=interval, name=f"progress {model_id}")
        self.model_id = model_id
        self.done, self.total, self.written = 0, 0, (-1, -1)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def tick(self) -> None:
        if (self.done, self.total) == self.written:
            return
        self.written = (self.done, self.total)
        with contextlib.suppress(DatabaseError):  # no database on this machine (see model_state_set)
            ModelState.objects.filter(model_id=self.model_id).update(
                bytes_done=self.done, bytes_total=self.total, updated_at=timezone.now()
            )


def model_state_set(model_id: str, state: str, **fields: object) -> None:
    """Record where a model stands (one row per model id, shared by every process). `download_models` also
    runs on machines that only fill a cache to copy elsewhere, with no database: there it records nothing."""
    try:
        ModelState.objects.update_or_create(model_id=model_id, defaults={"state": state, **fields})
    except DatabaseError as exc:
        logger.debug("model state of %s not recorded (no database here?): %s", model_id, exc)


def model_loaded_record(*, model_id: str, backend: str, device: str, worker: str = "") -> None:
    """A worker loaded the model: it is ready, on this backend and device, with this much memory in use."""
    model_state_set(
        model_id,
        ModelState.State.READY,
        backend=backend,
        device=device,
        resident_mb=round(engines.resident_mb()),
        loaded_by=worker[:255],
        loaded_at=timezone.now(),
        problem="",
        detail="",
    )


def models_loaded_record(*, worker: str = "") -> None:
    """Record every model this process holds (after a worker preloaded them)."""
    for model in engines.loaded_models():
        model_loaded_record(model_id=model.model_id, backend=model.backend, device=model.device, worker=worker)
