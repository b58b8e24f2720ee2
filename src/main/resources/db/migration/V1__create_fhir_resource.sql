-- Every FHIR resource the service holds, received or generated, one row per version.
-- raw keeps the resource exactly as stored (JSON, with meta.versionId/lastUpdated), so a read
-- needs no re-encoding; the typed columns are what the rules and searches select on.
-- content_hash (SHA-256 of raw) is kept for resources written by PUT, whose unchanged re-PUT is a no-op.
CREATE TABLE fhir_resource (
    res_type        VARCHAR(64)              NOT NULL,
    res_id          VARCHAR(64)              NOT NULL,
    version         INTEGER                  NOT NULL,
    is_current      BOOLEAN                  NOT NULL,
    deleted         BOOLEAN                  NOT NULL DEFAULT FALSE,
    last_updated    TIMESTAMP WITH TIME ZONE NOT NULL,
    patient_id      VARCHAR(64),
    status          VARCHAR(64),
    codes           TEXT[],
    identifiers     TEXT[],
    effective_start DATE,
    effective_end   DATE,
    value_num       NUMERIC,
    value_unit      VARCHAR(64),
    content_hash    VARCHAR(64),
    raw             TEXT                     NOT NULL,
    PRIMARY KEY (res_type, res_id, version)
);

-- The primary key finds a resource's current row (few versions each) and makes two concurrent
-- writers of the same next version collide (→ 409), so no second unique index is needed.
CREATE INDEX fhir_resource_patient ON fhir_resource (patient_id, res_type) WHERE is_current AND NOT deleted;
CREATE INDEX fhir_resource_identifier ON fhir_resource USING GIN (identifiers) WHERE is_current AND NOT deleted;
