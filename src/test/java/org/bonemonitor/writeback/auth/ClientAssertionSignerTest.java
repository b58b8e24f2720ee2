package org.bonemonitor.writeback.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAssertionSignerTest {

    private static final URI TOKEN = URI.create("https://ehr.example.org/oauth2/token");
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void signsAnRs384AssertionWithTheSmartClaims() throws Exception {
        KeyPair rsa = generate("RSA", null);
        ClientAssertionSigner signer = ClientAssertionSigner.of(pem(rsa), Optional.empty(), "kid-1");

        SignedJWT jwt = SignedJWT.parse(signer.sign("client-a", TOKEN, NOW));

        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa.getPublic()))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS384");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("client-a");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("client-a");
        assertThat(jwt.getJWTClaimsSet().getAudience()).isEqualTo(List.of(TOKEN.toString()));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(240));
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        assertThat(SignedJWT.parse(signer.sign("client-a", TOKEN, NOW)).getJWTClaimsSet().getJWTID())
                .as("a fresh jti per assertion").isNotEqualTo(jwt.getJWTClaimsSet().getJWTID());
    }

    @Test
    void signsEs384FromAPemOrAJwk() throws Exception {
        KeyPair ec = generate("EC", "secp384r1");
        String jwk = new ECKey.Builder(Curve.P_384, (ECPublicKey) ec.getPublic())
                .privateKey((ECPrivateKey) ec.getPrivate()).build().toJSONString();
        for (String material : List.of(pem(ec), jwk)) {
            ClientAssertionSigner signer = ClientAssertionSigner.of(material, Optional.of("ES384"), "kid-2");
            SignedJWT jwt = SignedJWT.parse(signer.sign("client-b", TOKEN, NOW));
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
            assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) ec.getPublic()))).isTrue();
        }
    }

    @Test
    void refusesKeysThatDoNotFit() throws Exception {
        assertThatThrownBy(() -> ClientAssertionSigner.of(pem(generate("EC", "secp256r1")), Optional.empty(), "k"))
                .hasMessageContaining("P-384");
        assertThatThrownBy(() -> ClientAssertionSigner.of(pem(generate("RSA", null)), Optional.of("ES384"), "k"))
                .hasMessageContaining("RS384");
        assertThatThrownBy(() -> ClientAssertionSigner.of("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
                Optional.empty(), "k")).hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> ClientAssertionSigner.of("not a key", Optional.empty(), "k"))
                .hasMessageContaining("neither a PKCS#8 PEM");
        assertThatThrownBy(() -> ClientAssertionSigner.of(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", Optional.empty(), "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("AAAA");
    }

    private static KeyPair generate(String type, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
