package org.bonemonitor.terminology;

import java.util.List;
import java.util.Optional;

/**
 * A framework-free view of a FHIR CodeableConcept: its codings and its text.
 *
 * @param codings the codings (system, code, display)
 * @param text    {@code CodeableConcept.text}, if any
 */
public record CodedConcept(List<Coding> codings, Optional<String> text) {

    public record Coding(String system, String code, Optional<String> display) {
        public Coding {
            system = system == null ? "" : system;
            code = code == null ? "" : code;
            display = display == null ? Optional.empty() : display;
        }
    }

    public CodedConcept {
        codings = List.copyOf(codings);
        text = text == null ? Optional.empty() : text;
    }

    public static CodedConcept of(String system, String code) {
        return new CodedConcept(List.of(new Coding(system, code, Optional.empty())), Optional.empty());
    }

    public static CodedConcept ofText(String text) {
        return new CodedConcept(List.of(), Optional.ofNullable(text));
    }

    /** The concept's text and every coding's display: what D1's name match reads. */
    public List<String> texts() {
        var out = new java.util.ArrayList<String>();
        text.ifPresent(out::add);
        codings.forEach(c -> c.display().ifPresent(out::add));
        return out;
    }
}
