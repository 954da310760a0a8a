"""Where each configured model stands, from the fetcher's and the workers' records and, for a model nobody
has recorded, from this machine's disk: a service, not a selector, because it looks at the disk."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from summaries import engines
from summaries.engines import conversion
from summaries.modelops.models import ModelState
from summaries.modelops.selectors import model_states


@dataclass(frozen=True)
class ModelReadiness:
    """Where one configured model stands, as /healthz, the admin, the staff banner and waiting runs show it."""

    setting: str
    model_id: str
    kind: str
    state: str
    percent: int | None = None
    backend: str = ""
    device: str = ""
    resident_mb: float | None = None
    problem: str = ""
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.state == ModelState.State.READY

    @property
    def state_label(self) -> str:
        return str(ModelState.State(self.state).label)


# A row left "downloading" or "converting" this long without news belongs to a fetcher that stopped.
_STALE: dict[str, timedelta] = {
    ModelState.State.DOWNLOADING: timedelta(minutes=5),
    ModelState.State.CONVERTING: timedelta(minutes=30),
}


def models_readiness(model_ids: list[str] | None = None) -> list[ModelReadiness]:
    """Each configured model (or those named) as recorded by the fetcher and the workers; a model nobody
    has recorded yet, or whose fetcher stopped mid-way, is looked up on this machine's disk instead."""
    configured = [model for model in engines.configured_models() if model_ids is None or model.model_id in model_ids]
    rows = model_states([model.model_id for model in configured])
    return [_readiness(model, rows.get(model.model_id)) for model in configured]


def models_readiness_of(models: list[dict[str, str]]) -> list[ModelReadiness]:
    """The models a waiting run named (`{"model", "kind"}`), whether or not this process's settings name them:
    the worker that made the run wait may be configured apart from the web server."""
    settings_of = {"translation": "TRANSLATION_MODEL", "summarization": "SUMMARIZATION_MODEL"}
    wanted = [
        engines.ConfiguredModel(settings_of.get(model["kind"], ""), model["model"], model["kind"]) for model in models
    ]
    rows = model_states([model.model_id for model in wanted])
    return [_readiness(model, rows.get(model.model_id)) for model in wanted]


def _readiness(model: engines.ConfiguredModel, row: ModelState | None) -> ModelReadiness:
    stale = row is not None and row.state in _STALE and row.updated_at < timezone.now() - _STALE[row.state]
    if row is not None and not stale:
        return ModelReadiness(
            model.setting,
            model.model_id,
            model.kind,
            row.state,
            row.percent,
            row.backend,
            row.device,
            row.resident_mb,
            row.problem,
            row.detail,
        )
    if engines.model_available(model.model_id):
        backend = (
            "ctranslate2" if (conversion.converted_dir(model.model_id) / "model.bin").is_file() else "transformers"
        )
        return ModelReadiness(model.setting, model.model_id, model.kind, ModelState.State.READY, backend=backend)
    problem = "interrupted" if stale else (row.problem if row is not None else "")
    return ModelReadiness(
        model.setting,
        model.model_id,
        model.kind,
        ModelState.State.MISSING,
        problem=problem,
        detail=row.detail if row is not None and not stale else "",
    )
