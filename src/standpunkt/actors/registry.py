"""The actor registry: canonical actors, their aliases and their roles over time, in a file users edit.

Two formats, both validated with one-line errors (:class:`standpunkt.errors.ConfigError`):

- YAML: ``actors:`` a list of ``{name, kind, aliases, party, country, organisation, media, roles: [{office,
  organisation, country, party, from, to}]}``;
- CSV: one row per role (``name,kind,aliases,party,country,organisation,office,role_organisation,role_country,from,
  to[,media]``; aliases separated by ``|``); rows with the same name are merged into one actor.

``media: true`` marks a news agency or outlet ("dpa", "Deutsche Welle"): it is a source that reports positions, so
quotations attributed to it stay quotations but are not coded as its statements.

Roles carry dates so that a role-only mention ("der Bundeskanzler") resolves to whoever held the office on the
article's date, and so that statements are attributed to the affiliation the actor had then.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from standpunkt.errors import ConfigError, check_mapping
from standpunkt.model import ACTOR_KINDS, Actor

STARTER_REGISTRY = Path(__file__).parent / "data" / "registry.yaml"

#: Levels at which statements can be aggregated for analysis (see :meth:`Registry.aggregate`).
AGGREGATION_LEVELS: tuple[str, ...] = ("person", "organisation", "party", "country")

_ACTOR_KEYS = {"name", "kind", "aliases", "party", "country", "organisation", "roles", "note", "media"}
_ROLE_KEYS = {"office", "organisation", "country", "party", "from", "to", "note"}
_CSV_COLUMNS = ("name", "kind", "aliases", "party", "country", "organisation", "office", "role_organisation",
                "role_country", "from", "to", "media")


def normalise(text: str) -> str:
    """Key for alias look-ups: case-folded, without diacritics, single spaces ("Anušauskas" == "Anusauskas")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("-", " ").split())


#: Titles and forms of address that stand before a surname like a first name ("Dr. Merkel", "Frau Merkel").
_TITLES = frozenset("dr prof sir lord lady dame frau herr mr mrs ms mme monsieur madame".split())


def _given_name_fits(given: str, actor: "RegistryActor") -> bool:
    """Whether the (normalised) word before a surname can be one of ``actor``'s given names: the same word, an
    initial of one, or a spelling of it ("Wladimir"/"Vladimir", "Olexandr"/"Oleksandr"). "Louis Michel" is not
    Charles Michel, "Jeb Bush" not George W. Bush: a surname match alone would merge them silently."""
    from difflib import SequenceMatcher

    given = given.rstrip(".")
    if len(given) < 2 or given in _TITLES or not given.isalpha():
        return True  # an initial ("G. Bush") or a title: decides nothing
    own = [w.rstrip(".") for name in actor.names() for w in normalise(name).split()[:-1]]
    if not own:
        return True  # the registry knows no given name ("Lula")
    return any(w == given or SequenceMatcher(None, w, given).ratio() >= 0.75 for w in own)


@dataclass(frozen=True)
class Role:
    """An office or affiliation held over a period (open ends mean "since"/"until now")."""

    office: str | None = None
    organisation: str | None = None
    country: str | None = None
    party: str | None = None
    start: date | None = None
    end: date | None = None

    def active(self, when: date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class RegistryActor:
    """One canonical actor of the registry."""

    name: str
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    party: str | None = None
    country: str | None = None
    organisation: str | None = None
    roles: list[Role] = field(default_factory=list)
    #: a news agency or outlet: a source that reports positions, never an actor holding one
    media: bool = False

    def role_at(self, when: date | None) -> Role | None:
        """The role active on ``when`` (the most recently started one), else None. Without a date there is no
        role: an undated document must not get the role its speaker holds today."""
        if when is None:
            return None
        active = [r for r in self.roles if r.active(when)]
        if not active:
            return None
        return max(active, key=lambda r: r.start or date.min)

    def to_actor(self, when: date | None = None, stated_role: str | None = None) -> Actor:
        """The model's :class:`Actor` with the affiliation held on ``when`` — or, when the text states a role
        (``stated_role``: "der französische Außenminister X"), that role, which wins over the registry: with the
        affiliation of the registry's role of that office if it lists one, else with the actor's own."""
        role = self.role_at(when)
        if stated_role is not None and (role is None or normalise(role.office or "") != normalise(stated_role)):
            role = max((r for r in self.roles if r.office and normalise(r.office) == normalise(stated_role)),
                       key=lambda r: r.start or date.min, default=None) or Role(office=stated_role)
        return Actor(
            name=self.name, kind=self.kind,
            role=role.office if role else None,
            organisation=(role.organisation if role and role.organisation else self.organisation),
            party=(role.party if role and role.party else self.party),
            country=(role.country if role and role.country else self.country),
            aliases=list(self.aliases), candidate=False)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Registry:
    """Canonical actors with look-ups by alias, by surname and by office on a date."""

    def __init__(self, actors: Iterable[RegistryActor], source: str = "<memory>"):
        self.source = source
        self.actors: list[RegistryActor] = list(actors)
        self._by_alias: dict[str, list[RegistryActor]] = {}
        self._by_surname: dict[str, list[RegistryActor]] = {}
        for actor in self.actors:
            for alias in actor.names():
                self._by_alias.setdefault(normalise(alias), []).append(actor)
            if actor.kind == "person":
                surname = normalise(actor.name).split()[-1]
                self._by_surname.setdefault(surname, []).append(actor)

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, name: str) -> RegistryActor | None:
        """Exact canonical name or alias (normalised)."""
        hits = self._by_alias.get(normalise(name), [])
        return hits[0] if len(hits) == 1 else None

    def is_media(self, name: str) -> bool:
        """Whether ``name`` is a news agency or outlet of the registry (``media: true``)."""
        actor = self.get(name)
        return actor is not None and actor.media

    def lookup(self, mention: str, when: date | None = None) -> RegistryActor | None:
        """Resolve a name mention: alias, then surname-only; ambiguity is broken by who held a role on ``when``.

        Returns None when nothing or more than one actor fits, so that a wrong merge never happens silently.
        """
        key = normalise(mention)
        if not key:
            return None
        words = key.split()
        surname = [a for a in self._by_surname.get(words[-1], [])
                   if len(words) < 2 or _given_name_fits(words[-2], a)]
        for candidates in (self._by_alias.get(key), surname):
            if not candidates:
                continue
            if len(candidates) == 1:
                return candidates[0]
            active = [a for a in candidates if a.role_at(when) is not None]
            if len(active) == 1:
                return active[0]
            return None
        # Genitive / possessive ("Macrons", "Scholz'"): retry without the ending.
        for ending in ("s", "'", "’"):
            if key.endswith(ending) and len(key) > 3:
                return self.lookup(key[: -len(ending)], when)
        return None

    def by_office(self, office: str, when: date | None, country: str | None = None,
                  organisation: str | None = None) -> RegistryActor | None:
        """Who held ``office`` (in ``country``, of ``organisation``, if given) on ``when``; None when nobody or several
        did (two party co-chairs), and without a date: "der amerikanische Präsident" of an undated article is not
        whoever holds the office today."""
        if when is None:
            return None
        key = normalise(office)
        holders = [a for a in self.actors for r in a.roles
                   if r.office and normalise(r.office) == key and r.active(when)
                   and (country is None or (r.country or a.country) == country)
                   and (organisation is None or r.organisation == organisation)]
        unique = {id(a): a for a in holders}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def aggregate(self, actor: dict[str, Any] | Actor, level: str) -> str:
        """The name a statement's actor is counted under at ``level`` (person, organisation, party, country).

        Falls back to the actor's own name when it has no affiliation at that level, so nothing is dropped.
        """
        if level not in AGGREGATION_LEVELS:
            raise ValueError(f"unknown aggregation level {level!r}; choose one of {', '.join(AGGREGATION_LEVELS)}")
        get = (lambda k: actor.get(k)) if isinstance(actor, dict) else (lambda k: getattr(actor, k))
        name = get("actor") if isinstance(actor, dict) else actor.name
        if level == "person":
            return name
        value = get(level)
        if level == "organisation" and not value:
            value = get("party")
        return value or name


# ------------------------------------------------------------------------------------------------- loading
def load_registry(path: str | Path | None = None) -> Registry:
    """Read a registry file (YAML or CSV); ``None`` → the shipped starter registry."""
    target = Path(path) if path else STARTER_REGISTRY
    if not target.is_file():
        raise ConfigError(str(target), "actor registry not found")
    suffix = target.suffix.lower()
    if suffix in (".yaml", ".yml"):
        actors = _from_yaml(target)
    elif suffix == ".csv":
        actors = _from_csv(target)
    else:
        raise ConfigError(str(target), "actor registry must be a .yaml/.yml or .csv file")
    seen: dict[str, int] = {}
    for i, actor in enumerate(actors):
        if actor.name in seen:
            raise ConfigError(str(target), f"actor {actor.name!r} is listed twice (entries {seen[actor.name] + 1} "
                                           f"and {i + 1})")
        seen[actor.name] = i
    return Registry(actors, source=str(target))


def _parse_date(value: Any, where: str, path: Path) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(str(path), f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _opt_str(value: Any, where: str, key: str, path: Path) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int, float)):
        raise ConfigError(str(path), f"{where}: {key} must be text")
    return str(value).strip() or None


def _check_actor(name: str, kind: str, where: str, path: Path) -> None:
    if not name:
        raise ConfigError(str(path), f"{where}: missing name")
    if kind not in ACTOR_KINDS:
        raise ConfigError(str(path), f"{where}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")


def _plain_loader() -> Any:
    """A safe YAML loader that leaves dates as text, so a bad date is our clear error, not a YAML traceback."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _from_yaml(path: Path) -> list[RegistryActor]:
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_plain_loader())  # noqa: S506 - safe subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(str(path), f"not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text") from None
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ConfigError(str(path), "expected a mapping with a list under 'actors'")
    actors = []
    for i, item in enumerate(data["actors"]):
        where = f"actors[{i}]"
        check_mapping(item, _ACTOR_KEYS, where, str(path))
        name = _opt_str(item.get("name"), where, "name", path) or ""
        where = f"actors[{i}] ({name})" if name else where
        kind = str(item.get("kind") or "person")
        _check_actor(name, kind, where, path)
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
            raise ConfigError(str(path), f"{where}: aliases must be a list of names")
        roles = []
        for j, r in enumerate(item.get("roles") or []):
            rw = f"{where} roles[{j}]"
            check_mapping(r, _ROLE_KEYS, rw, str(path))
            role = Role(office=_opt_str(r.get("office"), rw, "office", path),
                        organisation=_opt_str(r.get("organisation"), rw, "organisation", path),
                        country=_opt_str(r.get("country"), rw, "country", path),
                        party=_opt_str(r.get("party"), rw, "party", path),
                        start=_parse_date(r.get("from"), rw, path), end=_parse_date(r.get("to"), rw, path))
            if role.start and role.end and role.end < role.start:
                raise ConfigError(str(path), f"{rw}: 'to' ({role.end}) is before 'from' ({role.start})")
            roles.append(role)
        actors.append(RegistryActor(
            name=name, kind=kind, aliases=[str(a).strip() for a in aliases if str(a).strip()],
            party=_opt_str(item.get("party"), where, "party", path),
            country=_opt_str(item.get("country"), where, "country", path),
            organisation=_opt_str(item.get("organisation"), where, "organisation", path), roles=roles,
            media=_flag(item.get("media"), where, path)))
    return actors


def _flag(value: Any, where: str, path: Path) -> bool:
    """A yes/no field: YAML booleans, or true/false/yes/no/1/0 (and empty = no) in CSV."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0", ""):
        return False
    raise ConfigError(str(path), f"{where}: media must be true or false, got {value!r}")


def _from_csv(path: Path) -> list[RegistryActor]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = {"name"} - set(header)
            if missing:
                raise ConfigError(str(path), "CSV registry needs a 'name' column; columns are "
                                             + ", ".join(_CSV_COLUMNS))
            unknown = set(header) - set(_CSV_COLUMNS)
            if unknown:
                raise ConfigError(str(path), f"unknown column(s) {', '.join(sorted(unknown))}")
            rows = list(reader)
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text") from None
    except csv.Error as exc:
        raise ConfigError(str(path), f"not valid CSV: {exc}") from None
    merged: dict[str, RegistryActor] = {}
    for i, row in enumerate(rows, start=2):
        where = f"line {i}"
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip() or "person"
        _check_actor(name, kind, where, path)
        actor = merged.get(name)
        if actor is None:
            actor = merged[name] = RegistryActor(name=name, kind=kind)
        elif kind != actor.kind and row.get("kind"):
            raise ConfigError(str(path), f"{where}: {name!r} has kind {kind!r} here but {actor.kind!r} above")
        for alias in (row.get("aliases") or "").split("|"):
            if alias.strip() and alias.strip() not in actor.aliases:
                actor.aliases.append(alias.strip())
        for key in ("party", "country", "organisation"):
            value = (row.get(key) or "").strip()
            if value:
                setattr(actor, key, value)
        actor.media = actor.media or _flag(row.get("media"), where, path)
        role = Role(office=(row.get("office") or "").strip() or None,
                    organisation=(row.get("role_organisation") or "").strip() or None,
                    country=(row.get("role_country") or "").strip() or None,
                    start=_parse_date(row.get("from"), where, path), end=_parse_date(row.get("to"), where, path))
        if role.start and role.end and role.end < role.start:
            raise ConfigError(str(path), f"{where}: 'to' ({role.end}) is before 'from' ({role.start})")
        if role.office or role.organisation:
            actor.roles.append(role)
    return list(merged.values())


def with_role(actor: Actor, **changes: Any) -> Actor:
    """A copy of ``actor`` with some fields changed (Actor is a plain dataclass; keep the original intact)."""
    return replace(actor, **changes)
