package org.bonemonitor.record;

/** The current version of a resource, enough to decide between create, update and no-op. */
public record CurrentVersion(String type, String id, int version, boolean deleted, String contentHash, java.time.Instant lastUpdated) {
}
