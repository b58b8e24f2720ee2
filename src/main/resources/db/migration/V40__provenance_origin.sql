-- Where a stored resource came from, so that write-back can reference it in a way the EHR resolves
-- (docs/writeback.md, "References to the patient's record"). One row per resource whose sender
-- told us its own id: origin_id is the id of a PUT Type/id or of an absolute fullUrl, origin_base
-- the server base of that absolute fullUrl (NULL: PUT by id with no absolute fullUrl, i.e. the
-- sender's own id). No row: it came as a POST with a urn:uuid or no fullUrl, and only we know its id.
CREATE TABLE resource_origin (
    res_type    VARCHAR(64)   NOT NULL,
    res_id      VARCHAR(64)   NOT NULL,
    origin_id   VARCHAR(64)   NOT NULL,
    origin_base VARCHAR(1024),
    PRIMARY KEY (res_type, res_id)
);
