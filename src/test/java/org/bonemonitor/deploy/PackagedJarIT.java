package org.bonemonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bonemonitor.writeback.FakeEhr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar in {@code %prod}, configured with exactly the environment the Helm chart renders
 * (ConfigMap + existing Secret, production values pointed at this test's servers), on this test's
 * PostgreSQL: one instance, then two instances on one database. The outside parties are real HTTP
 * servers on loopback: the EHR ({@link FakeEhr}, SMART Backend Services), the IdP's and the CDS
 * client's JWKS.
 */
class PackagedJarIT {

    private static final String IDP_ISSUER = "https://idp.example.org/realms/hospital";
    private static final String CDS_ISSUER = "https://ehr.example.org";
    /** The public URL the chart's production values give; replicas behind one Service share it (JWT aud). */
    private static final String PUBLIC_BASE = "https://bone.example.org";
    private static final String ORDER_SIGN = "/cds-services/aromatase-inhibitor-bone-health";
    private static final String SMART_CLIENT = "bone-monitor";
    private static final String SMART_KID = "bone-monitor-2026";
    /** bone-monitor.writeback.workers (its default): deliveries one replica has in flight at most. */
    private static final int WRITEBACK_WORKERS = 4;

    private static EmbeddedPostgres pg;
    private static HttpServer keys;
    private static RSAKey idpKey;
    private static ECKey cdsKey;
    private static KeyPair smartKeys;

    @BeforeAll
    static void servers() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("max_connections", "120").start();
        idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        cdsKey = new ECKeyGenerator(Curve.P_384).keyID("cds-1").generate();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        smartKeys = rsa.generateKeyPair();
        keys = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        serveJson(keys, "/idp/certs", new JWKSet(idpKey.toPublicJWK()).toString());
        serveJson(keys, "/cds/jwks.json", new JWKSet(cdsKey.toPublicJWK()).toString());
        keys.start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (keys != null) {
            keys.stop(0);
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void oneInstanceStartsInProdMigratesAndServesHealthATransactionACdsCallAndWriteBack() throws Exception {
        FakeEhr ehr = smartEhr();
        try (PackagedApp app = PackagedApp.start("single", environment(database("single"), ehr))) {
            app.awaitStatus200("/q/health/started", Duration.ofMinutes(3));
            HttpResponse<String> ready = app.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\": \"UP\"").contains("Database connections health check");
            assertThat(app.get("/q/health/live").statusCode()).isEqualTo(200);
            assertThat(app.logText()).contains("Profile prod activated").doesNotContain("LOCAL DATABASE");
            assertThat(appliedMigrations("single")).isEqualTo(migrationFiles());

            // the EHR of record holds the patient (the strict in-test EHR refuses plans for patients it lacks)
            ehr.record(patientBundle("solo"));
            HttpResponse<String> tx = app.post("/fhir", patientBundle("solo"), fhirHeaders());
            assertThat(tx.statusCode()).as(tx.body()).isEqualTo(200);
            assertThat(tx.body()).contains("transaction-response");
            assertThat(tx.body().split("201 Created", -1)).hasSize(3);

            String token = cdsToken();
            HttpResponse<String> cds = app.post(ORDER_SIGN, cdsRequest(), cdsHeaders(token));
            assertThat(cds.statusCode()).as(cds.body()).isEqualTo(200);
            assertThat(cds.body()).contains("\"cards\"").contains("\"summary\"");
            assertThat(app.post(ORDER_SIGN, cdsRequest(), cdsHeaders(token)).statusCode()).isEqualTo(401);

            // the plan worker plans the patient; the relay delivers it to the EHR (SMART token from its .well-known)
            await(Duration.ofSeconds(60), () -> ehr.count("CarePlan") == 1
                    && query("single", "SELECT count(*) FROM outbox_entry WHERE status = 'SENT' AND patient_id = 'solo'") == 1);
            assertThat(ehr.tokensIssued()).isPositive();
        } finally {
            ehr.stop();
        }
    }

    @Test
    void theProductionJarRefusesToStartWithAuthenticationSwitchedOff() throws Exception {
        FakeEhr ehr = smartEhr();
        try {
            for (String property : List.of("BONE_MONITOR_AUTH_ENABLED", "BONE_MONITOR_CDS_HOOKS_AUTH_ENABLED")) {
                Map<String, String> env = environment(database("noauth"), ehr);
                env.put(property, "false");
                try (PackagedApp app = PackagedApp.start("noauth-" + property, env)) {
                    assertThat(app.awaitExit(Duration.ofMinutes(2))).as(property).isNotZero();
                    assertThat(app.logText()).contains("=false is only allowed in the dev profile (active: [prod])");
                }
            }
        } finally {
            ehr.stop();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheQueuesAndTheJtiTableAndLoseNothingWhenOneIsKilled() throws Exception {
        FakeEhr ehr = smartEhr();
        String db = database("pair");
        Map<String, String> env = environment(db, ehr);
        // both start at once on an empty database: Flyway's lock lets one migrate, the other waits
        PackagedApp a = PackagedApp.start("replica-a", env);
        try (PackagedApp b = PackagedApp.start("replica-b", env)) {
            a.awaitStatus200("/q/health/ready", Duration.ofMinutes(3));
            b.awaitStatus200("/q/health/ready", Duration.ofMinutes(3));
            assertThat(appliedMigrations(db)).isEqualTo(migrationFiles());

            // a jti accepted by one replica is refused by the other
            String token = cdsToken();
            assertThat(a.post(ORDER_SIGN, cdsRequest(), cdsHeaders(token)).statusCode()).isEqualTo(200);
            assertThat(b.post(ORDER_SIGN, cdsRequest(), cdsHeaders(token)).statusCode()).isEqualTo(401);
            assertThat(b.logText()).as("refused as a replay, not for another reason").contains("replayed jti (" + CDS_ISSUER + ")");
            assertThat(b.post(ORDER_SIGN, cdsRequest(), cdsHeaders(cdsToken())).statusCode()).isEqualTo(200);

            // ingest spread over both; half-way, replica A is killed (SIGKILL) while it ingests, plans and delivers
            int patients = 60;
            AtomicInteger acceptedByA = new AtomicInteger();
            AtomicInteger acceptedByB = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < patients; i++) {
                String id = "pair-" + i;
                ehr.record(patientBundle(id));
                boolean toA = i % 2 == 0;
                posts.add(clients.submit(() -> {
                    // a load balancer's view: a replica that fails the request is out; the bundle goes to the other
                    if (toA && a.alive() && postAccepted(a, id)) {
                        acceptedByA.incrementAndGet();
                    } else {
                        assertThat(postAccepted(b, id)).as(id + " on replica B").isTrue();
                        acceptedByB.incrementAndGet();
                    }
                    done.incrementAndGet();
                }));
            }
            await(Duration.ofMinutes(2), () -> done.get() >= patients / 2);
            a.kill();
            int deliveriesBeforeKill = ehr.transactionRequests().size();
            for (Future<?> post : posts) {
                post.get();
            }
            clients.shutdown();
            assertThat(acceptedByA.get()).as("bundles replica A committed").isPositive();
            assertThat(acceptedByB.get()).as("bundles replica B committed").isPositive();

            // replica B drains what A left: the plan queue rows A held and the outbox rows it had claimed
            await(Duration.ofMinutes(2), () -> query(db, "SELECT count(*) FROM plan_queue") == 0
                    && query(db, "SELECT count(*) FROM outbox_entry WHERE status <> 'SENT'") == 0
                    && query(db, "SELECT count(DISTINCT patient_id) FROM outbox_entry WHERE patient_id LIKE 'pair-%'") == patients);

            assertThat(query(db, "SELECT count(*) FROM fhir_resource WHERE res_type = 'Patient' AND is_current AND res_id LIKE 'pair-%'"))
                    .as("every patient stored").isEqualTo(patients);
            assertThat(query(db, "SELECT count(*) FROM fhir_resource WHERE res_type = 'CarePlan' AND is_current AND patient_id LIKE 'pair-%'"))
                    .as("one CarePlan per patient").isEqualTo(patients);
            assertThat(query(db, "SELECT count(*) FROM (SELECT patient_id FROM fhir_resource WHERE res_type = 'CarePlan' "
                    + "AND patient_id LIKE 'pair-%' GROUP BY patient_id HAVING max(version) > 1 OR count(DISTINCT res_id) > 1) t"))
                    .as("no plan computed twice into a new version or a duplicate").isZero();
            int rows = query(db, "SELECT count(*) FROM outbox_entry");
            assertThat(rows).as("one write-back per patient").isEqualTo(patients);
            // each outbox row reached the EHR once — except that delivery is at least once: a row A was
            // delivering when it died (the EHR had it, A had not yet committed SENT) is sent again by B.
            // At most one per relay worker of A, and only across the kill.
            Map<String, List<Integer>> arrivals = new HashMap<>();
            List<FakeEhr.Seen> seen = ehr.transactionRequests();
            for (int i = 0; i < seen.size(); i++) {
                arrivals.computeIfAbsent(seen.get(i).body(), k -> new ArrayList<>()).add(i);
            }
            assertThat(arrivals).as("distinct deliveries").hasSize(rows);
            List<List<Integer>> repeated = arrivals.values().stream().filter(at -> at.size() > 1).toList();
            assertThat(repeated).as("deliveries repeated").hasSizeLessThanOrEqualTo(WRITEBACK_WORKERS)
                    .allSatisfy(at -> assertThat(at).hasSize(2).satisfies(
                            x -> assertThat(x.get(0)).isLessThan(deliveriesBeforeKill),
                            x -> assertThat(x.get(1)).isGreaterThanOrEqualTo(deliveriesBeforeKill)));
            System.out.printf("two replicas, A killed: %d bundles via A, %d via B, %d deliveries, %d repeated across the kill%n",
                    acceptedByA.get(), acceptedByB.get(), seen.size(), repeated.size());
            assertThat(ehr.count("CarePlan")).as("CarePlans at the EHR").isEqualTo(patients);
            assertThat(b.get("/q/health/ready").statusCode()).isEqualTo(200);
        } finally {
            a.close();
            ehr.stop();
        }
    }

    // ------------------------------------------------------------------ the chart's environment

    /**
     * The container environment the chart renders from its production values, pointed at this test's
     * database, EHR and key servers; the Secret holds the documented keys. Only the write-back's pacing
     * is shortened for the test.
     */
    private static Map<String, String> environment(String database, FakeEhr ehr) {
        String keysBase = "http://127.0.0.1:" + keys.getAddress().getPort();
        Map<String, Object> set = new HashMap<>();
        set.put("database.url", "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database);
        set.put("auth.issuer", IDP_ISSUER);
        set.put("auth.jwksUrl", keysBase + "/idp/certs");
        set.put("writeback.ehrBaseUrl", ehr.baseUrl());
        set.put("cdsHooks.issuers[0].iss", CDS_ISSUER);
        set.put("cdsHooks.issuers[0].jwksUrl", keysBase + "/cds/jwks.json");
        Chart.Rendered chart = Chart.render(List.of(Chart.PRODUCTION_VALUES), set);
        Map<String, String> env = new HashMap<>(chart.environment(Map.of(
                "db-username", "postgres", "db-password", "postgres",
                "writeback-smart-private-key", pem(smartKeys.getPrivate().getEncoded()))));
        assertThat(env).containsEntry("BONE_MONITOR_CDS_HOOKS_AUTH_PUBLIC_BASE_URL", PUBLIC_BASE)
                .containsEntry("BONE_MONITOR_WRITEBACK_SMART_CLIENT_ID", SMART_CLIENT)
                .containsEntry("BONE_MONITOR_WRITEBACK_SMART_KEY_ID", SMART_KID);
        env.put("BONE_MONITOR_WRITEBACK_POLL_INTERVAL", "1s");
        env.put("BONE_MONITOR_WRITEBACK_BACKOFF_BASE", "200ms");
        env.put("BONE_MONITOR_WRITEBACK_BACKOFF_CAP", "2s");
        env.put("BONE_MONITOR_WRITEBACK_CONNECT_TIMEOUT", "1s");
        return env;
    }

    private static FakeEhr smartEhr() throws IOException {
        return new FakeEhr(FakeEhr.Auth.SMART, null, SMART_CLIENT, SMART_KID, smartKeys.getPublic()).start();
    }

    // ------------------------------------------------------------------ requests

    private static boolean postAccepted(PackagedApp app, String patientId) {
        try {
            HttpResponse<String> response = app.post("/fhir", patientBundle(patientId), fhirHeaders());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** A woman on anastrozole; every entry a PUT with our ids, so a re-sent bundle changes nothing. */
    private static String patientBundle(String id) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"Patient/%1$s","resource":{"resourceType":"Patient","id":"%1$s","gender":"female","birthDate":"1958-04-02"},
                  "request":{"method":"PUT","url":"Patient/%1$s"}},
                 {"fullUrl":"MedicationStatement/%1$s-ai","resource":{"resourceType":"MedicationStatement","id":"%1$s-ai","status":"active",
                   "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"84857","display":"anastrozole"}]},
                   "subject":{"reference":"Patient/%1$s"},"effectivePeriod":{"start":"2026-03-01"}},
                  "request":{"method":"PUT","url":"MedicationStatement/%1$s-ai"}}]}
                """.formatted(id);
    }

    private static String[] fhirHeaders() {
        return new String[] {"Content-Type", "application/fhir+json", "Authorization", "Bearer " + idpToken()};
    }

    private static String[] cdsHeaders(String token) {
        return new String[] {"Content-Type", "application/json", "Authorization", "Bearer " + token};
    }

    private static String cdsRequest() throws IOException {
        return Files.readString(Path.of("src/test/resources/fixtures/cds/order-sign-full-prefetch.json"));
    }

    /** A CDS client JWT: ES384, aud the public URL of the hook (the same whichever replica answers), a fresh jti. */
    private static String cdsToken() {
        Instant now = Instant.now();
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(cdsKey.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(CDS_ISSUER).audience(PUBLIC_BASE + ORDER_SIGN)
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240)))
                        .jwtID(UUID.randomUUID().toString()).build(), true);
    }

    /** The IdP's access token for a system client (SMART Backend Services scopes). */
    private static String idpToken() {
        Instant now = Instant.now();
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idpKey.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(IDP_ISSUER).audience("bone-monitor").subject("ehr-integration")
                        .claim("scope", "system/*.read system/*.write")
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .jwtID(UUID.randomUUID().toString()).build(), false);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, boolean ec) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(ec ? new ECDSASigner(cdsKey) : new RSASSASigner(idpKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ database

    private static String database(String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    private static int query(String database, String sql) {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database + "?currentSchema=bone_monitor", "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static int appliedMigrations(String database) {
        assertThat(query(database, "SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        assertThat(query(database, "SELECT count(*) - count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL"))
                .as("each migration applied once").isZero();
        return query(database, "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL");
    }

    private static int migrationFiles() throws IOException {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            PackagedApp.sleep(200);
        }
    }

    private static void serveJson(HttpServer server, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
    }

    private static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
    }
}
