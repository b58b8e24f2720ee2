package org.bonemonitor.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bonemonitor.security.Caller;
import org.bonemonitor.security.CurrentCaller;
import org.bonemonitor.guideline.BoneHealthAssessment;
import org.bonemonitor.careplan.EvaluationContext;
import org.bonemonitor.snapshot.SnapshotBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;

/**
 * One CDS Hooks call: request → record (prefetch, FHIR-server fallback, stored records) → snapshot →
 * rules → cards, within the configured budget. The database is read once per call (the patient's
 * stored record, added to prefetch).
 */
@ApplicationScoped
public class CdsHookService {

    @Inject
    PrefetchGatherer gatherer;

    @Inject
    CardFactory cards;

    @Inject
    FhirContext fhir;

    @Inject
    ObjectMapper mapper;

    @Inject
    CdsHooksConfig config;

    @Inject
    CurrentCaller callers;

    @Inject
    EvaluationContext context;

    CdsServiceCatalog catalog() {
        return gatherer.catalog();
    }

    /** The discovery document. */
    public ObjectNode discovery() {
        ObjectNode doc = mapper.createObjectNode();
        ArrayNode services = doc.putArray("services");
        CdsServiceCatalog catalog = gatherer.catalog();
        for (CdsServiceCatalog.Service s : catalog.services()) {
            ObjectNode entry = services.addObject();
            entry.put("hook", s.hook());
            entry.put("title", s.title());
            entry.put("description", s.description());
            entry.put("id", s.id());
            ObjectNode prefetch = entry.putObject("prefetch");
            for (Map.Entry<String, String> p : catalog.prefetch().entrySet()) {
                prefetch.put(p.getKey(), p.getValue());
            }
        }
        return doc;
    }

    public ObjectNode call(String serviceId, JsonNode body) {
        Instant deadline = Instant.now().plus(config.budget());
        CdsServiceCatalog.Service service = gatherer.catalog().service(serviceId)
                .orElseThrow(() -> CdsException.unknownService(serviceId));
        HookRequest request = HookRequest.from(body);
        if (request.fhirServer().isPresent()) {
            Caller caller = callers.get();
            Optional<List<String>> allowed = config.issuers().orElse(List.of()).stream()
                    .filter(i -> caller.authenticated() && i.iss().equals(caller.clientId())).findFirst()
                    .flatMap(CdsHooksConfig.Issuer::fhirServers);
            FhirServerPolicy.check(request.fhirServer().get(), config.allowLoopbackFhirServer(), allowed);
        }
        if (!service.acceptedHooks().contains(request.hook())) {
            throw CdsException.badRequest("service '" + serviceId + "' does not answer hook '" + request.hook() + "'");
        }
        boolean review = request.hook().equals(CdsServiceCatalog.PATIENT_VIEW);
        List<MedicationRequest> drafts = review ? List.of() : drafts(request, serviceId);
        PrefetchGatherer.Gathered record = gatherer.gather(request, serviceId, deadline);
        if (record.patient().isEmpty()) {
            throw CdsException.preconditionFailed("the Patient could not be obtained from prefetch, the FHIR server or stored records");
        }
        BoneHealthAssessment assessment = context.assess(record.resources(), context.today(),
                new SnapshotBuilder.Options(drafts, record.unobtainable()));
        return cards.response(assessment, new CardFactory.Context(request.patientId(), review, record.missing()));
    }

    /** D2: the draft MedicationRequests being prescribed; for order-select, the selected ones. */
    private List<MedicationRequest> drafts(HookRequest request, String serviceId) {
        if (request.draftOrders().isEmpty()) {
            return List.of();
        }
        if (!"Bundle".equals(request.draftOrders().get().path("resourceType").asText())) {
            throw CdsException.badRequest("context.draftOrders must be a FHIR Bundle");
        }
        Bundle bundle;
        try {
            bundle = fhir.newJsonParser().setParserErrorHandler(new CdsParseWarnings(request.hook(), serviceId))
                    .parseResource(Bundle.class, request.draftOrders().get().toString());
        } catch (DataFormatException e) {
            throw CdsException.badRequest("context.draftOrders is not a FHIR Bundle");
        }
        List<MedicationRequest> all = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof MedicationRequest mr) {
                all.add(mr);
            }
        }
        if (!request.hook().equals(CdsServiceCatalog.ORDER_SELECT) || request.selections().isEmpty()) {
            return all;
        }
        List<MedicationRequest> selected = all.stream()
                .filter(mr -> request.selections().contains("MedicationRequest/" + mr.getIdElement().getIdPart()))
                .toList();
        return selected.isEmpty() ? all : selected;
    }
}
