package org.bonemonitor.security;

/**
 * A request refused for want of credentials (401: none, expired, wrong issuer or audience, bad
 * signature) or of scope (403). The message says why to the caller; it never echoes the token.
 */
public class AccessDenied extends RuntimeException {

    private final int status;
    private final String challenge;

    private AccessDenied(int status, String message, String challenge) {
        super(message, null, false, false);
        this.status = status;
        this.challenge = challenge;
    }

    static AccessDenied unauthenticated(String message, boolean tokenSent) {
        return new AccessDenied(401, message, tokenSent
                ? "Bearer realm=\"bone-monitor\", error=\"invalid_token\", error_description=\"" + message.replace('"', '\'') + "\""
                : "Bearer realm=\"bone-monitor\"");
    }

    static AccessDenied forbidden(String message, String neededScope) {
        return new AccessDenied(403, message, "Bearer realm=\"bone-monitor\", error=\"insufficient_scope\""
                + (neededScope == null ? "" : ", scope=\"" + neededScope + "\""));
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} value (RFC 6750 §3). */
    public String challenge() {
        return challenge;
    }
}
