package org.bonemonitor.record;

/**
 * Where a stored resource ({@code type/id}, our id) came from: the sender's own id for it, and the
 * server base the sender named with an absolute {@code fullUrl} ({@code null} when it sent a
 * {@code PUT Type/id} without one, i.e. the id is the sender's own).
 */
public record ResourceOrigin(String type, String id, String originId, String originBase) {
}
