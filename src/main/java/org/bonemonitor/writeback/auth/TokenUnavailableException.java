package org.bonemonitor.writeback.auth;

/** No access token could be obtained (token endpoint unreachable, refusing, or answering nonsense). */
public class TokenUnavailableException extends Exception {

    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
