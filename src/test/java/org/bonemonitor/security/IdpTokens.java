package org.bonemonitor.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Access tokens as the test IdP would issue them for client credentials; every default is valid. */
final class IdpTokens {

    private String scope;
    private String iss = TestIdp.ISSUER;
    private String aud = TestIdp.AUDIENCE;
    private Instant exp = Instant.now().plusSeconds(300);
    private boolean foreignKey;

    private IdpTokens(String scope) {
        this.scope = scope;
    }

    static IdpTokens scope(String scope) {
        return new IdpTokens(scope);
    }

    /** "Bearer " + a valid token with these scopes. */
    static String bearer(String scope) {
        return "Bearer " + scope(scope).sign();
    }

    IdpTokens issuer(String value) {
        iss = value;
        return this;
    }

    IdpTokens audience(String value) {
        aud = value;
        return this;
    }

    IdpTokens expiredAt(Instant value) {
        exp = value;
        return this;
    }

    /** Signed by another key under the IdP's kid: the signature does not verify. */
    IdpTokens signedByAnotherKey() {
        foreignKey = true;
        return this;
    }

    String sign() {
        try {
            RSAKey key = foreignKey ? new RSAKeyGenerator(2048).keyID(TestIdp.KID).generate()
                    : RSAKey.parse(System.getProperty(TestIdp.PRIVATE_KEY));
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(iss).audience(aud).subject("service-account-ehr-feed")
                    .claim("azp", "ehr-feed").claim("client_id", "ehr-feed").claim("scope", scope)
                    .issueTime(Date.from(exp.minusSeconds(600).isBefore(Instant.now()) ? exp.minusSeconds(600) : Instant.now()))
                    .expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TestIdp.KID).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    String bearer() {
        return "Bearer " + sign();
    }
}
