package org.bonemonitor.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.TreeSet;
import org.bonemonitor.record.SearchParameters;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;

/** The CapabilityStatement, built once from what the endpoints really do. */
@ApplicationScoped
public class CapabilityStatementFactory {

    @Inject
    FhirContext fhir;
    @Inject
    org.bonemonitor.security.AuthConfig auth;
    @Inject
    SearchParameters parameters;

    private volatile CapabilityStatement statement;

    public CapabilityStatement get() {
        CapabilityStatement built = statement;
        if (built == null) {
            built = build();
            statement = built;
        }
        return built;
    }

    private CapabilityStatement build() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE).setDate(new Date())
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
                .setPublisher("Bone Monitor")
                .setDescription("Bone Monitor: FHIR R4 ingest of patient records, bone-health care plans for patients on aromatase inhibitors.");
        cs.getSoftware().setName("Bone Monitor");
        cs.getImplementation().setDescription("Bone Monitor FHIR R4 endpoint");
        cs.addFormat("application/fhir+json").addFormat("application/fhir+xml").addFormat("json").addFormat("xml");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER)
                .setDocumentation("Every R4 resource type is stored as received. Transactions are all-or-nothing; "
                        + "conditional create and update and conditional references take identifier=system|value. "
                        + "Search by GET {type}?… or POST {type}/_search (form body): a comma separates alternatives (OR), "
                        + "a repeated parameter narrows (AND); _sort (the type's date parameter, _lastUpdated, _id, '-' for "
                        + "descending), _count with next/previous links, _summary=count and _elements. A parameter not listed "
                        + "for a type is reported in an OperationOutcome entry (search mode outcome) and ignored, or refused "
                        + "with 400 under Prefer: handling=strict.");
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
        for (String type : new TreeSet<>(fhir.getResourceTypes())) {
            rest.addResource(type.equals("AuditEvent") ? auditEvent() : resource(type));
        }
        if (auth.enabled()) {
            rest.getSecurity().addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
                    .setCode("SMART-on-FHIR");
            rest.getSecurity().setDescription("Bearer access tokens of the hospital's identity provider (SMART Backend Services, "
                    + "client credentials); scopes system/<Type>.read|write or SMART v2 .cruds; bone-monitor/audit for AuditEvent.");
        }
        return cs;
    }

    /** The audit trail: searched, never written through the API. */
    private static CapabilityStatementRestResourceComponent auditEvent() {
        CapabilityStatementRestResourceComponent resource = new CapabilityStatementRestResourceComponent().setType("AuditEvent")
                .setDocumentation("The audit trail of patient data access (IHE BALP shape); scope bone-monitor/audit");
        resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        resource.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE);
        resource.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE);
        return resource;
    }

    private CapabilityStatementRestResourceComponent resource(String type) {
        CapabilityStatementRestResourceComponent resource = new CapabilityStatementRestResourceComponent().setType(type);
        for (TypeRestfulInteraction interaction : new TypeRestfulInteraction[] {TypeRestfulInteraction.READ,
                TypeRestfulInteraction.VREAD, TypeRestfulInteraction.CREATE, TypeRestfulInteraction.UPDATE,
                TypeRestfulInteraction.DELETE, TypeRestfulInteraction.SEARCHTYPE}) {
            resource.addInteraction().setCode(interaction);
        }
        resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED)
                .setUpdateCreate(true).setConditionalCreate(true)
                .setConditionalUpdate(true).setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED)
                .setReadHistory(false);
        for (SearchParameters.Param param : parameters.of(type).params().values()) {
            CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent p = resource.addSearchParam()
                    .setName(param.name()).setType(switch (param.kind()) {
                        case TOKEN -> Enumerations.SearchParamType.TOKEN;
                        case DATE -> Enumerations.SearchParamType.DATE;
                        case REFERENCE -> Enumerations.SearchParamType.REFERENCE;
                    }).setDocumentation(param.documentation());
            if (param.definition() != null) {
                p.setDefinition(param.definition());
            }
        }
        if (type.equals("CarePlan")) {
            resource.addSearchInclude(SearchService.CAREPLAN_ACTIVITIES);
        }
        if (type.equals("Measure")) {
            // MeasureEndpoint: GET Measure/bone-health-monitoring and Measure/$care-gaps (Da Vinci DEQM)
            resource.addOperation().setName("care-gaps").setDefinition("http://hl7.org/fhir/OperationDefinition/Measure-care-gaps")
                    .setDocumentation("periodStart, periodEnd, subject (Patient/{id} or Group/{id}), status (open-gap, "
                            + "closed-gap, prospective-gap, not-applicable); one document Bundle per subject");
        }
        return resource;
    }
}
