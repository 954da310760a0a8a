"""Inference backends; each loads a model and runs `generate` behind the Seq2SeqBackend shape."""
