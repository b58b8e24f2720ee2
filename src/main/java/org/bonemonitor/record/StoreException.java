package org.bonemonitor.record;

import java.sql.SQLException;

/** A database failure under the store; a unique-key clash means a concurrent write of the same resource. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public boolean isConflict() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
