package org.bonemonitor.writeback.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.bonemonitor.writeback.WritebackConfig;

/** The Authorization header for requests to the EHR, per {@code bone-monitor.writeback.auth-mode}. */
public interface EhrAuthorization {

    /** The header value, if any ({@code Bearer …}). */
    Optional<String> header() throws TokenUnavailableException;

    /** After a 401: drop the current credential; true when a fresh one can be had (then re-send once). */
    boolean refresh();

    /**
     * Builds the authorization for the configuration (assumed valid, {@link WritebackConfig#problems()} empty).
     *
     * @throws IllegalArgumentException when the SMART key cannot be read or does not fit the algorithm
     */
    static EhrAuthorization from(WritebackConfig config, HttpClient http, ObjectMapper json, Supplier<Instant> clock) {
        return of(config.authMode(), config.bearerToken(), config.smart(), config.ehrBaseUrl().orElse(null),
                config.requestTimeout(), http, json, clock);
    }

    /**
     * The same for any client of the EHR configured like write-back (auth mode, static token, SMART
     * settings; the population back-fill has its own keys): one implementation of the three modes.
     */
    static EhrAuthorization of(WritebackConfig.AuthMode mode, Optional<String> bearerToken, WritebackConfig.Smart smart,
            URI ehrBaseUrl, Duration requestTimeout, HttpClient http, ObjectMapper json, Supplier<Instant> clock) {
        return switch (mode) {
            case NONE -> new EhrAuthorization() {
                @Override
                public Optional<String> header() {
                    return Optional.empty();
                }

                @Override
                public boolean refresh() {
                    return false;
                }
            };
            case BEARER -> {
                String header = "Bearer " + bearerToken.orElseThrow().trim();
                yield new EhrAuthorization() {
                    @Override
                    public Optional<String> header() {
                        return Optional.of(header);
                    }

                    @Override
                    public boolean refresh() {
                        return false;
                    }
                };
            }
            case SMART_BACKEND -> {
                String keyMaterial = smart.privateKey().orElseGet(() -> read(smart.privateKeyFile().orElseThrow()));
                ClientAssertionSigner signer = ClientAssertionSigner.of(keyMaterial, smart.algorithm(),
                        smart.keyId().orElseThrow());
                SmartBackendTokenClient tokens = new SmartBackendTokenClient(http, json, clock,
                        java.util.Objects.requireNonNull(ehrBaseUrl), smart.tokenEndpoint(), smart.clientId().orElseThrow(),
                        smart.scope(), signer, requestTimeout, smart.tokenRefreshMargin());
                yield new EhrAuthorization() {
                    @Override
                    public Optional<String> header() throws TokenUnavailableException {
                        return Optional.of("Bearer " + tokens.token());
                    }

                    @Override
                    public boolean refresh() {
                        tokens.invalidate();
                        return true;
                    }
                };
            }
        };
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SMART private-key-file " + file, e);
        }
    }
}
