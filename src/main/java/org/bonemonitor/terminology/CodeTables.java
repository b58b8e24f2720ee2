package org.bonemonitor.terminology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The code tables of {@code terminology/codes.csv} (a copy of {@code shared/clinical/codes.csv}),
 * loaded once and immutable. Matching is by system + code (prefix rows match ICD-10-CM families);
 * names are matched as whole words, case-insensitive, only when no coding of a concept matches any
 * group (RULES.md D1 and its §5 clarification).
 */
public final class CodeTables {

    public static final String RESOURCE = "/terminology/codes.csv";
    /** The recommendation CodeSystem's canonical URL (group {@code rec}). */
    public static final String RECOMMENDATION_SYSTEM = "https://bone-monitor.org/fhir/CodeSystem/recommendation";

    private static final java.util.concurrent.ConcurrentMap<String, Pattern> WORD_PATTERNS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final CodeTables STANDARD = load();

    private final List<CodeRow> rows;
    private final Map<String, CodeSet> groups;

    private CodeTables(List<CodeRow> rows) {
        this.rows = List.copyOf(rows);
        Map<String, List<CodeRow>> byGroup = new LinkedHashMap<>();
        rows.forEach(r -> byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r));
        Map<String, CodeSet> sets = new LinkedHashMap<>();
        byGroup.forEach((g, rs) -> sets.put(g, new CodeSet(g, rs)));
        this.groups = Collections.unmodifiableMap(sets);
    }

    /** The table shipped with the service. */
    public static CodeTables standard() {
        return STANDARD;
    }

    public static CodeTables parse(InputStream csv) {
        try (var reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            List<CodeRow> rows = new ArrayList<>();
            String header = reader.readLine();
            if (header == null || !header.trim().equals("group,system,code,match,display,verified")) {
                throw new IllegalStateException("codes.csv: unexpected header " + header);
            }
            String line;
            int n = 1;
            while ((line = reader.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = splitCsv(line);
                if (f.size() != 6) {
                    throw new IllegalStateException("codes.csv line " + n + ": expected 6 fields, got " + f.size());
                }
                rows.add(new CodeRow(f.get(0), f.get(1), f.get(2),
                        "prefix".equals(f.get(3)) ? CodeRow.Match.PREFIX : CodeRow.Match.EXACT, display(f.get(4)), f.get(5)));
            }
            return new CodeTables(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CodeTables load() {
        InputStream in = CodeTables.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + RESOURCE);
        }
        return parse(in);
    }

    /**
     * A display without the table's revision marker: codes.csv marks rows added in a revision as
     * "(2026.2)" / "(2026.2; …)" / "(…; 2026.2)"; that is bookkeeping, not part of what a user sees.
     */
    static String display(String raw) {
        return raw.replaceAll("\\s*\\(\\d{4}\\.\\d+\\)$", "").replaceAll("\\(\\d{4}\\.\\d+;\\s*", "(")
                .replaceAll(";\\s*\\d{4}\\.\\d+\\)", ")");
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Every row, in file order. */
    public List<CodeRow> rows() {
        return rows;
    }

    /** Group names, in file order. */
    public Set<String> groupNames() {
        return groups.keySet();
    }

    /** One group; throws for an unknown name (a typo in code must fail loudly). */
    public CodeSet group(String name) {
        CodeSet set = groups.get(name);
        if (set == null) {
            throw new IllegalArgumentException("no group " + name + " in codes.csv");
        }
        return set;
    }

    /** Whether the coding is in the group. */
    public boolean matches(String group, String system, String code) {
        return group(group).matches(system, code);
    }

    /** The groups a single coding belongs to (a code may sit in several groups). */
    public Set<String> groupsOf(String system, String code) {
        Set<String> out = new LinkedHashSet<>();
        for (CodeRow r : rows) {
            if (r.matches(system, code)) {
                out.add(r.group());
            }
        }
        return out;
    }

    /**
     * D1: the groups of a concept. Codings are looked up first; only when no coding matches any
     * group is the text ({@code text} or a coding's display) matched against the name rows.
     */
    public Set<String> classify(CodedConcept concept) {
        Set<String> out = new TreeSet<>();
        for (CodedConcept.Coding c : concept.codings()) {
            out.addAll(groupsOf(c.system(), c.code()));
        }
        if (out.isEmpty()) {
            out.addAll(groupsOfText(concept.texts()));
        }
        return out;
    }

    /** D1 for one group: whether the concept is in the group by code or, when no coding matches any group, by name. */
    public boolean isIn(String group, CodedConcept concept) {
        return classify(concept).contains(group(group).name());
    }

    /** The groups whose names occur as a whole word (case-insensitive) in any of the texts. */
    public Set<String> groupsOfText(List<String> texts) {
        Set<String> out = new TreeSet<>();
        for (CodeSet set : groups.values()) {
            for (String t : texts) {
                if (set.matchesText(t)) {
                    out.add(set.name());
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ typed views of the groups

    /** Aromatase inhibitors by ingredient: anastrozole, letrozole, exemestane. */
    public Map<String, CodeSet> aromataseInhibitorsByIngredient() {
        Map<String, CodeSet> m = new LinkedHashMap<>();
        Groups.AROMATASE_INHIBITORS.forEach(g -> m.put(g.substring("ai-".length()), group(g)));
        return Collections.unmodifiableMap(m);
    }

    /** Antiresorptives that protect (A6): bisphosphonates and denosumab 60 mg. */
    public List<CodeSet> antiresorptives() {
        return List.of(group(Groups.BISPHOSPHONATE), group(Groups.DENOSUMAB_60));
    }

    public CodeSet systemicGlucocorticoids() {
        return group(Groups.GLUCOCORTICOID);
    }

    public CodeSet tamoxifen() {
        return group(Groups.TAMOXIFEN);
    }

    public CodeSet testosterone() {
        return group(Groups.TESTOSTERONE);
    }

    public CodeSet gnrhAgonists() {
        return group(Groups.GNRH_AGONIST);
    }

    /** DXA codes of one measure ({@code tscore}, {@code zscore}, {@code bmd}) by site ({@code spine}, {@code total-hip}…). */
    public Map<String, CodeSet> dxaBySite(String measure) {
        String prefix = Groups.DXA_PREFIX + measure + "-";
        Map<String, CodeSet> m = new LinkedHashMap<>();
        groups.forEach((name, set) -> {
            if (name.startsWith(prefix)) {
                m.put(name.substring(prefix.length()), set);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    public CodeSet vitaminD25Oh() {
        return group(Groups.LAB_25OHD);
    }

    public CodeSet calcium() {
        return group(Groups.LAB_CALCIUM);
    }

    public CodeSet creatinine() {
        return group(Groups.LAB_CREATININE);
    }

    public CodeSet egfr() {
        return group(Groups.LAB_EGFR);
    }

    public CodeSet estradiol() {
        return group(Groups.LAB_ESTRADIOL);
    }

    public CodeSet bmi() {
        return group(Groups.BMI);
    }

    public CodeSet bodyWeight() {
        return group(Groups.BODY_WEIGHT);
    }

    public CodeSet bodyHeight() {
        return group(Groups.BODY_HEIGHT);
    }

    public CodeSet smokingStatus() {
        return group(Groups.SMOKING_STATUS);
    }

    /** Smoking answers: current, former, never, unknown. */
    public Map<String, CodeSet> smokingAnswers() {
        Map<String, CodeSet> m = new LinkedHashMap<>();
        for (String g : List.of(Groups.SMOKER_CURRENT, Groups.SMOKER_FORMER, Groups.SMOKER_NEVER, Groups.SMOKER_UNKNOWN)) {
            m.put(g.substring("smoker-".length()), group(g));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Personal fracture groups by site ({@code hip}, {@code vertebral}, {@code wrist}) — RF5. */
    public Map<String, CodeSet> fracturesBySite() {
        Map<String, CodeSet> m = new LinkedHashMap<>();
        groups.forEach((name, set) -> {
            if (name.startsWith(Groups.FRACTURE_PREFIX)) {
                m.put(name.substring(Groups.FRACTURE_PREFIX.length()), set);
            }
        });
        return Collections.unmodifiableMap(m);
    }

    public CodeSet osteoporoticFracture() {
        return group(Groups.OSTEOPOROTIC_FRACTURE);
    }

    public CodeSet familyHipFracture() {
        return group(Groups.FAMILY_HIP_FRACTURE);
    }

    /** The project's recommendation CodeSystem ({@value #RECOMMENDATION_SYSTEM}). */
    public CodeSet recommendations() {
        return group(Groups.REC);
    }

    /** The display of a recommendation code (group {@code rec}). */
    public Optional<String> recommendationDisplay(String code) {
        return group(Groups.REC).rows().stream().filter(r -> r.code().equals(code)).map(CodeRow::display).findFirst();
    }

    /** Whole-word, case-insensitive occurrence of {@code word} in {@code text}. */
    public static boolean containsWord(String text, String word) {
        if (text == null || word == null || word.isBlank()) {
            return false;
        }
        Pattern p = WORD_PATTERNS.computeIfAbsent(word.toLowerCase(Locale.ROOT),
                w -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}])"));
        return p.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    /** The codes of one group of {@code codes.csv}. */
    public static final class CodeSet {
        private final String name;
        private final List<CodeRow> rows;

        CodeSet(String name, List<CodeRow> rows) {
            this.name = name;
            this.rows = List.copyOf(rows);
        }

        public String name() {
            return name;
        }

        public List<CodeRow> rows() {
            return rows;
        }

        /** The coding rows (no text rows). */
        public List<CodeRow> codings() {
            return rows.stream().filter(r -> !r.isText()).toList();
        }

        /** The names matched as text (D1). */
        public List<String> names() {
            return rows.stream().filter(CodeRow::isText).map(CodeRow::code).toList();
        }

        public boolean matches(String system, String code) {
            return rows.stream().anyMatch(r -> r.matches(system, code));
        }

        public boolean matchesText(String text) {
            return rows.stream().filter(CodeRow::isText).anyMatch(r -> containsWord(text, r.code()));
        }

        @Override
        public String toString() {
            return "CodeSet[" + name + ", " + rows.size() + " rows]";
        }
    }
}
