-- Search columns (see SearchParameters): token parameters (code, category, identifier) in every
-- form a query names them, and each type's one date parameter as a half-open range
-- [date_low, date_high). search_indexed marks rows indexed this way; rows stored before this
-- migration are re-indexed at start-up (SearchReindex).
ALTER TABLE fhir_resource ADD COLUMN search_tokens TEXT[];
ALTER TABLE fhir_resource ADD COLUMN date_low TIMESTAMP WITH TIME ZONE;
ALTER TABLE fhir_resource ADD COLUMN date_high TIMESTAMP WITH TIME ZONE;
ALTER TABLE fhir_resource ADD COLUMN search_indexed BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX fhir_resource_search_tokens ON fhir_resource USING GIN (search_tokens) WHERE is_current AND NOT deleted;
CREATE INDEX fhir_resource_unindexed ON fhir_resource (res_type, res_id) WHERE is_current AND NOT deleted AND NOT search_indexed;
