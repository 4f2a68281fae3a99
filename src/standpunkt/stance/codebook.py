"""Codebooks: the issues and concepts that statements are coded against, in a YAML file analysts edit.

Format (validated here; every problem is one :class:`ConfigError` line naming the place)::

    name: Bodentruppen Ukraine            # optional, shown by `standpunkt codebook show`
    language: de
    model: ground-troops.model            # optional: a trained classifier (directory, relative to this file,
                                          # or "package:NAME" for one shipped under standpunkt/models/)
    labelled: [labelled.jsonl]            # optional: labelled statements for `standpunkt codebook train`
    scope:                                # optional: code only documents on the topic (see below)
      keywords: ["Ukraine", "*truppe*|Soldat*"]
      min_sentences: 1
    issues:
      - id: bodentruppen
        label: Westliche Bodentruppen in der Ukraine
        scope: [...]                      # optional, per issue: the same, for this issue's concepts only
        concepts:
          - id: bodentruppen-entsenden
            label: Westliche Bodentruppen in die Ukraine entsenden
            description: Soldaten westlicher Staaten sollen in der Ukraine eingesetzt werden.
            examples: ["Wir schließen die Entsendung eigener Truppen nicht aus."]
            keywords: ["Bodentruppe", "Soldat & entsenden|schicken", "*truppe & Ukraine"]
            actions: [entsenden, schicken]

A concept states a proposition; ``support`` means the actor agrees with it, ``oppose`` that the actor rejects it.
Keyword patterns are matched against lemmas and word forms of one sentence, case-insensitively: ``a|b`` means
either, ``a & b`` means both in the sentence, ``*`` at either end of a term matches compounds ("*soldat" matches
"Bundeswehrsoldat"), and a term with spaces is a sequence of consecutive words ("rote Linie"). ``actions`` are
verbs that state the proposition itself: asserted they count as support, negated as opposition.

``scope`` keeps a topic codebook off unrelated news: a document is coded with the codebook (or the issue) only when at
least ``min_sentences`` of its sentences match one of the scope's keyword patterns (a plain list of patterns means
``min_sentences: 1``). Without a scope every document is coded.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from standpunkt.errors import ConfigError, check_mapping
from standpunkt.model import AGREEMENTS
from standpunkt.stance.agreement import UNDOING_VERBS

#: The installed package: never written to (a site-packages folder may be shared, read-only, or replaced).
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Where ``model: package:NAME`` codebook models live.
PACKAGE_MODELS = PACKAGE_DIR / "models"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_TOP_KEYS = {"name", "language", "description", "model", "labelled", "issues", "version", "scope"}
_ISSUE_KEYS = {"id", "label", "description", "concepts", "scope"}
_SCOPE_KEYS = {"keywords", "min_sentences"}
_CONCEPT_KEYS = {"id", "label", "description", "examples", "keywords", "actions", "code"}


@dataclass
class Example:
    """An example sentence of a concept, optionally with the agreement it expresses (for training)."""

    text: str
    agreement: str | None = None


@dataclass
class KeywordPattern:
    """One keyword pattern: all groups must match in the sentence, each group by any of its alternatives."""

    source: str
    groups: list[list[tuple[str, ...]]]  # groups → alternatives → word sequence (lower-case, may have '*')


@dataclass
class Scope:
    """Which documents a codebook or issue applies to: at least ``min_sentences`` sentences match a keyword."""

    keywords: list[KeywordPattern]
    min_sentences: int = 1


@dataclass
class Concept:
    id: str
    label: str
    issue: str
    description: str = ""
    examples: list[Example] = field(default_factory=list)
    keywords: list[KeywordPattern] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    code: str | None = None  # an external code (e.g. the DebateNet category number)

    def prototype_texts(self) -> list[str]:
        """Texts whose embeddings describe the concept (label, description, examples)."""
        return [t for t in (self.label, self.description, *(e.text for e in self.examples)) if t]




def undone_nouns(concept: Concept) -> tuple[str, ...]:
    """The object nouns of a concept's label that its verb undoes ("Schuldenbremse" of "Die Schuldenbremse lockern",
    "Folter", "Behandlung" of "Folter und grausame Behandlung von Gefangenen … verbieten"), or nothing when the label
    is no infinitive phrase with an undoing verb (cached on the concept)."""
    cached = getattr(concept, "_undone_cache", None)
    if cached is None:
        words = _label_words(concept)
        lower = {w.lower() for w in [*words, *concept.actions]}
        cached = ()
        if lower & UNDOING_VERBS and not lower & _FINITE_LABEL_WORDS:
            nouns: list[str] = []
            ended = False
            for k, w in enumerate(words):
                low = w.lower()
                if low in ("und", "oder", "sowie") and k > 0 and words[k - 1][:1].islower() \
                        and words[k - 1].endswith(("en", "ern", "eln")) and words[k + 1:k + 2] \
                        and words[k + 1][:1].isupper():
                    # a verb phrase ends: "Eine Abgabe erheben und Werbung verbieten" undoes the advertising only
                    if words[k - 1].lower() in UNDOING_VERBS:
                        break
                    nouns, ended = [], False
                    continue
                if ended or low in _LABEL_DETERMINERS or low in ("und", "oder", "sowie"):
                    continue
                if w[:1].isupper() and low not in UNDOING_VERBS:
                    nouns.append(low)
                elif _ends_object(low):
                    ended = True  # the object ends where a prepositional phrase or the verb begins
            cached = tuple(n for n in nouns if len(n) >= 4)
        concept._undone_cache = cached  # type: ignore[attr-defined]
    return cached


#: Head nouns of a levy or ban on something ("Höhere Parkgebühren für schwere Autos", "Eine Abgabe auf Fleisch").
_BURDEN_HEAD = re.compile(r"(gebühr|gebühren|abgabe|steuer|zoll|zölle|aufschlag|maut|verbot)$", re.IGNORECASE)


def burdened_nouns(concept: Concept) -> tuple[str, ...]:
    """The nouns a label's levy or ban falls on ("autos" of "Höhere Parkgebühren für schwere Autos verlangen",
    "fleisch" of "Eine Abgabe auf Fleisch … erheben"): judging them badly argues for the concept, as judging what a
    concept undoes does (:func:`undone_nouns`)."""
    cached = getattr(concept, "_burdened_cache", None)
    if cached is None:
        cached = ()
        words = _label_words(concept)
        if not {w.lower() for w in words} & (UNDOING_VERBS | _FINITE_LABEL_WORDS):
            at = next((k for k, w in enumerate(words[:-1]) if _BURDEN_HEAD.search(w)
                       and words[k + 1].lower() in ("für", "auf", "von", "gegen")), None)
            nouns: list[str] = []
            for x in words[at + 2:] if at is not None else []:
                if x.lower() in _LABEL_PREPOSITIONS or x[:1].islower() and _ends_object(x.lower()):
                    break  # (a preposition ends it whatever its case)
                if x[:1].isupper() and x.lower() not in _LABEL_DETERMINERS:
                    nouns.append(x.lower())
            cached = tuple(n for n in nouns if len(n) >= 4)
        concept._burdened_cache = cached  # type: ignore[attr-defined]
    return cached


def _label_words(concept: Concept) -> list[str]:
    return re.findall(r"[\wÄÖÜäöüß'-]+", concept.label)


def _ends_object(low: str) -> bool:
    """Whether a lower-case label word ends the object before it: a preposition, or a word that is no inflected
    adjective (the verb)."""
    return low in _LABEL_PREPOSITIONS or not low.endswith(("e", "en", "er", "es", "em"))


def label_verbs(concept: Concept) -> tuple[str, ...]:
    """The infinitives a concept's label ends with ("verbieten" of "Soziale Medien für Jugendliche verbieten",
    "beibehalten" and "erhöhen" of "Die Abgabe beibehalten und erhöhen", "wählen" of "… vom Volk wählen lassen"): the
    concept's own actions where the codebook lists none; nothing for a label that is a sentence or names no verb."""
    words = _label_words(concept)
    if {w.lower() for w in words} & _FINITE_LABEL_WORDS:
        return ()
    out: list[str] = []
    k = len(words) - 1
    while k >= 0 and words[k].lower() in _LABEL_AUXILIARIES:
        k -= 1
    while k >= 0 and words[k][:1].islower() and words[k].endswith(("en", "ern", "eln")) \
            and words[k] not in _LABEL_PREPOSITIONS | _LABEL_AUXILIARIES:
        out.append(words[k])
        k -= 1
        if k > 0 and words[k] in ("und", "oder"):
            k -= 1
        else:
            break
    return tuple(reversed(out))


def label_objects(concept: Concept) -> tuple[str, ...]:
    """The head nouns of the object of a label that ends in its verb ("Senat" of "Den irischen Senat abschaffen",
    "Ergebnis" of "Das Ergebnis der Wahl veröffentlichen", "Medien" of "Soziale Medien für Jugendliche verbieten"),
    lower case: with one of :func:`label_verbs` they state the label in a sentence ("hat den Senat abgeschafft")
    whatever the keywords list. Nothing for a label that names no verb."""
    cached = getattr(concept, "_objects_cache", None)
    if cached is None:
        cached = ()
        verbs = label_verbs(concept)
        if verbs:
            words = _label_words(concept)
            heads = []
            for k, w in enumerate(words):
                low = w.lower()
                if low in _LABEL_PREPOSITIONS or w in verbs:
                    break  # the object ends where a prepositional phrase or the verb begins
                nxt = words[k + 1] if k + 1 < len(words) else ""
                if w[:1].isupper() and low not in _LABEL_DETERMINERS and len(low) >= 4 \
                        and not (nxt[:1].isupper() and low.endswith(("e", "en", "er", "es", "em"))):
                    heads.append(low)  # (not an adjective before its noun: "Soziale Medien", "Westliche Truppen")
                    if nxt.lower() not in ("und", "oder", "sowie"):
                        break  # (not a genitive after it: "Präsidentschaftswahl" of "Das Ergebnis der …")
            cached = tuple(heads)
        concept._objects_cache = cached  # type: ignore[attr-defined]
    return cached


#: Verbs a label's own verb may come before ("vom Volk wählen lassen").
_LABEL_AUXILIARIES = frozenset({"lassen", "werden", "sein", "haben", "können", "dürfen"})
#: Words of a label that make it a sentence, not an infinitive phrase ("Die Bank soll Stellen abbauen": its first
#: noun is the subject, not what is undone).
_FINITE_LABEL_WORDS = frozenset({"soll", "sollen", "muss", "müssen", "darf", "dürfen", "wird", "werden", "ist",
                                 "sind"})
#: Capitalised first words of a label that name nothing ("Die Schuldenbremse lockern", "Den Abbau beenden").
_LABEL_DETERMINERS = frozenset({"die", "der", "das", "den", "dem", "des", "ein", "eine", "einen", "keine", "mehr",
                                "neue", "alle"})
_LABEL_PREPOSITIONS = frozenset({"bei", "von", "vom", "für", "mit", "in", "im", "auf", "aus", "an", "am", "ab",
                                 "nach", "per", "zu", "zur", "zum", "über", "unter", "gegen", "ohne", "durch", "um",
                                 "wegen", "vor", "bis", "seit"})


@dataclass
class Issue:
    id: str
    label: str
    description: str = ""
    concepts: list[Concept] = field(default_factory=list)
    scope: Scope | None = None


@dataclass
class Codebook:
    path: str
    issues: list[Issue]
    name: str = ""
    language: str = "de"
    model: str | None = None
    labelled: list[str] = field(default_factory=list)
    fingerprint: str = ""
    scope: Scope | None = None
    #: ``--fast``: code without the classifier's fine-tuned e5 head (its SVMs alone; docs/stance.md).
    without_head: bool = field(default=False, repr=False)
    _classifier: Any = field(default=None, repr=False)
    _classifier_loaded: bool = field(default=False, repr=False)

    @property
    def concepts(self) -> list[Concept]:
        return [c for i in self.issues for c in i.concepts]

    def concept(self, concept_id: str) -> Concept:
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise KeyError(concept_id)

    def concept_ids(self) -> list[str]:
        return [c.id for c in self.concepts]

    def model_dir(self) -> Path | None:
        """Where this codebook's trained classifier lives (whether or not it exists yet)."""
        if self.model:
            if self.model.startswith("package:"):
                return PACKAGE_MODELS / self.model.split(":", 1)[1]
            return (Path(self.path).parent / self.model).resolve()
        return Path(self.path).with_suffix(".model")

    def training_dir(self) -> Path:
        """Where ``codebook train`` saves this codebook's classifier: its ``model_dir`` unless that lies in the
        installed package (``package:NAME``), then ``<codebook>.model`` beside the codebook — or, for a codebook
        inside the package itself, the user's data folder (platformdirs)."""
        target = self.model_dir() or Path(self.path).with_suffix(".model")
        if not in_package(target):
            return target
        beside = Path(self.path).resolve().with_suffix(".model")
        if not in_package(beside):
            return beside
        import platformdirs

        return Path(platformdirs.user_data_dir("standpunkt")) / "models" / beside.name

    def classifier(self) -> Any:
        """The trained concept/agreement classifier, or None when the codebook has none (loaded once)."""
        if not self._classifier_loaded:
            from standpunkt.stance.classifier import StatementClassifier

            from standpunkt.stance.learned import current_model

            learned = current_model(self)  # `standpunkt learn` trained one from the coders' reviews: it knows more
            directory = learned or self.model_dir()
            if directory is not None and (directory / "classifier.json").is_file():
                self._classifier = StatementClassifier.load(directory)
                if self.without_head:
                    self._classifier.head, self._classifier.head_weights = None, {}
                unknown = set(self._classifier.concept_labels) - set(self.concept_ids())
                if unknown:
                    raise ConfigError(str(directory), f"model was trained on concepts not in {self.path}: "
                                                      + ", ".join(sorted(unknown)[:5]))
            elif self.model:
                raise ConfigError(self.path, f"model {self.model!r} not found at {directory} "
                                             "(run `standpunkt codebook train`)")
            self._classifier_loaded = True
        return self._classifier


def _text(value: Any, where: str, key: str, path: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ConfigError(path, f"{where}: missing {key}")
        return ""
    if not isinstance(value, (str, int, float)):
        raise ConfigError(path, f"{where}: {key} must be text")
    return str(value).strip()


def parse_keyword(source: str, where: str, path: str) -> KeywordPattern:
    """``"Soldat & entsenden|schicken"`` → groups of alternatives of word sequences."""
    groups = []
    for group in source.split("&"):
        alternatives = []
        for alt in group.split("|"):
            words = tuple(w.lower() for w in alt.split())
            if not words or any(w.strip("*") == "" for w in words):
                raise ConfigError(path, f"{where}: keyword {source!r} has an empty term")
            alternatives.append(words)
        groups.append(alternatives)
    return KeywordPattern(source=source, groups=groups)


def in_package(path: str | Path) -> bool:
    """Whether ``path`` lies inside the installed standpunkt package."""
    return Path(path).resolve().is_relative_to(PACKAGE_DIR)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise ConfigError(str(p), "codebook not found")
    raw = p.read_bytes()
    from standpunkt.actors.registry import _plain_loader

    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_plain_loader())  # noqa: S506 - a SafeLoader subclass
    except UnicodeDecodeError:
        raise ConfigError(str(p), "not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(str(p), f"not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None
    sp = str(p)
    if not isinstance(data, dict):
        raise ConfigError(sp, "expected a mapping with 'issues'")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(sp, f"unknown key(s) {', '.join(sorted(unknown))}")
    issues_raw = data.get("issues")
    if not isinstance(issues_raw, list) or not issues_raw:
        raise ConfigError(sp, "'issues' must be a non-empty list")
    seen: dict[str, str] = {}
    issues = []
    for i, item in enumerate(issues_raw):
        where = f"issues[{i}]"
        check_mapping(item, _ISSUE_KEYS, where, sp)
        issue_id = _check_id(item.get("id"), where, sp, seen)
        where = f"issue {issue_id!r}"
        concepts_raw = item.get("concepts")
        if not isinstance(concepts_raw, list) or not concepts_raw:
            raise ConfigError(sp, f"{where}: 'concepts' must be a non-empty list")
        issue = Issue(id=issue_id, label=_text(item.get("label"), where, "label", sp) or issue_id,
                      description=_text(item.get("description"), where, "description", sp),
                      scope=_scope(item.get("scope"), where, sp))
        for j, c in enumerate(concepts_raw):
            issue.concepts.append(_concept(c, f"{where} concepts[{j}]", issue_id, sp, seen))
        issues.append(issue)
    labelled = data.get("labelled") or []
    if isinstance(labelled, str):
        labelled = [labelled]
    if not isinstance(labelled, list) or not all(isinstance(x, str) for x in labelled):
        raise ConfigError(sp, "'labelled' must be a file name or a list of file names")
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise ConfigError(sp, "'model' must be a path or package:NAME")
    return Codebook(path=sp, issues=issues, name=_text(data.get("name"), "codebook", "name", sp) or p.stem,
                    language=_text(data.get("language"), "codebook", "language", sp) or "de", model=model,
                    labelled=labelled, fingerprint=hashlib.sha1(raw).hexdigest()[:8],
                    scope=_scope(data.get("scope"), "codebook", sp))


def _scope(value: Any, where: str, path: str) -> Scope | None:
    """``scope``: a list of keyword patterns, or ``{keywords: [...], min_sentences: N}``."""
    if value is None:
        return None
    if isinstance(value, list):
        value = {"keywords": value}
    if not isinstance(value, dict):
        raise ConfigError(path, f"{where} scope: expected a list of keyword patterns or "
                                "{keywords: [...], min_sentences: N}")
    check_mapping(value, _SCOPE_KEYS, f"{where} scope", path)
    keywords = value.get("keywords")
    if not isinstance(keywords, list) or not keywords:
        raise ConfigError(path, f"{where} scope: 'keywords' must be a non-empty list of keyword patterns")
    patterns = []
    for k, kw in enumerate(keywords):
        if not isinstance(kw, str) or not kw.strip():
            raise ConfigError(path, f"{where} scope keywords[{k}]: expected a non-empty keyword pattern")
        patterns.append(parse_keyword(kw, f"{where} scope", path))
    least = value.get("min_sentences", 1)
    if isinstance(least, bool) or not isinstance(least, int) or least < 1:
        raise ConfigError(path, f"{where} scope: min_sentences must be a whole number ≥ 1, got {least!r}")
    return Scope(patterns, least)


def _scope_summary(scope: Scope | None) -> dict[str, Any] | None:
    return None if scope is None else {"keywords": [k.source for k in scope.keywords],
                                       "min_sentences": scope.min_sentences}


def _check_id(value: Any, where: str, path: str, seen: dict[str, str]) -> str:
    ident = _text(value, where, "id", path, required=True)
    if not _ID_RE.match(ident):
        raise ConfigError(path, f"{where}: id {ident!r} may only contain letters, digits and _ . : -")
    if ident in seen:
        raise ConfigError(path, f"{where}: id {ident!r} is already used by {seen[ident]}")
    seen[ident] = where
    return ident


def _concept(c: Any, where: str, issue_id: str, path: str, seen: dict[str, str]) -> Concept:
    check_mapping(c, _CONCEPT_KEYS, where, path)
    cid = _check_id(c.get("id"), where, path, seen)
    where = f"concept {cid!r}"
    label = _text(c.get("label"), where, "label", path, required=True)
    examples = []
    for k, e in enumerate(c.get("examples") or []):
        if isinstance(e, str):
            examples.append(Example(e.strip()))
        elif isinstance(e, dict) and isinstance(e.get("text"), str):
            agreement = e.get("agreement")
            if agreement is not None and agreement not in AGREEMENTS:
                raise ConfigError(path, f"{where} examples[{k}]: agreement {agreement!r} is not one of "
                                        + ", ".join(AGREEMENTS))
            examples.append(Example(e["text"].strip(), agreement))
        else:
            raise ConfigError(path, f"{where} examples[{k}]: expected a sentence or {{text, agreement}}")
    keywords = []
    for k, kw in enumerate(c.get("keywords") or []):
        if not isinstance(kw, str) or not kw.strip():
            raise ConfigError(path, f"{where} keywords[{k}]: expected a non-empty keyword pattern")
        keywords.append(parse_keyword(kw, where, path))
    actions = c.get("actions") or []
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise ConfigError(path, f"{where}: actions must be a list of verb lemmas")
    code = c.get("code")
    return Concept(id=cid, label=label, issue=issue_id,
                   description=_text(c.get("description"), where, "description", path), examples=examples,
                   keywords=keywords, actions=[a.lower() for a in actions],
                   code=str(code) if code is not None else None)


def codebook_summary(codebook: Codebook) -> dict[str, Any]:
    """A JSON-able overview (for `standpunkt codebook show --json` and the web app)."""
    clf = codebook.classifier()
    return {
        "name": codebook.name, "path": codebook.path, "fingerprint": codebook.fingerprint,
        "model": str(codebook.model_dir()) if clf is not None else None,
        "scope": _scope_summary(codebook.scope),
        "issues": [{"id": i.id, "label": i.label, "scope": _scope_summary(i.scope), "concepts": [
            {"id": c.id, "label": c.label, "description": c.description, "examples": len(c.examples),
             "keywords": [k.source for k in c.keywords], "actions": c.actions} for c in i.concepts]}
            for i in codebook.issues],
    }


def dumps_summary(codebook: Codebook) -> str:
    return json.dumps(codebook_summary(codebook), ensure_ascii=False, indent=2)
