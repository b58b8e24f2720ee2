package org.bonemonitor.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Finds every Reference in a resource (contained resources and extensions included). A direct walk
 * of HAPI's model definitions that skips primitives: the generic terser visit costs several times
 * more on the ingest hot path.
 */
final class ReferenceCollector {

    private ReferenceCollector() {
    }

    static List<Reference> references(FhirContext fhir, Resource resource) {
        List<Reference> found = new ArrayList<>();
        walk(fhir, resource, fhir.getResourceDefinition(resource), found);
        return found;
    }

    private static void walk(FhirContext fhir, IBase element, BaseRuntimeElementCompositeDefinition<?> definition, List<Reference> found) {
        for (BaseRuntimeChildDefinition child : definition.getChildrenAndExtension()) {
            List<? extends IBase> values = child.getAccessor().getValues(element);
            for (IBase value : values) {
                if (value == null || value instanceof IPrimitiveType<?>) {
                    continue;
                }
                if (value instanceof Reference reference && reference.getReference() != null) {
                    found.add(reference);
                }
                BaseRuntimeElementDefinition<?> valueDefinition = value instanceof Resource r
                        ? fhir.getResourceDefinition(r) : fhir.getElementDefinition(value.getClass());
                if (valueDefinition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    walk(fhir, value, composite, found);
                }
            }
        }
    }
}
