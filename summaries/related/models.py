"""One multilingual-e5 vector per article: what "similar articles" compares, across languages."""

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from summaries.engines.embeddings import MODEL_NAME

# multilingual-e5-small's vectors have 384 dimensions; stored as float16 (768 bytes a row), which keeps
# cosine similarities to about three decimals, far finer than any threshold used on them.
DIMENSIONS = 384
STORED_DTYPE = np.float16
# What the stored vectors are: the model's, centred on their language's mean (services.py). Vectors of another
# kind are never compared with these; `manage.py embed_articles` replaces them.
VECTOR_KIND = f"{MODEL_NAME}, language-centred v1"


class ArticleVector(models.Model):
    """The e5 "passage" vector of the article's headline and opening (the model's first 512 tokens), centred
    on its language's mean (services.py).

    A changed vector is written as a new row (a new id), so a process that keeps the vectors in memory
    (matrix.py) sees every change as rows it has not read yet."""

    article = models.OneToOneField(
        "summaries.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="vector"
    )
    model = models.CharField(_("embedding model"), max_length=100)
    vector = models.BinaryField(_("vector"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)  # matrix.py's newest row

    class Meta:
        verbose_name = _("article vector")
        verbose_name_plural = _("article vectors")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.model})"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=STORED_DTYPE).astype(np.float32)
