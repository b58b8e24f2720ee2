package org.bonemonitor.cdshooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every way a CDS client's JWT can fail is a bare 401; RS384, ES384 and an inline-JWKS issuer pass. */
@QuarkusTest
class CdsJwtTest {

    private static final String PATH = Cds.ORDER;

    private static Response call(String token) {
        var request = given().contentType("application/json").body(Cds.fixture("s14-order-sign.json").toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.post(PATH);
    }

    @Inject
    MeterRegistry registry;

    /** A bare 401, counted under the reason an SRE reads in {@code bonemonitor_cds_jwt_rejections_total}. */
    private void assertRefused(String reason, Supplier<Response> call) {
        double before = rejections(reason);
        Response r = call.get();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.asString()).isEmpty();
        assertThat(rejections(reason) - before).as("rejections with reason " + reason).isEqualTo(1.0);
    }

    private double rejections(String reason) {
        Counter c = registry.find("bonemonitor.cds.jwt.rejections").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void acceptsAnRs384TokenFromAJwksUrl() {
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).sign()));
    }

    @Test
    void acceptsAnEs384TokenFromAJwksUrl() {
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).es384().sign()));
    }

    @Test
    void acceptsAnEs384TokenOfAnIssuerWithAnInlineJwks() {
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).inlineIssuer().sign()));
    }

    @Test
    void acceptsEpicSubAndNbfClaims() {
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).epicClaims().sign()));
    }

    @Test
    void refusesACallWithoutToken() {
        assertRefused("no-token", () -> call(null));
        assertRefused("no-token", () -> given().header("Authorization", "Basic dXNlcjpwYXNz").get("/cds-services"));
    }

    @Test
    void refusesAnIssuerNotOnTheAllowList() {
        assertRefused("issuer", () -> call(Tokens.forPath(PATH).iss("https://evil.example").sign()));
    }

    @Test
    void refusesAnUnknownKid() throws Exception {
        var stranger = new RSAKeyGenerator(2048).keyID("not-published").generate();
        assertRefused("signature", () -> call(Tokens.forPath(PATH).kid("not-published").signedWith(stranger).sign()));
    }

    @Test
    void refusesAlgNone() {
        assertRefused("malformed", () -> call(Tokens.forPath(PATH).unsigned()));
    }

    @Test
    void refusesHs256() {
        assertRefused("signature", () -> call(Tokens.forPath(PATH).hs256()));
    }

    @Test
    void refusesABadSignature() throws Exception {
        // right kid, wrong key
        var other = new RSAKeyGenerator(2048).keyID(CdsTestServers.RSA_KID).generate();
        assertRefused("signature", () -> call(Tokens.forPath(PATH).signedWith(other).sign()));
        var otherEc = new ECKeyGenerator(Curve.P_384).keyID(CdsTestServers.EC_KID).generate();
        assertRefused("signature", () -> call(Tokens.forPath(PATH).es384().signedWith(otherEc).sign()));
        // a valid token with one character of the signature changed
        String token = Tokens.forPath(PATH).sign();
        char last = token.charAt(token.length() - 5);
        assertRefused("signature", () -> call(token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4)));
    }

    @Test
    void refusesAWrongAudience() {
        assertRefused("audience", () -> call(Tokens.forPath(PATH).aud(Tokens.url(Cds.REVIEW)).sign()));
        assertRefused("audience", () -> call(Tokens.forPath(PATH).aud("https://bone-monitor.example.org" + PATH).sign()));
    }

    @Test
    void refusesAnExpiredToken() {
        assertRefused("claims", () -> call(Tokens.forPath(PATH).iat(Instant.now().minusSeconds(900)).exp(Instant.now().minusSeconds(600)).sign()));
    }

    @Test
    void refusesATokenLivingLongerThanFiveMinutes() {
        assertRefused("lifetime", () -> call(Tokens.forPath(PATH).exp(Instant.now().plusSeconds(3600)).sign()));
    }

    @Test
    void refusesAnIatInTheFuture() {
        assertRefused("iat", () -> call(Tokens.forPath(PATH).iat(Instant.now().plusSeconds(240)).sign()));
    }

    @Test
    void refusesAReplayedJti() {
        String jti = UUID.randomUUID().toString();
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).jti(jti).sign()));
        assertRefused("replay", () -> call(Tokens.forPath(PATH).jti(jti).sign()));
    }

    @Test
    void refusesAnEs384TokenWhoseKidNamesAnRsaKey() {
        var ec = Tokens.privateKey(CdsTestServers.EC_KID);
        assertRefused("signature", () -> call(Tokens.forPath(PATH).es384().kid(CdsTestServers.RSA_KID).signedWith(ec).sign()));
    }

    @Test
    void acceptsAJkuEqualToTheConfiguredJwksUrlAndRefusesAnyOther() {
        Cds.assertValidCdsResponse(call(Tokens.forPath(PATH).jku(System.getProperty(CdsTestServers.FHIR_BASE) + "/jwks.json").sign()));
        assertRefused("jku", () -> call(Tokens.forPath(PATH).jku("https://attacker.example/jwks.json").sign()));
    }

    @Test
    void refusesATokenNotValidYet() {
        assertRefused("claims", () -> call(Tokens.forPath(PATH).nbf(Instant.now().plusSeconds(120)).sign()));
    }

    @Test
    void discoveryAndFeedbackNeedATokenToo() {
        assertRefused("no-token", () -> given().get("/cds-services"));
        assertRefused("no-token", () -> given().contentType("application/json").body("{\"feedback\":[]}").post(PATH + "/feedback"));
        assertThat(given().header("Authorization", "Bearer " + Tokens.forPath("/cds-services").sign()).get("/cds-services")
                .statusCode()).isEqualTo(200);
    }
}
