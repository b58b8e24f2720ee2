-- Patients whose bone-health plan must be (re)computed. Ingest inserts in its own transaction
-- (INSERT ... ON CONFLICT DO NOTHING), so a committed write is never without its queue row; the
-- plan worker claims rows with DELETE ... FOR UPDATE SKIP LOCKED and re-plans in the same
-- transaction, so a failed run rolls back and leaves the row for the next attempt.
CREATE TABLE plan_queue (
    patient_id      VARCHAR(64)              PRIMARY KEY,
    enqueued_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- failed runs: how many, and not before when to try again (backoff), and why (no patient data)
    attempts        INTEGER                  NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    last_error      VARCHAR(500)
);

CREATE INDEX plan_queue_due ON plan_queue (next_attempt_at);
