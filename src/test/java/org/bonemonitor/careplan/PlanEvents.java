package org.bonemonitor.careplan;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test observer of {@link PlanChanged}: records every event, and fails (like a broken write-back
 * observer) for patients whose id starts with {@code boom-} while {@link #failing} is set.
 */
@ApplicationScoped
public class PlanEvents {

    private final List<PlanChanged> seen = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    /** Through a method: a field set on the CDI client proxy would not reach the bean. */
    void failing(boolean fail) {
        failing = fail;
    }

    void on(@Observes PlanChanged event) {
        if (failing && event.patientId().startsWith("boom-")) {
            throw new IllegalStateException("observer failure (test)");
        }
        seen.add(event);
    }

    List<PlanChanged> of(String patientId) {
        return seen.stream().filter(e -> e.patientId().equals(patientId)).toList();
    }

    void clear() {
        seen.clear();
    }
}
