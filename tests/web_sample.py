"""Store content for the web tests, built in code: the example article with hand-made quotation and statement spans
(the offsets are found with str.find, so the test data follows the example text if it changes)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from standpunkt.model import Actor, Analysis, Document, Quotation, Span, Statement
import sqlalchemy as sa

from standpunkt.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "bodentruppen.txt"
TROOPS = "Bodentruppen in der Ukraine"
WAR_PARTY = "NATO als Kriegspartei"
CODEBOOK = "bodentruppen"


def span(text: str, phrase: str, after: int = 0) -> Span:
    start = text.index(phrase, after)
    return Span(start, start + len(phrase))


def example_analysis() -> Analysis:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = Document(text=text, title="Bodentruppen: Litauen und Lettland offen, Scholz lehnt ab", outlet="tagesschau",
                   published=datetime(2024, 2, 28, 9, 0, tzinfo=timezone.utc), source=str(EXAMPLE))
    landsbergis = Actor("Gabrielius Landsbergis", role="Außenminister", country="Litauen")
    anusauskas = Actor("Arvydas Anušauskas", role="Verteidigungsminister", country="Litauen")
    latvia = Actor("Lettland", kind="country", country="Lettland")
    scholz = Actor("Olaf Scholz", role="Bundeskanzler", party="SPD", country="Deutschland")
    macron = Actor("Emmanuel Macron", role="Präsident", country="Frankreich")
    scholz_quote_at = text.index("Bundeskanzler Scholz erklärte in einer Videobotschaft")
    quotes = [
        Quotation("Indirect", message=[span(text, "sei das letzte Wort mit Blick auf einen Einsatz von Bodentruppen "
                                                  "noch nicht gesprochen")],
                  cue=[span(text, "betonte")], speaker=[span(text, "der litauische Minister")],
                  speaker_name=landsbergis.name, confidence=0.91),
        Quotation("Indirect", message=[span(text, "sein Land lehne einen solchen Einsatz nicht grundsätzlich ab, "
                                                  "sofern sich westliche Soldaten nicht an direkten Kampfhandlungen "
                                                  "beteiligten")],
                  cue=[span(text, "erklärt", text.index("Anusauskas"))],
                  speaker=[span(text, "der litauische Verteidigungsminister Anusauskas")],
                  speaker_name=anusauskas.name, confidence=0.55),
        Quotation("Indirect", message=[span(text, "sollte es eine Einigung der NATO-Verbündeten geben, würde Lettland "
                                                  "eine Teilnahme in Betracht ziehen")],
                  cue=[span(text, "teilte")], speaker=[span(text, "Ein Sprecher des Außenministeriums in Riga")],
                  speaker_name="Sprecher des lettischen Außenministeriums", confidence=0.8),
        Quotation("Direct", message=[span(text, "Um es klipp und klar zu sagen: Als deutscher Bundeskanzler werde ich "
                                                "keine Soldaten unserer Bundeswehr in die Ukraine entsenden.")],
                  cue=[span(text, "erklärte", scholz_quote_at)],
                  speaker=[span(text, "Bundeskanzler Scholz", scholz_quote_at)], speaker_name=scholz.name,
                  confidence=0.97),
        Quotation("Indirect", message=[span(text, "Die NATO werde nicht zur Kriegspartei werden")],
                  cue=[span(text, "fügte")], speaker=[span(text, "Scholz", text.index("fügte"))],
                  speaker_name=scholz.name, confidence=0.9),
        Quotation("Reported", message=[span(text, "dass westliche Länder auch Bodentruppen in die Ukraine entsenden "
                                                  "könnten")],
                  cue=[span(text, "in Aussicht gestellt")], speaker=[span(text, "Frankreichs Präsident Macron")],
                  speaker_name=macron.name, confidence=0.7),
    ]
    statements = [
        Statement(landsbergis, TROOPS, "support", quotation=0, evidence=quotes[0].message, confidence=0.62),
        Statement(anusauskas, TROOPS, "conditional", quotation=1,
                  evidence=[span(text, "sein Land lehne einen solchen Einsatz nicht grundsätzlich ab")],
                  condition=[span(text, "sofern sich westliche Soldaten nicht an direkten Kampfhandlungen "
                                        "beteiligten")], confidence=0.48),
        Statement(latvia, TROOPS, "conditional", quotation=2,
                  evidence=[span(text, "würde Lettland eine Teilnahme in Betracht ziehen")],
                  condition=[span(text, "sollte es eine Einigung der NATO-Verbündeten geben")], confidence=0.74),
        Statement(scholz, TROOPS, "oppose", quotation=3,
                  evidence=[span(text, "Als deutscher Bundeskanzler werde ich keine Soldaten unserer Bundeswehr in die "
                                       "Ukraine entsenden.")], confidence=0.95),
        Statement(scholz, WAR_PARTY, "oppose", quotation=4, evidence=quotes[4].message, confidence=0.85),
        Statement(macron, TROOPS, "support", quotation=5, evidence=quotes[5].message, confidence=0.66),
    ]
    return Analysis(document=doc, quotations=quotes, statements=statements, pipeline_version="test-hand-made")


def build_store(url: str) -> Store:
    store = Store(url)
    store.save_analysis(example_analysis(), codebook=CODEBOOK)
    return store


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The app served by uvicorn in a background thread on a free port (real HTTP for API and browser tests)."""

    def __init__(self, app) -> None:  # noqa: ANN001
        import threading
        import time

        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def fill_synthetic(store: Store, n_statements: int, *, n_actors: int = 400, n_concepts: int = 30,
                   per_document: int = 20, reviewed: float = 0.01, seed: int = 7) -> None:
    """Bulk-insert ``n_statements`` synthetic statements (with their documents, actors and a share of reviews:
    accepts, edits, rejects) in a few executemany calls: ~100k statements in seconds, for load tests."""
    import random
    from datetime import date, timedelta

    from standpunkt.store import now
    from standpunkt.store import schema as t

    rng = random.Random(seed)
    agreements = ("support", "oppose", "conditional", "neutral")
    outlets = ("tagesschau", "spiegel", "zeit", "taz", "faz")
    created = now()
    with store.transaction() as conn:
        first_actor = conn.execute(t.actors.insert().values(name="synthetic-0", kind="person")).inserted_primary_key[0]
        conn.execute(t.actors.insert(), [dict(name=f"Akteur {i:04d}", kind="person", party=f"Partei {i % 7}",
                                             candidate=False) for i in range(1, n_actors)])
        actor_ids = [first_actor + i for i in range(n_actors)]
        n_docs = max(1, n_statements // per_document)
        start = date(2023, 1, 1)
        docs = []
        for i in range(n_docs):
            day = start + timedelta(days=rng.randrange(730))
            docs.append(dict(id=f"syn{i:08d}", text=f"Dokument {i}: " + "Der Minister sagte, das sei richtig. " * 8,
                             title=f"Meldung {i}", url=f"https://example.org/{i}", outlet=rng.choice(outlets),
                             published=datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc),
                             language="de", source=f"synthetic/{i}.txt", meta={}, ingested_at=created))
        for i in range(0, len(docs), 5000):
            conn.execute(t.documents.insert(), docs[i:i + 5000])
        rows = []
        for i in range(n_statements):
            doc = docs[i // per_document]
            rows.append(dict(document_id=doc["id"], quotation_id=None, actor_id=rng.choice(actor_ids),
                             concept=f"Konzept {rng.randrange(n_concepts):02d}", agreement=rng.choice(agreements),
                             condition=[], evidence=[[12, 48]], date=doc["published"].date(),
                             confidence=round(rng.random(), 3), pipeline_version="synthetic", origin="machine",
                             codebook="synthetic", meta={}, created_at=created))
            if len(rows) == 10000:
                conn.execute(t.statements.insert(), rows)
                rows = []
        if rows:
            conn.execute(t.statements.insert(), rows)
        first = conn.execute(sa.select(sa.func.min(t.statements.c.id))).scalar_one()
        reviews = []
        for sid in rng.sample(range(first, first + n_statements), int(n_statements * reviewed)):
            action = rng.choice(("accept", "edit", "reject"))
            reviews.append(dict(statement_id=sid, reviewer="synthetic", action=action, actor_id=None,
                                concept=f"Konzept {rng.randrange(n_concepts):02d}" if action == "edit" else None,
                                agreement=rng.choice(agreements) if action == "edit" else None,
                                condition=None, evidence=None, comment=None, created_at=created))
        if reviews:
            conn.execute(t.statement_reviews.insert(), reviews)


#: Selects a phrase (its ``nth`` occurrence) in the document page's text and releases the mouse, as a user's drag
#: would: the browser tests and benchmarks/bench_web_coding.py drive select-to-code with it.
SELECT_TEXT = """([phrase, nth]) => {
  const box = document.getElementById('doctext');
  const text = box.textContent;
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(phrase, start + 1);
  const end = start + phrase.length;
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let pos = 0, sNode, sOff, eNode, eOff, n;
  while ((n = walker.nextNode())) {
    const len = n.data.length;
    if (!sNode && start < pos + len) { sNode = n; sOff = start - pos; }
    if (!eNode && end <= pos + len) { eNode = n; eOff = end - pos; }
    pos += len;
  }
  const r = document.createRange(); r.setStart(sNode, sOff); r.setEnd(eNode, eOff);
  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
  box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
}"""


def select_text(page, phrase: str, nth: int = 0) -> None:
    """Select ``phrase`` in the document text as a user's mouse drag would, and release the button.

    Waits for the page's deferred scripts first: a selection made before coding.js listens is lost (a flaky CI run)."""
    page.wait_for_load_state("load")
    page.evaluate(SELECT_TEXT, [phrase, nth])
