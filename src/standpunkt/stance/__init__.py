"""Concepts and stances: codebooks, concept assignment, agreement and conditions → DNA statements.

Entry points the pipeline uses (keep them stable):

- :func:`load_codebook` ``(path) -> Codebook``;
- :func:`code_statements` ``(document, doc, quotations, codebook, registry) -> list[Statement]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from standpunkt.stance.codebook import Codebook, Concept, Issue, load_codebook

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from standpunkt.actors import Registry
    from standpunkt.model import Document, Quotation, Statement

__all__ = ["Codebook", "Concept", "Issue", "load_codebook", "code_statements"]


def code_statements(document: "Document", doc: "Doc", quotations: list["Quotation"], codebook: Codebook,
                    registry: "Registry | None" = None) -> list["Statement"]:
    """Statements (actor × concept × agreement with evidence) for one analysed document.

    Imported lazily so that loading a codebook does not pull in the embedding model and the language layer.
    """
    from standpunkt.stance.statements import code_statements as _code

    return _code(document, doc, quotations, codebook, registry)
