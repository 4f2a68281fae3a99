"""`standpunkt learn` as a user runs it: real DebateNet claims in a store, a coder's reviews, the command on real
files; the review queue and the Learn button over HTTP. Reviewed statements must never change."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from learning_sample import CLAIMS, CODEBOOK, RULE_CONCEPT, build_store, review
from web_sample import LiveServer

pytestmark = pytest.mark.skipif(not CLAIMS.is_file(), reason=f"{CLAIMS} not present")
runner = CliRunner()


def _cli(*args: str) -> object:
    from standpunkt.cli import app

    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path, db_url):
    """40 articles, 160 rule-coded statements; the coder has reviewed the statements of the first 20 articles."""
    from standpunkt.store import Store

    cb = tmp_path / "migration.yaml"
    cb.write_text(CODEBOOK, encoding="utf-8")
    store = Store(db_url)
    gold = build_store(store, str(cb.resolve()), n_docs=40)
    docs = sorted({r["document_id"] for r in store.statements()})
    reviewed_docs = set(docs[:20])
    review(store, gold, reviewed_docs)
    yield store, cb, gold, reviewed_docs, db_url
    store.close()


def _codes(store) -> dict[int, dict]:
    return {r["id"]: r for r in store.statements(include_rejected=True)}


def test_learn_recodes_the_unreviewed_and_leaves_the_reviewed_alone(corpus) -> None:
    store, cb, gold, reviewed_docs, url = corpus
    before = _codes(store)
    unreviewed = [i for i, r in before.items() if not r["reviewed"]]
    assert len(unreviewed) == 80

    result = _cli("learn", "--codebook", str(cb), "--db", url, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])

    # a versioned artifact beside the codebook, made current
    assert report["version"] == "v0001"
    folder = cb.with_name("migration.learned") / "v0001"
    assert (folder / "classifier.json").is_file() and (folder / "arrays.npz").is_file()
    assert (cb.with_name("migration.learned") / "CURRENT").read_text().strip() == "v0001"
    trained_on = json.loads((folder / "learn.json").read_text())["trained_on"]
    assert json.loads((folder / "classifier.json").read_text())["embedding"] == "e5"  # the default encoder
    assert trained_on["reviewed"] == 80
    # self-training read the 80 unreviewed statements and kept those coded as the rule coder did (all "steuerung")
    assert trained_on["self_training_candidates"] == 80
    assert 0 < trained_on["self_trained"] < 80

    # honest feedback: grouped CV over the 80 reviewed statements of 20 articles, beside the rule coder's accuracy
    cv = report["cv"]
    assert (cv["n"], cv["documents"], cv["folds"]) == (80, 20, 5)
    assert cv["machine_concept_accuracy"] == pytest.approx(
        sum(gold[i][0] == RULE_CONCEPT for i, r in before.items() if r["reviewed"]) / 80)
    assert cv["concept_accuracy"] > cv["machine_concept_accuracy"]

    after = _codes(store)
    # reviewed statements: the machine row and the effective values are exactly as before
    for i, r in before.items():
        if r["reviewed"]:
            assert (after[i]["machine_concept"], after[i]["machine_agreement"], after[i]["confidence"]) == \
                (r["machine_concept"], r["machine_agreement"], r["confidence"])
            assert (after[i]["concept"], after[i]["agreement"]) == gold[i]
    changed = [i for i in unreviewed if (after[i]["concept"], after[i]["agreement"])
               != (before[i]["concept"], before[i]["agreement"])]
    assert report["changed"] == len(changed) > 0
    hits_before = sum(gold[i][0] == before[i]["concept"] for i in unreviewed)
    hits_after = sum(gold[i][0] == after[i]["concept"] for i in unreviewed)
    assert hits_after >= hits_before + 8, (hits_before, hits_after)  # learned something from 80 reviews

    # the re-coding was a run, listed with the others
    runs = _cli("runs", "--db", url)
    assert report["run_id"] in runs.output

    # the pipeline now codes with the learned model, and its version says so (stale analyses get redone)
    from standpunkt.pipeline import Settings
    from standpunkt.stance.codebook import load_codebook

    assert Settings(codebook=str(cb)).version.endswith(".lv0001")
    # 80 reviewed + 3 codebook examples + the self-trained ones
    assert load_codebook(cb).classifier().meta["statements"] == 83 + trained_on["self_trained"]

    # learning again: a new version, the old one kept
    result = _cli("learn", "--codebook", str(cb), "--db", url)
    assert result.exit_code == 0, result.output
    assert "model v0002" in result.output and "statements changed their code" in result.output
    assert (cb.with_name("migration.learned") / "v0001").is_dir()


def test_a_statement_reviewed_during_recoding_keeps_the_coders_values(corpus) -> None:
    from standpunkt.store.learning import apply_recodings, begin_learn, recode_candidates, recode_documents

    store, cb, gold, _, _ = corpus
    learn_id, _ = begin_learn(store, str(cb.resolve()))
    docs = recode_documents(store, str(cb.resolve()))
    first = recode_candidates(store, str(cb.resolve()), docs[:1])[docs[0]]
    target = first[0]["id"]
    store.review_statement(target, "bea", "edit", concept="aussenpolitik", agreement="oppose")  # meanwhile
    codes = [{"id": s["id"], "concept": "aufenthalt", "agreement": "neutral", "confidence": 0.9} for s in first]
    changed, written = apply_recodings(store, learn_id, codes)
    assert (changed, written) == (len(first) - 1, len(first) - 1)
    row = _codes(store)[target]
    assert (row["concept"], row["agreement"], row["machine_concept"]) == ("aussenpolitik", "oppose", RULE_CONCEPT)


def test_a_second_learn_run_is_refused_while_one_runs(corpus) -> None:
    from standpunkt.store.learning import begin_learn

    store, cb, _, _, url = corpus
    begin_learn(store, str(cb.resolve()))
    result = _cli("learn", "--codebook", str(cb), "--db", url)
    assert result.exit_code == 1
    assert "is still running" in result.output


def test_an_interrupted_recoding_is_resumed_without_redoing_finished_documents(corpus, monkeypatch) -> None:
    import standpunkt.run.recode as recode_module
    from standpunkt.commands.learn import LearnOptions, learn
    from standpunkt.store import runs as runlog

    store, cb, _, _, url = corpus
    real = recode_module.recode_document
    seen: list[str] = []

    def flaky(document, settings):  # noqa: ANN001, ANN202 - every other document fails this time
        seen.append(document.id)
        if len(seen) % 2 == 0:
            raise OSError("worker lost")
        return real(document, settings)

    monkeypatch.setattr(recode_module, "recode_document", flaky)
    report = learn(store, cb, LearnOptions())
    assert report.status == "failed" and report.failed_documents == 10 and report.recoded == 10
    monkeypatch.setattr(recode_module, "recode_document", real)

    result = _cli("learn", "--codebook", str(cb), "--db", url, "--resume", "--json")
    assert result.exit_code == 0, result.output
    resumed = json.loads(result.output.strip().splitlines()[-1])
    assert (resumed["learn_id"], resumed["run_id"], resumed["version"]) == (report.learn_id, report.run_id, "v0001")
    assert resumed["recoded"] == 10  # only the failed ones were redone
    info = runlog.get_run(store, report.run_id)
    assert info.status == "finished" and info.counts == {"done": 20}
    from standpunkt.store.learning import learn_runs

    assert learn_runs(store, str(cb.resolve()))[0]["status"] == "finished"


def test_learn_with_labelled_data_and_errors(corpus, tmp_path) -> None:
    store, cb, _, _, url = corpus
    data = tmp_path / "more.jsonl"
    data.write_text("\n".join(json.dumps({"text": t, "concept": c, "agreement": "support"}) for t, c in [
        ("Die Zahl der Flüchtlinge muss begrenzt werden", "steuerung"),
        ("Asylbewerber sollen dezentral in Wohnungen leben", "aufenthalt"),
        ("Die EU-Staaten müssen die Flüchtlinge fair verteilen", "aussenpolitik")]) + "\n", encoding="utf-8")
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--data", str(data), "--no-recode", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["trained_on"]["examples_and_data"] == 6 and report["run_id"] is None
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--no-self-train", "--no-recode", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert "self_trained" not in report["trained_on"]
    from standpunkt.stance.codebook import load_codebook

    assert load_codebook(cb).classifier().meta["statements"] == 83  # reviews and examples only
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "concept": "nope"}\n', encoding="utf-8")
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--data", str(bad))
    assert result.exit_code == 1 and "not in the codebook" in result.output
    result = _cli("learn", "--codebook", str(tmp_path / "missing.yaml"), "--db", url)
    assert result.exit_code == 1 and "codebook not found" in result.output


def test_learn_keeps_the_sentence_embedding_of_the_codebooks_model(corpus) -> None:
    """A codebook without a model learns with the default encoder (e5); `learn --embedding use` trains on USE
    vectors, and later runs without the option keep the encoder of the codebook's current model."""
    from standpunkt.commands.learn import model_embedding
    from standpunkt.stance.codebook import load_codebook
    from standpunkt.stance.embed import DEFAULT_EMBEDDING

    store, cb, _, _, url = corpus
    assert DEFAULT_EMBEDDING == "e5" and model_embedding(load_codebook(cb)) == "e5"
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--no-recode", "--embedding", "use", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["embedding"] == "use" and report["cv"]["folds"] == 5
    folder = cb.with_name("migration.learned") / "v0001"
    assert json.loads((folder / "classifier.json").read_text())["embedding"] == "use"
    assert json.loads((folder / "learn.json").read_text())["embedding"] == "use"
    assert load_codebook(cb).classifier().embedding == "use"
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--no-recode")
    assert result.exit_code == 0, result.output
    assert "sentence embedding use" in result.output
    assert json.loads((cb.with_name("migration.learned") / "v0002" / "classifier.json").read_text())[
        "embedding"] == "use"
    result = _cli("learn", "--codebook", str(cb), "--db", url, "--embedding", "bert")
    assert result.exit_code == 1 and "--embedding must be one of use, e5, not 'bert'" in result.output


@pytest.mark.parametrize("command", [["codebook", "train", "CB"], ["evaluate", "stance", "CLAIMS"]])
def test_commands_refuse_an_unknown_embedding(tmp_path: Path, command: list[str]) -> None:
    """Every command with --embedding names the known embeddings when given another, before reading anything."""
    cb = Path(__file__).resolve().parents[1] / "examples" / "codebooks" / "debatenet-mig15.yaml"
    claims = tmp_path / "claims.jsonl"
    claims.write_text("", encoding="utf-8")
    args = [{"CB": str(cb), "CLAIMS": str(claims)}.get(a, a) for a in command]
    result = _cli(*args, "--embedding", "bert")
    assert result.exit_code == 1 and "--embedding must be one of use, e5, not 'bert'" in result.output


def test_self_training_adds_only_confident_codes_the_rule_coder_shares() -> None:
    """fit_self_trained on real claims: an unreviewed statement joins the training data only with the concept the
    first model gives it, when that model is confident and the statement's first machine code says the same."""
    from learning_sample import claims_by_document
    from standpunkt.commands.learn import features
    from standpunkt.stance import learned
    from standpunkt.stance.classifier import LabelledStatement

    sample = [LabelledStatement(text=c["quote"], concept=c["concept"], issue="migration", agreement=c["agreement"])
              for claims in claims_by_document(40) for c in claims]
    train, rest = sample[:45], sample[45:]
    an, emb = features([s.text for s in train])
    r_an, r_emb = features([s.text for s in rest])
    first = [s.concept for s in rest]
    first[0] = first[1] = None  # no rule code: never added
    unreviewed = learned.Unreviewed(texts=[s.text for s in rest], analysed=r_an, emb=r_emb,
                                    groups=[f"d{i}" for i in range(len(rest))], first=first)
    alone, added = learned.fit_self_trained(train, an, emb, None)
    assert added == 0 and alone.meta["statements"] == 45
    picks = alone.predict_concepts(unreviewed.texts, analysed=r_an, emb=r_emb, groups=unreviewed.groups)
    expected = sum(c is not None and conf >= learned.SELF_TRAIN_CONFIDENCE and f == c
                   for (c, conf), f in zip(picks, first))
    clf, added = learned.fit_self_trained(train, an, emb, unreviewed)
    assert added == expected and 0 < added < len(rest) - 2
    assert clf.meta["statements"] == 45 + added
    # a rule coder that disagrees everywhere adds nothing
    unreviewed.first = ["nope"] * len(rest)
    assert learned.fit_self_trained(train, an, emb, unreviewed)[1] == 0


def test_artifacts_go_to_the_user_data_dir_when_the_codebook_folder_is_read_only(tmp_path, monkeypatch) -> None:
    from standpunkt.stance import learned as learning
    from standpunkt.stance.codebook import PACKAGE_MODELS, load_codebook

    cb = tmp_path / "migration.yaml"
    cb.write_text(CODEBOOK, encoding="utf-8")
    monkeypatch.setenv("STANDPUNKT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(learning, "_writable", lambda folder: False)
    root = learning.artifact_root(load_codebook(cb))
    assert root.parent == tmp_path / "data" / "learned" and root.name.startswith("migration-")
    shipped = load_codebook(Path(__file__).resolve().parents[1] / "examples" / "codebooks" / "debatenet-mig15.yaml")
    monkeypatch.setattr(learning, "_writable", lambda folder: True)
    assert PACKAGE_MODELS.resolve().parent not in learning.artifact_root(shipped).parents


# ---------------------------------------------------------------- the review page over HTTP
def test_review_queue_and_learn_button_over_http(corpus) -> None:
    from standpunkt.store.auth import add_user, create_token
    from standpunkt.web import create_app

    store, cb, gold, _, _ = corpus
    add_user(store, "carla", "geheim-genug-123")
    auth = {"Authorization": f"Bearer {create_token(store, 'carla')}"}
    live = LiveServer(create_app(store=store, secret_key="learn-test"))
    try:
        with httpx.Client(base_url=live.url, timeout=60) as http:
            stored = str(cb.resolve())
            state = http.get("/api/learn").json()["codebooks"]
            assert state == [{"codebook": stored, "name": "migration.yaml", "readable": True, "latest": None}]
            assert http.post("/api/learn", json={"codebook": stored}).status_code == 401
            r = http.post("/api/learn", headers=auth, json={"codebook": stored})
            assert r.status_code == 202, r.text
            busy = http.post("/api/learn", headers=auth, json={"codebook": stored})
            assert busy.status_code == 400 and "still running" in busy.json()["error"]["message"]
            deadline = time.time() + 120
            while (latest := http.get("/api/learn").json()["codebooks"][0]["latest"])["status"] == "running":
                assert time.time() < deadline, latest
                time.sleep(0.5)
            assert latest["status"] == "finished", latest
            assert latest["cv"]["folds"] == 5 and latest["changed"] > 0 and latest["started_by"] == "carla"

            queue = http.get("/api/statements", params={"review": "unreviewed", "order": "uncertainty",
                                                        "limit": 1000}).json()["items"]
            assert len(queue) == 80 and not any(s["reviewed"] for s in queue)
            ranked = [s["priority"] for s in queue if not s["explored"]]
            assert ranked == sorted(ranked, reverse=True) and ranked[0] > ranked[-1]
            assert sum(s["explored"] for s in queue) == 24  # three places in ten
            # disagreement between the rule-based and the trained coder counts: changed statements come earlier
            flagged = [s["rule_concept"] is not None and (s["rule_concept"], s["rule_agreement"])
                       != (s["concept"], s["agreement"]) for s in queue]
            assert sum(flagged[:40]) > sum(flagged[40:])
            by_date = http.get("/api/statements", params={"review": "unreviewed", "limit": 1000}).json()["items"]
            assert sorted(s["id"] for s in by_date) == sorted(s["id"] for s in queue)
            assert [s["id"] for s in by_date] != [s["id"] for s in queue]
            assert all(s["priority"] is None for s in by_date)
            bad = http.get("/api/statements", params={"order": "loudest"})
            assert bad.status_code == 400 and "order" in bad.json()["error"]["message"]

            page = http.get("/statements", params={"review": "unreviewed", "order": "uncertainty"}).text
            assert "uncertainty first" in page and "statements changed their code" in page
            assert f'<span class="changed">{latest["changed"]}</span>' in page
            assert latest["trained_on"]["self_trained"] > 0
            assert f'{latest["trained_on"]["self_trained"]} self-trained</span>' in page
            assert latest["embedding"] == "e5" and '<span class="embedding">e5</span>' in page
            assert 'action="/learn"' not in page  # the button is for logged-in coders
            login = http.get("/login")
            token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
            r = http.post("/login", data={"name": "carla", "password": "geheim-genug-123", "csrf_token": token},
                          follow_redirects=False)
            assert r.status_code == 303
            page = http.get("/statements").text
            assert 'action="/learn"' in page
            form = page.split('action="/learn"')[1]
            token = form.split('name="csrf_token" value="')[1].split('"')[0]
            r = http.post("/learn", data={"codebook": stored, "csrf_token": "wrong", "next": "/statements"},
                          follow_redirects=False)
            assert r.status_code == 403
            r = http.post("/learn", data={"codebook": stored, "csrf_token": token, "next": "/statements"},
                          follow_redirects=False)
            assert r.status_code == 303
            deadline = time.time() + 120
            while http.get("/api/learn").json()["codebooks"][0]["latest"]["status"] == "running":
                assert time.time() < deadline
                time.sleep(0.5)
            assert http.get("/api/learn").json()["codebooks"][0]["latest"]["version"] == "v0002"
    finally:
        live.stop()


def test_queue_order_spreads_over_concepts_and_explores(monkeypatch):
    from standpunkt.commands import learn as learning

    monkeypatch.setattr(learning, "RANDOM_START", 0)

    # concept "a" has the ten most uncertain candidates; "b" and "c" less uncertain ones
    base = [0.9 - 0.01 * k for k in range(10)] + [0.5, 0.45, 0.4] + [0.3]
    concepts = ["a"] * 10 + ["b"] * 3 + ["c"]
    order = learning.queue_order(base, concepts, {"a": 0, "b": 0, "c": 0}, explore=list(range(13, -1, -1)))
    assert sorted(i for i, _, _ in order) == list(range(14))  # every candidate once
    assert [place for place, (_, _, e) in enumerate(order) if e] == [3, 6, 9, 13]  # three places in ten
    explored = [i for i, _, e in order if e]
    taken_before = {i for i, _, _ in order[:3]}
    assert explored[0] == next(i for i in range(13, -1, -1) if i not in taken_before)  # the explore order's next
    assert explored == sorted(explored, reverse=True)
    ranked = [p for _, p, e in order if not e]
    assert ranked == sorted(ranked, reverse=True)
    # rarity: the head spreads over the concepts although "a" holds the ten most uncertain candidates
    assert [concepts[i] for i, _, _ in order[:3]] == ["a", "b", "c"]
    # reviewed statements count: a concept with many reviews waits
    later = learning.queue_order(base, concepts, {"a": 400}, explore=[])
    assert concepts[later[0][0]] in {"b", "c"}


def test_queue_order_draws_at_random_until_enough_statements_are_reviewed(monkeypatch):
    """Before RANDOM_START reviews the places follow the random draw; the reviews already made count."""
    from standpunkt.commands import learn as learning

    monkeypatch.setattr(learning, "RANDOM_START", 4)
    monkeypatch.setattr(learning, "EXPLORATION_SHARE", 0.0)
    base = [0.1 * k for k in range(10)]  # the last candidate is the most uncertain
    concepts = ["a"] * 10
    draw = [3, 0, 7, 1, 9, 2, 4, 5, 6, 8]
    order = learning.queue_order(base, concepts, {}, explore=draw)
    assert [i for i, _, _ in order[:4]] == [3, 0, 7, 1] and all(e for _, _, e in order[:4])
    assert [i for i, _, _ in order[4:]] == [9, 8, 6, 5, 4, 2] and not any(e for _, _, e in order[4:])
    # three reviews made: one random place left
    order = learning.queue_order(base, concepts, {"a": 2, "b": 1}, explore=draw)
    assert [(i, e) for i, _, e in order[:2]] == [(3, True), (9, False)]
    # enough reviews: the queue ranks from the first place
    order = learning.queue_order(base, concepts, {"a": 4}, explore=draw)
    assert order[0][0] == 9 and not order[0][2]


def test_queue_order_counts_rarity_per_issue_and_concept():
    from standpunkt.commands import learn as learning

    share = learning.EXPLORATION_SHARE
    learning.EXPLORATION_SHARE = 0.0
    try:
        # a1 and a2 belong to issue A, b1 to issue B; a2's candidates are the most uncertain after a1's
        base = [0.9, 0.8, 0.1]
        concepts = ["a1", "a2", "b1"]
        alone = learning.queue_order(base, concepts, {}, explore=[])
        by_issue = learning.queue_order(base, concepts, {}, explore=[], issue_of={"a1": "A", "a2": "A", "b1": "B"})
        # each concept its own issue: a2 is as rare as b1 and more uncertain; with issues, a1's place made A less rare
        assert [concepts[i] for i, _, _ in alone] == ["a1", "a2", "b1"]
        assert [concepts[i] for i, _, _ in by_issue] == ["a1", "b1", "a2"]
        ranked = [p for _, p, _ in by_issue]
        assert ranked == sorted(ranked, reverse=True)
        # reviewed statements count for their issue: A has many, so B's candidate comes first
        reviewed = learning.queue_order(base, concepts, {"a1": 50}, explore=[], issue_of={"a1": "A", "a2": "A"})
        assert concepts[reviewed[0][0]] == "b1"
    finally:
        learning.EXPLORATION_SHARE = share


def test_order_queue_counts_per_issue_of_the_stored_codebook(corpus) -> None:
    from standpunkt.commands.learn import order_queue
    from standpunkt.store.codebooks import shared_codebooks, store_codebook_view

    store, cb, _, _, _ = corpus
    stored = str(cb.resolve())
    issue_of = store_codebook_view(store, shared_codebooks).issue_of()
    assert issue_of == {c: f"{stored}/migration" for c in ("steuerung", "aufenthalt", "aussenpolitik")}
    rows = store.statements(unreviewed_only=True)
    queue = order_queue(store, rows)
    assert [r["id"] for r in queue] == [r["id"] for r in order_queue(store, rows, issue_of)]
    assert {r["id"] for r in queue} == {r["id"] for r in rows}


def test_queue_order_without_exploration_is_greedy(monkeypatch):
    from standpunkt.commands import learn as learning

    monkeypatch.setattr(learning, "RANDOM_START", 0)

    share = learning.EXPLORATION_SHARE
    learning.EXPLORATION_SHARE = 0.0
    try:
        order = learning.queue_order([0.1, 0.9, 0.5], ["x", "x", "x"], {}, explore=[0, 1, 2])
    finally:
        learning.EXPLORATION_SHARE = share
    assert [i for i, _, _ in order] == [1, 2, 0] and not any(e for _, _, e in order)


def test_explore_order_depends_only_on_ids():
    from standpunkt.commands.learn import explore_order

    ids = [5, 17, 3, 99, 42]
    first = explore_order(ids)
    assert sorted(first) == list(range(5))
    rev = list(reversed(ids))
    assert [rev[i] for i in explore_order(rev)] == [ids[i] for i in first]  # the same ids come in the same order
