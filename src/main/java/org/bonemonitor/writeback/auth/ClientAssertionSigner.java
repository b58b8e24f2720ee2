package org.bonemonitor.writeback.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs SMART Backend Services client assertions ({@code private_key_jwt}, RFC 7523): {@code iss} =
 * {@code sub} = client id, {@code aud} = the token endpoint, {@code exp} four minutes ahead (SMART allows
 * at most five), a fresh {@code jti}; header {@code alg} RS384 or ES384, {@code kid}, {@code typ: JWT}.
 * The key is a PKCS#8 PEM or a private JWK.
 */
public final class ClientAssertionSigner {

    static final Duration LIFETIME = Duration.ofMinutes(4);

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    private ClientAssertionSigner(JWSSigner signer, JWSAlgorithm algorithm, String keyId) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.keyId = keyId;
    }

    /**
     * @param keyMaterial PEM ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8) or a private JWK (JSON)
     * @param algorithm   RS384 or ES384; empty = chosen from the key (RSA → RS384, EC → ES384)
     * @throws IllegalArgumentException with a message fit for a start-up failure (never the key itself)
     */
    public static ClientAssertionSigner of(String keyMaterial, Optional<String> algorithm, String keyId) {
        PrivateKey key = parse(keyMaterial.trim());
        try {
            if (key instanceof RSAPrivateKey rsa) {
                JWSAlgorithm alg = JWSAlgorithm.parse(algorithm.orElse("RS384"));
                if (!JWSAlgorithm.RS384.equals(alg)) {
                    throw new IllegalArgumentException("the SMART signing key is an RSA key: algorithm must be RS384");
                }
                return new ClientAssertionSigner(new RSASSASigner(rsa), alg, keyId);
            }
            if (key instanceof ECPrivateKey ec) {
                JWSAlgorithm alg = JWSAlgorithm.parse(algorithm.orElse("ES384"));
                if (!JWSAlgorithm.ES384.equals(alg) || ec.getParams().getCurve().getField().getFieldSize() != 384) {
                    throw new IllegalArgumentException(
                            "the SMART signing key is an EC key: it must be on curve P-384 and algorithm ES384");
                }
                return new ClientAssertionSigner(new ECDSASigner(ec), alg, keyId);
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the SMART signing key cannot sign: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the SMART signing key must be an RSA or EC (P-384) private key");
    }

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** A new signed assertion for one token request. */
    public String sign(String clientId, URI tokenEndpoint, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the client assertion failed", e);
        }
        return jwt.serialize();
    }

    private static PrivateKey parse(String material) {
        try {
            if (material.startsWith("{")) {
                JWK jwk = JWK.parse(material);
                if (!jwk.isPrivate()) {
                    throw new IllegalArgumentException("the SMART signing JWK holds no private key");
                }
                if (jwk instanceof RSAKey rsa) {
                    return rsa.toPrivateKey();
                }
                if (jwk instanceof ECKey ec) {
                    return ec.toPrivateKey();
                }
                throw new IllegalArgumentException("the SMART signing JWK must be of type RSA or EC");
            }
            if (material.contains("BEGIN RSA PRIVATE KEY") || material.contains("BEGIN EC PRIVATE KEY")) {
                throw new IllegalArgumentException("the SMART signing key must be PKCS#8 (BEGIN PRIVATE KEY); convert it "
                        + "with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
            }
            if (!material.contains("BEGIN PRIVATE KEY")) {
                throw new IllegalArgumentException(
                        "the SMART signing key is neither a PKCS#8 PEM (BEGIN PRIVATE KEY) nor a JWK");
            }
            String base64 = material.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
            for (String type : new String[] {"RSA", "EC"}) {
                try {
                    return KeyFactory.getInstance(type).generatePrivate(spec);
                } catch (GeneralSecurityException notThisType) {
                    // try the next
                }
            }
            throw new IllegalArgumentException("the SMART signing key is neither an RSA nor an EC PKCS#8 key");
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("the SMART")) {
                throw iae;
            }
            throw new IllegalArgumentException("the SMART signing key cannot be read (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }
}
