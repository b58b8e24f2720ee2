package org.bonemonitor.record;

import java.util.List;
import java.util.Optional;

/** What write-back needs to reference a stored resource in the EHR: its origin and business identifiers. */
public record SourceRecord(String type, String id, Optional<ResourceOrigin> origin, List<String> identifierTokens) {
}
