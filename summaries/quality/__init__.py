"""Quality, outside the request path: the fact checker trained and the pipeline evaluated on the shared corpora."""
