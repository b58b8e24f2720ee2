package org.bonemonitor.cdshooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.bonemonitor.record.StoreException;

/**
 * Remembers each accepted JWT {@code jti} until its token expires, in the database so that every
 * replica refuses a replay. The primary key (issuer, jti) makes two concurrent first uses collide.
 */
@ApplicationScoped
public class ReplayGuard {

    @Inject
    AgroalDataSource dataSource;

    /**
     * True the first time this (issuer, jti) is seen; false for a replay. The insert commits without
     * waiting for the WAL flush ({@code synchronous_commit = off}, this transaction only): it is on
     * every hook call's path, and a database crash could at worst forget the last few hundred
     * milliseconds of jtis — tokens that still expire within minutes.
     */
    boolean firstUse(String issuer, String jti, Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement async = c.prepareStatement("SET LOCAL synchronous_commit = off");
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO cds_jwt_seen (issuer, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                async.execute();
                ps.setString(1, issuer);
                ps.setString(2, jti);
                ps.setTimestamp(3, Timestamp.from(expiresAt));
                boolean first = ps.executeUpdate() == 1;
                c.commit();
                return first;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Forget jtis whose tokens have expired (with an hour's margin for clock skew). */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM cds_jwt_seen WHERE expires_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(3600)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
