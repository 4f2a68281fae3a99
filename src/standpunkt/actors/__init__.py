"""Actors: the registry users edit (canonical names, aliases, roles over time) and speaker → actor resolution.

Entry points the pipeline uses (keep them stable):

- :func:`load_registry` ``(path | None) -> Registry`` — None gives the shipped starter registry;
- :func:`resolve_speaker` ``(quotation, doc, document, registry) -> Actor | list[Actor] | None`` — a list for
  coordinated countries ("Großbritannien, Spanien und Schweden").
"""

from __future__ import annotations

from standpunkt.actors.registry import (AGGREGATION_LEVELS, STARTER_REGISTRY, Registry, RegistryActor, Role,
                                        load_registry, normalise)
from standpunkt.actors.resolve import resolve_mention, resolve_speaker

__all__ = ["AGGREGATION_LEVELS", "STARTER_REGISTRY", "Registry", "RegistryActor", "Role", "load_registry",
           "normalise", "resolve_mention", "resolve_speaker"]
