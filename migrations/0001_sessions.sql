-- Guided-repair sessions (contract: "Sessions"). Privacy: no column ever holds a recipient's
-- number or email; `diagnostics` is stored with symptom.recipient removed, and findings and
-- answers are phrased without it. Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,           -- 128 random bits, base64url
  step        INTEGER NOT NULL,           -- the step the user is on: recorded outcomes + 1
  diagnostics TEXT NOT NULL,              -- JSON: the latest diagnostics, without recipient and tried
  findings    TEXT NOT NULL,              -- JSON: the latest diagnosis's findings
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,           -- last recorded outcome (or creation)
  expires_at  INTEGER NOT NULL            -- 30 days after the last use
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- One row per recorded outcome; the history is the engine's `tried` list.
CREATE TABLE session_steps (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  step       INTEGER NOT NULL,
  fix        TEXT NOT NULL,
  outcome    TEXT NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (session_id, step)
);

-- Idempotency-Key → the answer given, so a retry answers the same and changes nothing.
CREATE TABLE session_idempotency (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  fix        TEXT NOT NULL,              -- what the key was used for: reusing it for another outcome is refused
  outcome    TEXT NOT NULL,
  answer     TEXT NOT NULL,              -- JSON response body
  created_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, key)
);
