"""The pipeline benchmark's report: speed as ratios to the baseline measured in the same run, and agreement
with the transformers float32 reference."""

BEAMS = 4
SPEED_VARIANTS = ["baseline", "transformers", "ct2", "ct2-whole-vocab", "ct2-float32"]
AGREEMENT_VARIANTS = ["ct2", "ct2-whole-vocab", "ct2-float32"]  # each against the transformers float32 reference


def pipeline_report(results: dict[str, dict], job: dict) -> dict:
    def tok_s(name: str) -> float | None:
        if name not in results:
            return None
        return round(results[name]["output_tokens"] / results[name]["translation_seconds"], 1)

    def article(name: str) -> float | None:
        if name not in results:
            return None
        return round(results[name]["translation_seconds"] + results[name]["summary_seconds"], 2)

    baseline = tok_s("baseline")

    def speedup(name: str) -> float | None:
        ours = tok_s(name)
        return round(ours / baseline, 2) if ours is not None and baseline else None

    return {
        "sentences": len(job["sentences"]),
        "tokens_per_sentence": job["tokens_per_sentence"],
        "summary_tokens": job["summary_tokens"],
        "beams": BEAMS,
        "device": job["device"],
        "repeat": job["repeat"],
        "ct2_decoder_vocabulary": job["decoder_vocabulary"],
        "baseline_tok_s": baseline,
        "transformers_tok_s": tok_s("transformers"),
        "ct2_tok_s": tok_s("ct2"),
        "ct2_whole_vocab_tok_s": tok_s("ct2-whole-vocab"),
        "transformers_speedup": speedup("transformers"),
        "ct2_speedup": speedup("ct2"),
        "ct2_whole_vocab_speedup": speedup("ct2-whole-vocab"),
        "ct2_float32_tok_s": tok_s("ct2-float32"),
        "ct2_float32_speedup": speedup("ct2-float32"),
        "article_seconds_ct2_float32": article("ct2-float32"),
        "article_seconds_baseline": article("baseline"),
        "article_seconds_transformers": article("transformers"),
        "article_seconds_ct2": article("ct2"),
        "article_seconds_ct2_whole_vocab": article("ct2-whole-vocab"),
        "summary_seconds": {
            name: round(result["summary_seconds"], 2) for name, result in results.items() if "summary_seconds" in result
        },
        "peak_rss_mb": {name: round(result["peak_rss_mb"]) for name, result in results.items()},
        "agreement": _agreement(results),
    }


def _agreement(results: dict[str, dict]) -> dict[str, dict[str, dict[str, float]]]:
    """Per CTranslate2 variant and task: the share of outputs identical to the transformers float32
    reference, and of tokens identical position by position (over the longer output of each pair)."""
    reference = results["transformers"]["outputs"]
    found: dict[str, dict[str, dict[str, float]]] = {}
    for name in AGREEMENT_VARIANTS:
        if name not in results:
            continue
        found[name] = {}
        for task, expected in reference.items():
            written = results[name]["outputs"][task]
            same = sum(ours == theirs for ours, theirs in zip(written, expected, strict=True))
            positions = sum(max(len(ours), len(theirs)) for ours, theirs in zip(written, expected, strict=True))
            matching = sum(
                sum(a == b for a, b in zip(ours, theirs, strict=False))
                for ours, theirs in zip(written, expected, strict=True)
            )
            found[name][task] = {
                "outputs": round(same / len(expected), 3),
                "tokens": round(matching / max(1, positions), 3),
            }
    return found


def report_table(report: dict) -> str:
    rows = [
        f"{report['sentences']} sentences, {report['tokens_per_sentence']} generated tokens each, "
        f"summary {report['summary_tokens']} tokens, beam {report['beams']}, device {report['device']}, fastest of {report['repeat']} after a warm-up; "
        f"the ct2 decoder scores {report['ct2_decoder_vocabulary']} vocabulary entries",
        f"{'variant':<17}{'translate tok/s':>16}{'speed-up':>10}{'article s':>11}{'summary s':>11}{'peak RSS MB':>13}",
    ]
    for name in SPEED_VARIANTS:
        key = name.replace("-", "_")
        if report[f"{key}_tok_s"] is None:
            continue
        speedup = 1.0 if name == "baseline" else report.get(f"{key}_speedup")
        rows.append(
            f"{name:<17}{report[f'{key}_tok_s']:>16}{(speedup or float('nan')):>10.2f}"
            f"{report[f'article_seconds_{key}']:>11}{report['summary_seconds'][name]:>11}{report['peak_rss_mb'][name]:>13}"
        )
    rows.append("agreement with transformers float32, the models' own settings (identical outputs / identical tokens):")
    for name, tasks in report["agreement"].items():
        rows.append(
            f"{name:<17}"
            + "  ".join(f"{task} {figures['outputs']:.0%} / {figures['tokens']:.0%}" for task, figures in tasks.items())
        )
    return "\n".join(rows)
