package org.bonemonitor.cdshooks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.RestAssured;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Builds CDS client JWTs signed with the test servers' keys; every default is valid. */
final class Tokens {

    private JWSAlgorithm alg = JWSAlgorithm.RS384;
    private String kid = CdsTestServers.RSA_KID;
    private JWK key;
    private String iss = CdsTestServers.ISSUER;
    private String aud;
    private Instant iat = Instant.now();
    private Instant exp = Instant.now().plusSeconds(300);
    private String jti = UUID.randomUUID().toString();
    private String sub;
    private Instant nbf;
    private java.net.URI jku;

    private Tokens(String path) {
        this.aud = url(path);
    }

    /** A valid RS384 token for a call of this path. */
    static Tokens forPath(String path) {
        return new Tokens(path);
    }

    /** The exact URL the test calls. */
    static String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }

    static JWK privateKey(String kid) {
        try {
            return JWKSet.parse(System.getProperty(CdsTestServers.PRIVATE_KEYS)).getKeyByKeyId(kid);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    Tokens es384() {
        alg = JWSAlgorithm.ES384;
        kid = CdsTestServers.EC_KID;
        return this;
    }

    Tokens inlineIssuer() {
        alg = JWSAlgorithm.ES384;
        kid = CdsTestServers.INLINE_KID;
        iss = CdsTestServers.INLINE_ISSUER;
        return this;
    }

    Tokens kid(String value) {
        kid = value;
        return this;
    }

    /** Sign with this key instead of the one the kid names. */
    Tokens signedWith(JWK value) {
        key = value;
        return this;
    }

    Tokens iss(String value) {
        iss = value;
        return this;
    }

    Tokens aud(String value) {
        aud = value;
        return this;
    }

    Tokens iat(Instant value) {
        iat = value;
        return this;
    }

    Tokens exp(Instant value) {
        exp = value;
        return this;
    }

    Tokens jti(String value) {
        jti = value;
        return this;
    }

    Tokens jku(String value) {
        jku = java.net.URI.create(value);
        return this;
    }

    Tokens nbf(Instant value) {
        nbf = value;
        return this;
    }

    /** Epic-style extras. */
    Tokens epicClaims() {
        sub = "epic-client-id";
        nbf = Instant.now().minusSeconds(5);
        return this;
    }

    private JWTClaimsSet claims() {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(iss).audience(aud).issueTime(Date.from(iat))
                .expirationTime(Date.from(exp)).jwtID(jti);
        if (sub != null) {
            b.subject(sub);
        }
        if (nbf != null) {
            b.notBeforeTime(Date.from(nbf));
        }
        return b.build();
    }

    String sign() {
        try {
            JWK signingKey = key != null ? key : privateKey(kid);
            if (signingKey == null) {
                signingKey = new RSAKeyGenerator(2048).keyID(kid).generate();
            }
            JWSSigner signer = signingKey instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) signingKey);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).jwkURL(jku).build(), claims());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}). */
    String unsigned() {
        return new PlainJWT(claims()).serialize();
    }

    /** An HMAC token ({@code HS256}) keyed with a shared secret. */
    String hs256() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims());
            jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
