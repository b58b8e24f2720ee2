package org.bonemonitor.writeback;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Test profiles: write-back enabled against an in-test EHR, one per auth mode. */
public final class WritebackProfiles {

    private WritebackProfiles() {
    }

    /** SMART Backend Services, RS384 key given inline as PEM, token endpoint from .well-known. */
    public static class SmartRs384 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeEhrResource.class, Map.of("auth", "smart-rs384")));
        }
    }

    /** SMART Backend Services, ES384 key as a JWK file, token endpoint configured. */
    public static class SmartEs384 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeEhrResource.class, Map.of("auth", "smart-es384")));
        }
    }

    /** A static bearer token. */
    public static class Bearer implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeEhrResource.class, Map.of("auth", "bearer")));
        }
    }

    /** No Authorization header, and plans evaluated as of the scenarios' date: ingest to EHR end to end. */
    public static class EndToEnd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bone-monitor.plan.as-of", "2026-06-01");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeEhrResource.class, Map.of("auth", "none")));
        }
    }

    /** No Authorization header. */
    public static class NoAuth implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeEhrResource.class, Map.of("auth", "none")));
        }
    }
}
