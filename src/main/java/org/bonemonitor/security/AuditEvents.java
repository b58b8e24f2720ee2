package org.bonemonitor.security;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;

/**
 * An audit row as a FHIR R4 AuditEvent in the shape of IHE Basic Audit Log Patterns (BALP): type
 * {@code rest} with the restful-interaction as subtype, the client and this server as agents, this
 * server as source, the patient as a Person/Patient entity, and the data (Type/id, or the query) as a
 * second entity; the correlation id is the data entity's identifier, so a support case finds the request.
 */
public final class AuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    /** Identifies the request in the logs and the X-Correlation-Id response header. */
    public static final String CORRELATION_SYSTEM = "urn:bone-monitor:correlation-id";

    private AuditEvents() {
    }

    public static AuditEvent of(AuditLog.Row row) {
        AuditEvent event = new AuditEvent();
        event.setId(String.valueOf(row.id()));
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
        event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", row.subtype(), null));
        event.setAction(AuditEventAction.fromCode(String.valueOf(row.action())));
        event.setRecorded(Date.from(row.recorded()));
        int status = row.httpStatus();
        event.setOutcome(status > 0 && status < 400 ? AuditEventOutcome._0 : status >= 400 && status < 500 ? AuditEventOutcome._4
                : AuditEventOutcome._8);
        if (status == 0) {
            event.setOutcomeDesc("no answer");
        } else if (status >= 400) {
            event.setOutcomeDesc("HTTP " + status);
        }

        AuditEvent.AuditEventAgentComponent client = event.addAgent().setRequestor(true);
        client.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
        if (row.clientId() != null) {
            client.getWho().setIdentifier(new Identifier().setValue(row.clientId()));
        } else if (row.subject() != null) {
            client.getWho().setDisplay(row.subject());
        } else {
            client.getWho().setDisplay(row.surface().equals("writeback") ? "bone-monitor" : "unauthenticated caller");
        }
        if (row.subject() != null) {
            client.setAltId(row.subject());
        }
        if (row.scopes() != null) {
            for (String scope : row.scopes().split(" ")) {
                client.addPolicy(scope);
            }
        }
        if (row.sourceAddress() != null) {
            client.getNetwork().setAddress(row.sourceAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        AuditEvent.AuditEventAgentComponent server = event.addAgent().setRequestor(false);
        server.setType(new CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")));
        server.getWho().setDisplay(row.surface().equals("writeback") ? "the EHR" : "bone-monitor");

        event.getSource().setSite("bone-monitor " + row.surface()).getObserver().setDisplay("bone-monitor");
        event.getSource().addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));

        if (row.patientId() != null) {
            event.addEntity().setWhat(new Reference("Patient/" + row.patientId()))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        AuditEvent.AuditEventEntityComponent data = event.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"));
        String entity = row.entity();
        if (entity != null && entity.contains("?")) {
            data.setRole(new Coding(OBJECT_ROLE, "24", "Query")).setQuery(entity.getBytes(StandardCharsets.UTF_8));
        } else {
            data.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
            if (entity != null && entity.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
                data.getWhat().setReference(entity);
            } else if (entity != null && !entity.isEmpty()) {
                data.setDescription(entity);
            }
        }
        if (row.resourceCount() > 1) {
            data.setName(row.resourceCount() + " resources");
        }
        if (row.correlationId() != null) {
            data.getWhat().setIdentifier(new Identifier().setSystem(CORRELATION_SYSTEM).setValue(row.correlationId()));
        }
        event.getText().setStatus(Narrative.NarrativeStatus.GENERATED);
        event.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + escape(row.subtype() + " " + row.action()
                + " (" + row.surface() + ", HTTP " + status + ")" + (row.patientId() == null ? "" : " of Patient/" + row.patientId()))
                + "</div>");
        return event;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
