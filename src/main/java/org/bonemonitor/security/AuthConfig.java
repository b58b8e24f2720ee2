package org.bonemonitor.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Inbound authentication of {@code /fhir} and {@code /api/ops}, under {@code bone-monitor.auth}. The
 * token itself is verified by smallrye-jwt with its standard keys ({@code mp.jwt.verify.issuer},
 * {@code mp.jwt.verify.publickey.location}); the audience is wired to {@code mp.jwt.verify.audiences}.
 */
@ConfigMapping(prefix = "bone-monitor.auth")
public interface AuthConfig {

    /** Require a bearer token. Only the dev profile (and the tests that do not test auth) turn this off. */
    @WithDefault("true")
    boolean enabled();

    /** The {@code aud} every token must carry (this service's identifier at the IdP). Required while enabled. */
    Optional<String> audience();
}
