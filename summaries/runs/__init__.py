"""Runs (the job): created, sent, claimed, leased, re-sent and moved through their statuses; the pipeline they run."""
