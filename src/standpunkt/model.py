"""Data classes shared by every stage.

Every fact points back to characters of a document: spans are ``[start, end)`` character offsets into
``Document.text`` exactly as stored. Later stages extend these classes with new optional fields rather than
replacing them, so that stored data and JSON output stay compatible.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Form = Literal["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]
Medium = Literal["Speech", "Thought", "Writing", "ST", "SW", "TW"]
Agreement = Literal["support", "oppose", "conditional", "neutral"]
ActorKind = Literal["person", "organisation", "country", "group"]

FORMS: tuple[str, ...] = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
MEDIA: tuple[str, ...] = ("Speech", "Thought", "Writing", "ST", "SW", "TW")
AGREEMENTS: tuple[str, ...] = ("support", "oppose", "conditional", "neutral")
ACTOR_KINDS: tuple[str, ...] = ("person", "organisation", "country", "group")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text(self, document_text: str) -> str:
        return document_text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    def strip(self, document_text: str) -> "Span | None":
        """The span without leading and trailing whitespace; None when nothing else is left."""
        piece = document_text[self.start:self.end]
        core = piece.strip()
        if not core:
            return None
        start = self.start + (len(piece) - len(piece.lstrip()))
        return Span(start, start + len(core))

    @classmethod
    def from_list(cls, pair: list[int] | tuple[int, int]) -> "Span":
        return cls(int(pair[0]), int(pair[1]))


def spans_to_json(spans: list[Span]) -> list[list[int]]:
    return [s.to_list() for s in spans]


def spans_from_json(pairs: list[list[int]] | None) -> list[Span]:
    return [Span.from_list(p) for p in (pairs or [])]


def content_id(text: str) -> str:
    """Document id = SHA-256 of the text (UTF-8); identical content is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class Document:
    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None  # timezone-aware where known
    language: str | None = "de"
    author: str | None = None
    source: str | None = None  # path (and member, e.g. "file.warc.gz#3") it was read from
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


@dataclass
class Quotation:
    """A quotation and its roles, as in the quotes-de-news annotation scheme."""

    form: str
    medium: str = "Speech"
    message: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    speaker: list[Span] = field(default_factory=list)
    addressee: list[Span] = field(default_factory=list)
    frame: list[Span] = field(default_factory=list)
    speaker_name: str | None = None  # best name after in-document coreference
    confidence: float = 1.0
    #: The speaker's actor (registry actor, or a candidate inferred from text), set by the pipeline with or without
    #: a codebook; None when the speaker is unknown or several coordinated countries speak together.
    actor: "Actor | None" = None

    def to_json(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "medium": self.medium,
            "message": spans_to_json(self.message),
            "cue": spans_to_json(self.cue),
            "speaker": spans_to_json(self.speaker),
            "addressee": spans_to_json(self.addressee),
            "frame": spans_to_json(self.frame),
            "speaker_name": self.speaker_name,
            "confidence": self.confidence,
            "actor": self.actor.to_json() if self.actor is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Quotation":
        return cls(
            form=data["form"],
            medium=data.get("medium") or "Speech",
            message=spans_from_json(data.get("message")),
            cue=spans_from_json(data.get("cue")),
            speaker=spans_from_json(data.get("speaker")),
            addressee=spans_from_json(data.get("addressee")),
            frame=spans_from_json(data.get("frame")),
            speaker_name=data.get("speaker_name"),
            confidence=float(data.get("confidence", 1.0)),
            actor=Actor(**data["actor"]) if data.get("actor") else None,
        )


@dataclass
class Actor:
    """A canonical actor with its current affiliation (the registry keeps roles over time)."""

    name: str
    kind: str = "person"
    role: str | None = None
    organisation: str | None = None
    party: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    candidate: bool = False  # inferred from text, not (yet) in the registry: needs review

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Statement:
    """A DNA statement: actor x concept x agreement, with its evidence."""

    actor: Actor
    concept: str
    agreement: str
    quotation: int | None = None  # index into Analysis.quotations
    condition: list[Span] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    date: date | None = None  # claim date when the text says so, else the document date
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor.name,
            "actor_kind": self.actor.kind,
            "role": self.actor.role,
            "organisation": self.actor.organisation,
            "party": self.actor.party,
            "country": self.actor.country,
            "candidate": self.actor.candidate,
            "concept": self.concept,
            "agreement": self.agreement,
            "condition": spans_to_json(self.condition),
            "evidence": spans_to_json(self.evidence),
            "quotation": self.quotation,
            "date": self.date.isoformat() if self.date else None,
            "confidence": self.confidence,
        }


@dataclass
class Analysis:
    """What the pure per-document analysis returns; only the runner stores it."""

    document: Document
    quotations: list[Quotation] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    pipeline_version: str = ""
    n_tokens: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.document.id,
            "source": self.document.source,
            "title": self.document.title,
            "published": self.document.published.isoformat() if self.document.published else None,
            "text": self.document.text,
            "quotations": [q.to_json() for q in self.quotations],
        }
        out["statements"] = [s.to_json() for s in self.statements]
        return out
