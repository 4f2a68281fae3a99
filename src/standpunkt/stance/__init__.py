"""Concepts and stances: codebooks, concept assignment, agreement and conditions → DNA statements.

Entry points the pipeline uses (keep them stable):

- :func:`load_codebook` ``(path) -> Codebook``;
- :func:`code_statements` ``(document, doc, quotations, codebook, registry) -> list[Statement]``.
"""

from __future__ import annotations

from standpunkt.stance.codebook import Codebook, Concept, Issue, load_codebook

__all__ = ["Codebook", "Concept", "Issue", "load_codebook", "code_statements"]


def code_statements(document, doc, quotations, codebook, registry):  # noqa: ANN001 - typed in statements.py
    """Statements (actor × concept × agreement with evidence) for one analysed document."""
    from standpunkt.stance.statements import code_statements as _code

    return _code(document, doc, quotations, codebook, registry)
