package org.bonemonitor.cdshooks;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * HAPI's lenient parse of what a CDS client sends (prefetch, draft orders), with each warning
 * logged once with the hook, the service id and the correlation id, so an integration engineer can
 * find the call that sent it. Element names and locations only, never values (they may be PHI).
 */
final class CdsParseWarnings extends LenientErrorHandler {

    private static final Logger LOG = Logger.getLogger(CdsParseWarnings.class);

    private final String hook;
    private final String serviceId;

    CdsParseWarnings(String hook, String serviceId) {
        super(false);
        this.hook = hook;
        this.serviceId = serviceId;
    }

    private void warn(IParserErrorHandler.IParseLocation location, String what) {
        Object correlationId = MDC.get("correlationId");
        LOG.warnf("CDS %s (service %s, correlation id %s): lenient parse: %s%s", hook, serviceId, correlationId, what,
                location == null || location.getParentElementName() == null ? "" : " in " + location.getParentElementName());
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        warn(location, "unknown element '" + elementName + "'");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        warn(location, "unknown attribute '" + attributeName + "'");
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        warn(location, "element '" + elementName + "' repeats but may occur once");
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected, BaseJsonLikeValue.ScalarType expectedScalar,
            BaseJsonLikeValue.ValueType found, BaseJsonLikeValue.ScalarType foundScalar) {
        warn(location, "element '" + elementName + "' is a JSON " + found + ", expected " + expected);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        warn(location, "an invalid value");
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String elementName) {
        warn(location, "required element '" + elementName + "' is missing");
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
        warn(location, "a reference to an unknown contained resource");
    }
}
