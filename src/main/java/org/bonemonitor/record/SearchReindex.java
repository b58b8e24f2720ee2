package org.bonemonitor.record;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * Fills the search columns of resources stored before they existed (migration V20), in the
 * background after start-up, a batch at a time; until it is done such resources are found only by
 * patient, status and _id. Idempotent, so replicas may run it at once.
 */
@ApplicationScoped
public class SearchReindex {

    private static final Logger LOG = Logger.getLogger(SearchReindex.class);
    private static final int BATCH = 500;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    FhirContext fhir;
    @Inject
    SearchParameters parameters;

    void onStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(this::run);
    }

    /** Re-indexes until no unindexed current resource is left; the number re-indexed. */
    public int run() {
        int total = 0;
        try {
            int done;
            do {
                done = batch();
                total += done;
            } while (done == BATCH);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("search re-index stopped after %d resources: %s", total, e.getClass().getSimpleName());
        }
        if (total > 0) {
            LOG.infof("search re-index: %d stored resources indexed for search", total);
        }
        return total;
    }

    private int batch() throws SQLException {
        IParser parser = fhir.newJsonParser();
        int done = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT res_type, res_id, version, raw FROM fhir_resource "
                        + "WHERE is_current AND NOT deleted AND NOT search_indexed LIMIT " + BATCH);
                PreparedStatement update = c.prepareStatement("UPDATE fhir_resource SET search_tokens = ?, date_low = ?, "
                        + "date_high = ?, search_indexed = TRUE WHERE res_type = ? AND res_id = ? AND version = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    SearchParameters.Columns columns;
                    try {
                        columns = parameters.columns((Resource) parser.parseResource(rs.getString(4)));
                    } catch (ca.uhn.fhir.parser.DataFormatException e) {
                        columns = SearchParameters.Columns.NONE;
                    }
                    if (columns.tokens() == null) {
                        update.setNull(1, Types.ARRAY);
                    } else {
                        update.setArray(1, c.createArrayOf("text", columns.tokens()));
                    }
                    update.setObject(2, columns.date() == null ? null : columns.date().low().atOffset(ZoneOffset.UTC),
                            Types.TIMESTAMP_WITH_TIMEZONE);
                    update.setObject(3, columns.date() == null ? null : columns.date().high().atOffset(ZoneOffset.UTC),
                            Types.TIMESTAMP_WITH_TIMEZONE);
                    update.setString(4, rs.getString(1));
                    update.setString(5, rs.getString(2));
                    update.setInt(6, rs.getInt(3));
                    update.addBatch();
                    done++;
                }
            }
            if (done > 0) {
                update.executeBatch();
            }
        }
        return done;
    }
}
