"""The codebook view of the web pages (labels, issues), from the store's codebooks: :mod:`standpunkt.store.codebooks`,
with the distinct codebook values cached like every filter form's choices."""

from __future__ import annotations

from standpunkt.store import Store
from standpunkt.store.codebooks import Codebooks, CodebookView


def codebook_view(store: Store, books: Codebooks) -> CodebookView:
    from standpunkt.web.queries import distinct_values

    return books.view(distinct_values(store, "codebook"))
