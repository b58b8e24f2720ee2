package org.bonemonitor.guideline;

import java.util.List;

/** A trace line: a rule that was applied and what it concluded (every rule id appears in some finding when it fires). */
public record Finding(Rule rule, String text, List<String> sourceIds) {
    public Finding {
        sourceIds = List.copyOf(sourceIds);
    }

    public String ruleId() {
        return rule.id();
    }
}
