"""The background fetcher: passes over the configured models until all are ready, and what it tells the
people running the site about a model it cannot get.

Each worker starts it (`manage.py download_models --watch`) when AUTO_DOWNLOAD_MODELS is on; its output is
the terminal of `make run` or the container's log, so each problem is said once, not at every pass.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings

from summaries.engines import ConfiguredModel, configured_models
from summaries.modelops.provisioning import HUB_WIDE, TRANSIENT, ProvisionResult, Say, models_provision

logger = logging.getLogger(__name__)


def models_watch(
    *,
    interval: float,
    should_stop: Callable[[], bool],
    progress_bars: bool = False,
    say: Say = logger.info,
) -> bool:
    """Passes until every model is ready (True) or `should_stop` says so (False). What to do about a model
    that cannot be had is said once per problem, not at every pass; passes repeat every `interval` seconds."""
    said: set[tuple[str, ...]] = set()
    lines: set[str] = set()

    def say_once(text: str) -> None:
        if text not in lines:
            lines.add(text)
            say(text)

    while not should_stop():
        result = models_provision(
            download=settings.SUMMARIES_AUTO_DOWNLOAD_MODELS, progress_bars=progress_bars, say=say_once
        )
        for key, advice in _advice(result):
            if key not in said:
                said.add(key)
                say(advice)
        if result.all_ready:
            say("All models are ready.")
            return True
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline:
            if should_stop():
                return False
            time.sleep(min(1.0, interval))
    return False


def _advice(result: ProvisionResult) -> list[tuple[tuple[str, ...], str]]:
    """One message for the models the hub as a whole kept out (unreachable, offline), one per other model,
    each with a key that says whether it was said already."""
    models = [model for model in configured_models() if model.model_id in result.problems]
    hub_wide = [model for model in models if result.problems[model.model_id].code in HUB_WIDE]
    messages = []
    if hub_wide:
        problem = result.problems[hub_wide[0].model_id]
        names = " and ".join(f"{model.setting} ({model.model_id})" for model in hub_wide)
        retry = (
            f" The hub is tried again every {settings.SUMMARIES_MODEL_RETRY_INTERVAL} s."
            if problem.code == "unreachable"
            else ""
        )
        messages.append(
            (
                ("hub", problem.code, *(model.model_id for model in hub_wide)),
                f"{names} {'is' if len(hub_wide) == 1 else 'are'} not on this machine and cannot be downloaded now: "
                f"{problem}{retry} The app keeps serving: articles get their key sentences in the original language and "
                f"wait, and they complete by themselves once the models are here. {_provide(hub_wide)}",
            )
        )
    for model in models:
        if model not in hub_wide:
            problem = result.problems[model.model_id]
            messages.append(((model.model_id, problem.code), model_advice(model, problem.code, str(problem))))
    return messages


def _provide(models: list[ConfiguredModel]) -> str:
    settings_named = " / ".join(model.setting for model in models)
    return (
        "To provide models without internet: run `python manage.py download_models` on a machine that reaches the "
        f"hub and copy its Hugging Face cache ({settings.SUMMARIES_HF_CACHE}) here, or set {settings_named} to a "
        "local directory written by save_pretrained."
    )


def model_advice(model: ConfiguredModel, problem: str, detail: str) -> str:
    """What the people running the site can do about a model that is not here (terminal, log, /healthz)."""
    provide = _provide([model])
    if problem in TRANSIENT:
        return (
            f"{model.setting} ({model.model_id}) is not on this machine yet: {detail} It is tried again every "
            f"{settings.SUMMARIES_MODEL_RETRY_INTERVAL} s; meanwhile articles get their key sentences and wait. {provide}"
        )
    if problem == "not_downloaded":
        return f"{model.setting} ({model.model_id}) is not on this machine and AUTO_DOWNLOAD_MODELS=0. {provide}"
    return f"{model.setting} ({model.model_id}) is not on this machine: {detail} {provide}"
