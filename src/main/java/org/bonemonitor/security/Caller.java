package org.bonemonitor.security;

/**
 * Who is calling: the token's subject and client id and the scopes granted, and the address the
 * request came from. {@link #SYSTEM} is the service itself (scheduled work, start-up).
 */
public record Caller(String subject, String clientId, SmartScopes scopes, String address, boolean authenticated,
        String correlationId) {

    public static final Caller SYSTEM = new Caller("bone-monitor", "bone-monitor", SmartScopes.UNRESTRICTED, null, false, null);

    /** A request that is not authenticated here (authentication off, or a surface with its own scheme). */
    public static Caller unauthenticated(String address, String correlationId) {
        return new Caller(null, null, SmartScopes.UNRESTRICTED, address, false, correlationId);
    }

    /**
     * @throws AccessDenied 403 unless a scope grants this interaction on this type; AuditEvents are only
     *                      ever written by the service
     */
    public void require(String type, SmartScopes.Interaction interaction) {
        if ("AuditEvent".equals(type) && interaction != SmartScopes.Interaction.READ && interaction != SmartScopes.Interaction.SEARCH) {
            throw AccessDenied.forbidden("AuditEvents are written by this server only", null);
        }
        if ("AuditEvent".equals(type) ? !scopes.has(SmartScopes.AUDIT) : !scopes.permits(type, interaction)) {
            String needed = "AuditEvent".equals(type) ? SmartScopes.AUDIT : SmartScopes.needed(type, interaction);
            throw AccessDenied.forbidden("The token's scopes do not allow " + interaction.name().toLowerCase(java.util.Locale.ROOT)
                    + " of " + type + " (needs " + needed + " or a broader scope)", needed);
        }
    }

    /** @throws AccessDenied 403 unless this exact scope was granted */
    public void requireScope(String scope) {
        if (!scopes.has(scope)) {
            throw AccessDenied.forbidden("The token's scopes do not include " + scope, scope);
        }
    }
}
