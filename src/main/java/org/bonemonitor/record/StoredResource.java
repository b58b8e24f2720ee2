package org.bonemonitor.record;

import java.time.Instant;

/** A stored version as read back: the raw JSON (no versionId/lastUpdated inside) and its metadata. */
public record StoredResource(String type, String id, int version, Instant lastUpdated, boolean deleted, String raw) {

    public String typeAndId() {
        return type + "/" + id;
    }
}
