package org.bonemonitor.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audits what a request read: the patients of the FHIR resources it answered (each resource's Patient
 * compartment, as HAPI knows it), ops reads, and every refused or failed request on {@code /fhir} and
 * {@code /api/ops}. Successful writes are audited by the write itself, in its transaction.
 */
@ApplicationScoped
public class AuditedReads {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuditedReads.class);

    /** The request property where the FHIR layer leaves the resource it answered. */
    public static final String PAYLOAD = "bone-monitor.audit.payload";

    @Inject
    FhirContext fhir;
    @Inject
    AuditLog audit;
    @Inject
    CurrentCaller callers;

    /** Adds an R row for each patient of this answer (a resource, or the entries of a Bundle). */
    public void reads(AuditLog.Batch batch, IBaseResource answer, String entity) {
        Set<String> patients = patientsOf(answer);
        if (patients.isEmpty()) {
            batch.add('R', null, entity);
        }
        for (String patient : patients) {
            batch.add('R', patient, entity);
        }
    }

    Set<String> patientsOf(IBaseResource answer) {
        Set<String> patients = new LinkedHashSet<>();
        if (answer instanceof Bundle bundle) {
            FhirTerser terser = fhir.newTerser();
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.getResource() != null) {
                    collect(terser, e.getResource(), patients);
                }
            }
        } else if (answer instanceof Resource resource) {
            collect(fhir.newTerser(), resource, patients);
        }
        return patients;
    }

    private static void collect(FhirTerser terser, Resource resource, Set<String> patients) {
        if (resource.fhirType().equals("Patient")) {
            if (resource.getIdElement().hasIdPart()) {
                patients.add(resource.getIdElement().getIdPart());
            }
            return;
        }
        if (resource.fhirType().equals("OperationOutcome") || resource.fhirType().equals("AuditEvent")) {
            return;
        }
        for (IIdType owner : terser.getCompartmentOwnersForResource("Patient", resource, Set.of())) {
            if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
                patients.add(owner.getIdPart());
            }
        }
    }

    @ServerResponseFilter
    public void afterRequest(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        boolean fhirPath = (path.equals("/fhir") || path.startsWith("/fhir/")) && !path.equals("/fhir/metadata");
        boolean ops = path.equals("/api/ops") || path.startsWith("/api/ops/");
        if (!fhirPath && !ops) {
            return;
        }
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD") || path.endsWith("/_search");
        boolean operation = path.contains("/$");
        int status = response.getStatus();
        if (fhirPath && !read && !operation && status < 400) {
            return;
        }
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        // what was asked for: Type/id or Type?query relative to the FHIR base, or the ops path
        String target = ops ? path : path.startsWith("/fhir/") ? path.substring("/fhir/".length()) : "";
        String entity = target + (query == null ? "" : "?" + query);
        AuditLog.Batch batch = new AuditLog.Batch(subtype(path, method, ops));
        Object payload = request.getProperty(PAYLOAD);
        if (status < 400 && fhirPath && !path.startsWith("/fhir/AuditEvent") && payload instanceof IBaseResource answer) {
            reads(batch, answer, entity);
        } else {
            batch.add(action(method, read, operation), null, entity);
        }
        AuditLog.Surface surface = ops ? AuditLog.Surface.OPS : AuditLog.Surface.FHIR;
        Caller caller = callers.get();
        if (BlockingOperationControl.isBlockingAllowed()) {
            audit.record(surface, status, batch, caller);
        } else {
            // a request refused by the access filter ends on the event loop: write off it
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    audit.record(surface, status, batch, caller);
                } catch (RuntimeException e) {
                    LOG.errorf("audit row of a refused request not written: %s", e.getClass().getSimpleName());
                }
            });
        }
    }

    private static char action(String method, boolean read, boolean operation) {
        if (read) {
            return 'R';
        }
        if (operation) {
            return 'E';
        }
        return switch (method) {
            case "POST" -> 'C';
            case "PUT", "PATCH" -> 'U';
            case "DELETE" -> 'D';
            default -> 'E';
        };
    }

    /** The FHIR restful-interaction code of the request. */
    private static String subtype(String path, String method, boolean ops) {
        if (path.contains("/$") || (ops && !method.equals("GET"))) {
            return "operation";
        }
        String[] segments = path.split("/");
        return switch (method) {
            case "GET", "HEAD" -> ops ? "read" : segments.length <= 3 || path.endsWith("/_search") ? "search-type"
                    : path.contains("/_history/") ? "vread" : "read";
            case "POST" -> path.endsWith("/_search") ? "search-type" : segments.length <= 2 ? "transaction" : "create";
            case "PUT", "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> "operation";
        };
    }
}
