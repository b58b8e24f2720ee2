package org.bonemonitor.guideline;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when a rule id of RULES.md (a copy in src/test/resources/clinical) is not exercised by the
 * test suite's cases: recommendation rules must appear in the {@code ruleIds} of a recommendation;
 * assessment rules (D1–D7, A1–A8), which never recommend by themselves, are listed below with the
 * reason and must appear in the findings of some case.
 */
class RuleCoverageTest {

    /** Rules that never emit a recommendation by themselves, and why; each must still fire in a named case. */
    static final Map<String, String> ASSESSMENT_RULES = Map.ofEntries(
            entry("D1", "recognition of AI evidence; exercised by S06 (text only) and SnapshotBuilderTest"),
            entry("D2", "evidence status filter; RuleCases 'a letrozole proposal is a suggestion'"),
            entry("D3", "evidence dates; RuleCases 'a completed exemestane statement without dates'"),
            entry("D4", "episode building; ThresholdCases gap 180/181 days"),
            entry("D5", "new start vs ongoing; ThresholdCases 180/181 days"),
            entry("D6", "population; S07, RuleCases premenopausal / unknown gender"),
            entry("D7", "out of scope outcome (no plan); S17, RuleCases bone metastasis"),
            entry("A1", "DXA exams; RuleCases forearm / generic T-score / 30-day exams"),
            entry("A2", "episode exams; ThresholdCases DXA 12 months before start"),
            entry("A3", "current T-score and category; ThresholdCases -1.0 / -2.5"),
            entry("A4", "risk factors; ThresholdCases RF1-RF6, RuleCases RF4-RF7"),
            entry("A5", "BMD trend; ThresholdCases LSC per site"),
            entry("A6", "protection; RuleCases denosumab 3 months ago, raloxifene"),
            entry("A7", "vitamin D / calcium / renal status; ThresholdCases"),
            entry("A8", "data gaps; S01, S06, RuleCases no birth date / unknown gender"),
            entry("D8", "scope gates (under 18, short course, indication); RuleCases 2026.2, S22"));


    static Set<String> ruleIdsOfRulesMd() throws IOException {
        try (InputStream in = RuleCoverageTest.class.getResourceAsStream("/clinical/RULES.md")) {
            String md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String rulesSections = md.substring(0, md.indexOf("## 4. Plan shape"));
            Matcher m = Pattern.compile("(?m)^\\| ([DAMTPE]\\d+) \\|").matcher(rulesSections);
            Set<String> ids = new TreeSet<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            // §6 (revision 2026.2) adds rules as "| D8 (new) |"
            Matcher added = Pattern.compile("(?m)^\\| ([DAMTPE]\\d+) \\(new\\) \\|").matcher(md.substring(md.indexOf("## 6.")));
            while (added.find()) {
                ids.add(added.group(1));
            }
            return ids;
        }
    }

    static List<BoneHealthAssessment> everyCaseOfTheSuite() {
        List<BoneHealthAssessment> out = new ArrayList<>();
        Scenarios.all().forEach(s -> out.add(BoneHealthRules.assess(s.snapshot())));
        ThresholdCases.all().forEach(c -> out.add(c.assess()));
        RuleCases.all().forEach(c -> out.add(c.assess()));
        Revision2026Cases.all().forEach(c -> out.add(c.assess()));
        return out;
    }

    @Test
    void rulesMdHasTheThirtyFiveRulesOfTheRuleSet() throws IOException {
        Set<String> ids = ruleIdsOfRulesMd();
        assertThat(ids).hasSize(35);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(Arrays.stream(Rule.values()).map(Rule::id).toList());
    }

    @Test
    void everyRuleOfRulesMdIsExercisedByTheSuite() throws IOException {
        List<BoneHealthAssessment> all = everyCaseOfTheSuite();
        Set<String> recommended = all.stream().flatMap(a -> a.recommendations().stream())
                .flatMap(r -> r.ruleIds().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> found = all.stream().flatMap(a -> a.findings().stream()).map(Finding::ruleId)
                .collect(Collectors.toCollection(TreeSet::new));

        List<String> missing = new ArrayList<>();
        for (String id : ruleIdsOfRulesMd()) {
            if (ASSESSMENT_RULES.containsKey(id)) {
                if (!found.contains(id)) {
                    missing.add(id + " (assessment rule never fired in a case)");
                }
            } else if (!recommended.contains(id)) {
                missing.add(id + " (no recommendation names it)");
            }
        }
        assertThat(missing).as("rules of RULES.md not exercised by any scenario or named case").isEmpty();
    }
}
