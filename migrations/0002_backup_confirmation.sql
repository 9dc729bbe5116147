-- Backup confirmation (contract, "v1 additions"): an outcome for back-up-iphone may carry
-- `confirmed: true`, the person's explicit word that the backup finished. Only that (or
-- settings.backupConfirmed) unlocks the DFU restore, so the history keeps it. NULL: not said.
ALTER TABLE session_steps ADD COLUMN confirmed INTEGER;
