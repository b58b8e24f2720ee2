package org.bonemonitor.writeback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test observer of {@link DeliveryAttempted}, as an audit trail would observe it. */
@ApplicationScoped
public class DeliveryEvents {

    private final List<DeliveryAttempted> seen = new CopyOnWriteArrayList<>();

    void on(@Observes DeliveryAttempted event) {
        seen.add(event);
    }

    List<DeliveryAttempted> of(String patientId) {
        return seen.stream().filter(e -> e.patientId().equals(patientId)).toList();
    }
}
