-- choragen history, schema version 1 (SQLite).
-- Keep in step with ../../postgres/migrations/0001_init.sql: same tables,
-- same columns, same meaning; only the types differ.

-- Marks the file as choragen's ("chor"), so that a foreign file is told apart.
PRAGMA application_id = 1667788658;

CREATE TABLE schema_version (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL
);

-- One row per run. AUTOINCREMENT: ids are never reused, so "newest" is the
-- highest id even after runs are deleted.
CREATE TABLE runs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	module      TEXT NOT NULL,
	commit_hash TEXT NOT NULL,
	branch      TEXT NOT NULL,
	dirty       BOOLEAN NOT NULL,
	ran_at      TIMESTAMP NOT NULL,
	go_version  TEXT NOT NULL,
	goos        TEXT NOT NULL,
	goarch      TEXT NOT NULL,
	cpu         TEXT NOT NULL,
	gomaxprocs  INTEGER NOT NULL,
	command     TEXT NOT NULL,
	score       REAL,
	baseline_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
	report      TEXT
);
CREATE INDEX runs_by_branch ON runs (module, branch, id);

-- One row per benchmark and unit of a run: its summary, and its comparison
-- with the run's baseline. seq is the position in the run.
CREATE TABLE benchmarks (
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	package    TEXT NOT NULL,
	name       TEXT NOT NULL,
	unit       TEXT NOT NULL,
	center     REAL NOT NULL,
	lo         REAL NOT NULL,
	hi         REAL NOT NULL,
	n          INTEGER NOT NULL,
	change     REAL,
	p_value    REAL,
	regression BOOLEAN NOT NULL,
	PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX benchmarks_by_series ON benchmarks (package, name, unit, run_id);

-- Every sample: rep is the repetition index (warm-up excluded).
CREATE TABLE samples (
	run_id INTEGER NOT NULL,
	seq    INTEGER NOT NULL,
	rep    INTEGER NOT NULL,
	value  REAL NOT NULL,
	PRIMARY KEY (run_id, seq, rep),
	FOREIGN KEY (run_id, seq) REFERENCES benchmarks (run_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE attachments (
	run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB NOT NULL,
	PRIMARY KEY (run_id, name)
);

-- A pin makes a run the baseline of a branch, overriding the rule.
CREATE TABLE baseline_pins (
	module    TEXT NOT NULL,
	branch    TEXT NOT NULL,
	run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
	pinned_at TIMESTAMP NOT NULL,
	PRIMARY KEY (module, branch)
);
CREATE INDEX baseline_pins_by_run ON baseline_pins (run_id);
