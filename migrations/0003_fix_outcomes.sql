-- What worked for people like you (issue 13): per symptom kind, scope and platform, per fix, how
-- many people tried it (answered fixed or not fixed) and how many it fixed. Counts only: no session
-- id, no time, nothing about a person. It outlives the 30-day session expiry on purpose.
CREATE TABLE fix_outcomes (
  symptom  TEXT NOT NULL,
  scope    TEXT NOT NULL,              -- everyone | one_contact
  platform TEXT NOT NULL,              -- iOS | iPadOS | macOS (the device the fix was for)
  fix      TEXT NOT NULL,
  people   INTEGER NOT NULL DEFAULT 0,
  fixed    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (symptom, scope, platform, fix)
);
