package org.bonemonitor.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;
import org.bonemonitor.platform.CorrelationId;
import org.bonemonitor.platform.Profiles;
import org.bonemonitor.security.SmartScopes.Interaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token access control of {@code /fhir} (SMART Backend Services scopes) and {@code /api/ops/*}
 * ({@value SmartScopes#OPS}). {@code /fhir/metadata} stays open, as FHIR clients discover the server
 * through it; {@code /cds-services} has its own JWT scheme; {@code /q/*} is not a REST resource.
 * A transaction or batch ({@code POST /fhir}) passes here with any valid token: each entry is checked
 * by the FHIR layer through {@link Caller#require}.
 */
public class AccessFilter {

    private static final Logger LOG = Logger.getLogger(AccessFilter.class);

    @Inject
    AuthConfig config;
    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    CurrentCaller current;
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> key;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Profiles.requireAuthOutsideDev("bone-monitor.auth.enabled");
            LOG.warn("*** Authentication of /fhir and /api/ops is OFF (bone-monitor.auth.enabled=false): anyone who can reach "
                    + "this service can read and write every patient's record. Never run like this outside local development. ***");
            return;
        }
        List<String> missing = new java.util.ArrayList<>();
        if (config.audience().isEmpty()) {
            missing.add("bone-monitor.auth.audience");
        }
        if (issuer.isEmpty()) {
            missing.add("mp.jwt.verify.issuer");
        }
        if (keyLocation.isEmpty() && key.isEmpty()) {
            missing.add("mp.jwt.verify.publickey.location (the IdP's JWKS URL)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("bone-monitor.auth.enabled=true but " + String.join(", ", missing)
                    + " not configured; see the README, section Access control");
        }
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authorise(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        boolean fhir = (path.equals("/fhir") || path.startsWith("/fhir/")) && !path.equals("/fhir/metadata");
        // the /ops/ dashboard pages render the same data as /api/ops: the same token and scope
        boolean ops = path.equals("/api/ops") || path.startsWith("/api/ops/") || path.equals("/ops") || path.startsWith("/ops/");
        String correlationId = CorrelationId.of(request);
        if (!config.enabled() || !(fhir || ops)) {
            if (!path.startsWith("/cds-services")) {
                current.set(Caller.unauthenticated(address, correlationId));
            }
            return Uni.createFrom().voidItem();
        }
        boolean tokenSent = request.getHeaderString("Authorization") != null;
        return identities.getDeferredIdentity()
                .onFailure(AuthenticationFailedException.class).transform(e -> {
                    current.set(refused(address, correlationId));
                    LOG.infof("Bearer token refused on %s %s: %s", request.getMethod(), template(path), reason(e));
                    return AccessDenied.unauthenticated("The bearer token is not valid here (expired, not yet valid, wrong issuer "
                            + "or audience, or a bad signature)", true);
                })
                .invoke(identity -> {
                    Caller caller = caller(identity, address, tokenSent, correlationId);
                    current.set(caller);
                    if (ops) {
                        caller.requireScope(SmartScopes.OPS);
                    } else {
                        requireFhir(caller, request, path);
                    }
                })
                .replaceWithVoid();
    }

    private Caller caller(SecurityIdentity identity, String address, boolean tokenSent, String correlationId) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            current.set(refused(address, correlationId));
            throw AccessDenied.unauthenticated(tokenSent ? "Only 'Authorization: Bearer <token>' is accepted"
                    : "This endpoint needs 'Authorization: Bearer <token>' (an access token of the configured identity provider)", tokenSent);
        }
        // Keycloak names the client in azp (and client_id for client credentials); others in client_id
        Object client = jwt.getClaim("client_id") != null ? jwt.getClaim("client_id") : jwt.getClaim("azp");
        Object scope = jwt.getClaim("scope");
        return new Caller(jwt.getSubject(), client == null ? null : client.toString(),
                SmartScopes.parse(scope == null ? null : scope.toString()), address, true, correlationId);
    }

    /** Who a 401 was given to: no identity, no scopes (for the audit row). */
    private static Caller refused(String address, String correlationId) {
        return new Caller(null, null, SmartScopes.parse(null), address, false, correlationId);
    }

    /** The interaction a FHIR request performs, by its method and path (transactions: per entry, later). */
    private static void requireFhir(Caller caller, ContainerRequestContext request, String path) {
        String[] segments = path.substring("/fhir".length()).replaceFirst("^/", "").split("/");
        String type = segments[0];
        if (type.isEmpty() || !Character.isUpperCase(type.charAt(0))) {
            return;
        }
        String method = request.getMethod();
        if (java.util.Arrays.stream(segments).anyMatch(s -> s.startsWith("$"))) {
            // $bone-health-plan answers a CarePlan (stored or computed from the posted record)
            caller.require("CarePlan", Interaction.READ);
            return;
        }
        if (segments.length == 2 && segments[1].equals("_search")) {
            // GET or POST Type/_search; _include (any type) is checked where the form body is read
            caller.require(type, Interaction.SEARCH);
            return;
        }
        switch (method) {
            case "GET", "HEAD" -> {
                if (segments.length == 1) {
                    caller.require(type, Interaction.SEARCH);
                } else {
                    caller.require(type, Interaction.READ);
                }
            }
            case "POST" -> caller.require(type, Interaction.CREATE);
            case "PUT" -> caller.require(type, Interaction.UPDATE);
            case "DELETE" -> caller.require(type, Interaction.DELETE);
            default -> {
            }
        }
    }

    /** The path with ids left out: log lines at INFO carry no patient identifier. */
    static String template(String path) {
        String[] s = path.split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length; i++) {
            out.append('/').append(i <= 2 || s[i].startsWith("$") || s[i].equals("_history") ? s[i] : "{id}");
        }
        return out.toString();
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
