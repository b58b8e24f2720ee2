package org.bonemonitor.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART Backend Services scopes of a token's space-separated {@code scope} claim, and what they
 * grant. Understood: {@code system/<Type|*>.<read|write|*>} (SMART v1) and
 * {@code system/<Type|*>.<cruds subset, in order>} (SMART v2). {@code patient/} and {@code user/}
 * scopes and v2 scopes with a query ({@code ?category=...}) grant nothing here: a backend service has
 * no launch context, and fine-grained filters are not enforced, so they are not honoured either.
 * Other scopes (such as {@link #OPS}) are kept as they are, for {@link #has(String)}.
 */
public final class SmartScopes {

    /** Reads of the ops surface ({@code /api/ops/*}). */
    public static final String OPS = "bone-monitor/ops";
    /** Reads of the audit trail ({@code GET /fhir/AuditEvent}); never implied by a {@code system/*} scope. */
    public static final String AUDIT = "bone-monitor/audit";

    /** The five SMART v2 interactions, in the order their letters appear in a scope. */
    public enum Interaction {
        CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

        final char letter;

        Interaction(char letter) {
            this.letter = letter;
        }
    }

    private static final Pattern SYSTEM = Pattern.compile("system/([A-Z][A-Za-z]{0,63}|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

    private record Grant(String type, String letters) {
    }

    private final List<Grant> grants;
    private final Set<String> raw;

    private SmartScopes(List<Grant> grants, Set<String> raw) {
        this.grants = grants;
        this.raw = raw;
    }

    /** Everything: what a request gets while authentication is switched off. */
    public static final SmartScopes UNRESTRICTED = new SmartScopes(List.of(new Grant("*", "cruds")), Set.of(OPS, AUDIT));

    public static SmartScopes parse(String scopeClaim) {
        if (scopeClaim == null || scopeClaim.isBlank()) {
            return new SmartScopes(List.of(), Set.of());
        }
        List<Grant> grants = new ArrayList<>();
        Set<String> raw = new java.util.LinkedHashSet<>();
        for (String scope : scopeClaim.trim().split("\\s+")) {
            raw.add(scope);
            Matcher m = SYSTEM.matcher(scope);
            if (!m.matches() || m.group(2).isEmpty()) {
                continue;
            }
            String letters = switch (m.group(2)) {
                case "read" -> "rs";
                case "write" -> "cud";
                case "*" -> "cruds";
                default -> m.group(2);
            };
            grants.add(new Grant(m.group(1), letters));
        }
        return new SmartScopes(List.copyOf(grants), Set.copyOf(raw));
    }

    /** Whether some scope grants this interaction on this resource type. */
    public boolean permits(String type, Interaction interaction) {
        for (Grant g : grants) {
            if ((g.type().equals("*") || g.type().equals(type)) && g.letters().indexOf(interaction.letter) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether this exact (non-SMART) scope was granted. */
    public boolean has(String scope) {
        return raw.contains(scope);
    }

    /** The scope a caller would need, for the 403 answer: v1 form, which every SMART server understands. */
    public static String needed(String type, Interaction interaction) {
        return "system/" + type + (interaction == Interaction.READ || interaction == Interaction.SEARCH ? ".read" : ".write");
    }

    @Override
    public String toString() {
        return String.join(" ", raw);
    }
}
