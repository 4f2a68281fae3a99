"""The store's tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create and evolve them.

Design rules: the machine's output is never overwritten by people — reviews live in ``statement_reviews`` as an
audit trail; a document's analysis is replaced as a whole, in one transaction, when its pipeline version changes.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # content hash of text
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.String(200), index=True),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.DateTime(timezone=True), index=True),
    sa.Column("language", sa.String(16)),
    sa.Column("source", sa.Text),
    sa.Column("meta", sa.JSON),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("pipeline_version", sa.String(100), nullable=False),
    sa.Column("n_tokens", sa.Integer, nullable=False, server_default="0"),
    sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
)

quotations = sa.Table(
    "quotations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("idx", sa.Integer, nullable=False),  # position in the document's analysis
    sa.Column("form", sa.String(40), nullable=False),
    sa.Column("medium", sa.String(20)),
    sa.Column("message", sa.JSON, nullable=False),  # [[start, end], ...]
    sa.Column("cue", sa.JSON),
    sa.Column("speaker", sa.JSON),
    sa.Column("addressee", sa.JSON),
    sa.Column("frame", sa.JSON),
    sa.Column("speaker_name", sa.Text),
    sa.Column("confidence", sa.Float),
    sa.Column("pipeline_version", sa.String(100)),
    # the speaker's resolved actor (migration 0004; NULL: not identified, or stored before 0004)
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    sa.UniqueConstraint("document_id", "idx", name="uq_quotation_doc_idx"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(300), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False, server_default="person"),
    sa.Column("role", sa.Text),
    sa.Column("organisation", sa.Text),
    sa.Column("party", sa.Text),
    sa.Column("country", sa.Text),
    sa.Column("aliases", sa.JSON),
    sa.Column("candidate", sa.Boolean, nullable=False, server_default=sa.false()),  # inferred, awaiting review
    sa.Column("colour", sa.String(20)),  # display colour chosen by an analyst (#rrggbb)
)

actor_edits = sa.Table(  # the audit trail of the actor manager: attribute edits and merges
    "actor_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor_id", sa.Integer, index=True),  # no foreign key: a merged actor is gone, its log stays
    sa.Column("actor_name", sa.String(300), nullable=False),
    sa.Column("editor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # edit / merge
    sa.Column("changes", sa.JSON),  # edit: {field: [old, new]}; merge: {"into": name, "into_id": id, ...}
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    sa.Column("quotation_id", sa.Integer, sa.ForeignKey("quotations.id", ondelete="SET NULL")),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("concept", sa.String(300), nullable=False, index=True),
    sa.Column("agreement", sa.String(20), nullable=False),  # support / oppose / conditional / neutral
    sa.Column("condition", sa.JSON),  # [[start, end], ...]
    sa.Column("evidence", sa.JSON),
    sa.Column("date", sa.Date, index=True),
    sa.Column("confidence", sa.Float),
    sa.Column("pipeline_version", sa.String(100)),
    sa.Column("origin", sa.String(20), nullable=False, server_default="machine"),  # machine / import / manual
    sa.Column("codebook", sa.String(200)),
    sa.Column("meta", sa.JSON),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # the action of the statement's newest review (accept / edit / reject; NULL: never reviewed), kept by triggers on
    # statement_reviews in the writing transaction (migration 0006): the review filters are conditions on the row
    sa.Column("review_state", sa.String(20)),
)
# counts by review state and machine confidence from the index alone (migration 0006)
sa.Index("ix_statements_review_state", statements.c.review_state, statements.c.confidence, statements.c.origin)
# the (date, id) order of listing and paging as one index (migration 0005); SQLite's date index already ends with
# the rowid, so only PostgreSQL has it
sa.Index("ix_statements_date_id", statements.c.date, statements.c.id).ddl_if(dialect="postgresql")

statement_reviews = sa.Table(
    "statement_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("reviewer", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # accept / edit / reject
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id")),
    sa.Column("concept", sa.String(300)),
    sa.Column("agreement", sa.String(20)),
    sa.Column("condition", sa.JSON),
    sa.Column("evidence", sa.JSON),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("pipeline_version", sa.String(100), nullable=False),
    sa.Column("executor", sa.String(20)),
    sa.Column("inputs", sa.JSON),
    sa.Column("status", sa.String(20), nullable=False),  # running / finished / failed
    sa.Column("stats", sa.JSON),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

run_items = sa.Table(
    "run_items",
    metadata,
    sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_key", sa.String(700), primary_key=True),  # source path (+ "#member")
    sa.Column("document_id", sa.String(64)),
    sa.Column("status", sa.String(20), nullable=False),  # done / failed / skipped
    sa.Column("error", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(20), nullable=False, server_default="coder"),  # admin / coder / viewer
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_hash", sa.String(128), nullable=False, unique=True),
    sa.Column("label", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# Issue 18: learning from the coders. Additive: the tables above are unchanged.
learn_runs = sa.Table(
    "learn_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("codebook", sa.String(200), nullable=False, index=True),  # as stored with the statements (a path)
    sa.Column("model_version", sa.String(100)),  # the artifact's version, e.g. "v0003"
    sa.Column("model_dir", sa.Text),
    sa.Column("status", sa.String(20), nullable=False),  # running / finished / failed
    sa.Column("snapshot_review_id", sa.Integer),  # reviews up to this id were learned from
    sa.Column("run_id", sa.String(64)),  # the re-coding run (resumable like any run)
    sa.Column("started_by", sa.String(100)),
    sa.Column("stats", sa.JSON),  # training counts, cross-validated accuracy, changed codes
    sa.Column("error", sa.Text),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

statement_recodings = sa.Table(
    "statement_recodings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("learn_id", sa.Integer, sa.ForeignKey("learn_runs.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("old_concept", sa.String(300)),
    sa.Column("old_agreement", sa.String(20)),
    sa.Column("old_confidence", sa.Float),
    sa.Column("concept", sa.String(300)),
    sa.Column("agreement", sa.String(20)),
    sa.Column("confidence", sa.Float),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
