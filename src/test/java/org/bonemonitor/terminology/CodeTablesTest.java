package org.bonemonitor.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeTablesTest {

    static final String RX = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";
    final CodeTables codes = CodeTables.standard();

    @Test
    void loadsEveryRowOfTheSharedTableWithItsColumns() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/main/resources/terminology/codes.csv"));
        assertThat(codes.rows()).hasSize((int) lines.stream().skip(1).filter(l -> !l.isBlank()).count());
        assertThat(codes.rows()).contains(new CodeRow("lab-egfr", "http://loinc.org", "98979-8", CodeRow.Match.EXACT,
                "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
                "no"));
        assertThat(codes.group(Groups.REC).codings()).extracting(CodeRow::code).contains("dxa-baseline", "denosumab-transition");
    }

    @Test
    void theTableIsACopyOfTheSharedClinicalTable() throws IOException {
        Path shared = Path.of("../shared/clinical/codes.csv");
        if (Files.exists(shared)) {
            assertThat(Files.readString(Path.of("src/main/resources/terminology/codes.csv"))).isEqualTo(Files.readString(shared));
        }
    }

    @ParameterizedTest(name = "{0} {1} is in {2}")
    @CsvSource({
            "http://www.nlm.nih.gov/research/umls/rxnorm, 199224, ai-anastrozole",
            "http://www.nlm.nih.gov/research/umls/rxnorm, 153124, ai-letrozole",
            "http://www.whocc.no/atc, L02BG06, ai-exemestane",
            "http://hl7.org/fhir/sid/icd-10-cm, S72.001A, fracture-hip",
            "http://hl7.org/fhir/sid/icd-10-cm, M80.08XA, osteoporotic-fracture",
            "http://hl7.org/fhir/sid/icd-10-cm, C50.912, breast-cancer",
            "http://loinc.org, 38265-5, dxa-tscore-forearm",
    })
    void matchesBySystemAndCodeWithIcdFamiliesByPrefix(String system, String code, String group) {
        assertThat(codes.matches(group, system, code)).isTrue();
        assertThat(codes.groupsOf(system, code)).contains(group);
    }

    @Test
    void aCodeNeverMatchesUnderAnotherSystem() {
        assertThat(codes.matches(Groups.AI_ANASTROZOLE, "http://snomed.info/sct", "199224")).isFalse();
        assertThat(codes.matches(Groups.FRACTURE_HIP, ICD, "S73.0")).isFalse();
    }

    @Test
    void aCodeMaySitInSeveralGroups() {
        assertThat(codes.groupsOf(RX, "993452")).contains(Groups.DENOSUMAB_60, Groups.PRODUCT_ANTIRESORPTIVE);
    }

    @Test
    void namesMatchAsWholeWordsCaseInsensitiveOnlyWhenNoCodingMatches() {
        assertThat(codes.classify(CodedConcept.ofText("ANASTROZOLE 1mg tablet"))).contains(Groups.AI_ANASTROZOLE);
        assertThat(codes.classify(CodedConcept.ofText("Arimidex"))).contains(Groups.AI_ANASTROZOLE);
        assertThat(codes.classify(CodedConcept.ofText("anastrozoles"))).isEmpty();
        assertThat(codes.classify(CodedConcept.ofText("methylprednisolone"))).containsExactly(Groups.GLUCOCORTICOID);
        // a local code only: the display is read
        var local = new CodedConcept(List.of(new CodedConcept.Coding("urn:local", "123", Optional.of("Femara 2.5 mg"))), Optional.empty());
        assertThat(codes.classify(local)).contains(Groups.AI_LETROZOLE);
        // a standard code missing from the table still falls back to the name (§5 D1)
        var unknownRx = new CodedConcept(List.of(new CodedConcept.Coding(RX, "999999", Optional.empty())), Optional.of("letrozole"));
        assertThat(codes.classify(unknownRx)).contains(Groups.AI_LETROZOLE);
        // a coding in any group stops the name match
        var coded = new CodedConcept(List.of(new CodedConcept.Coding(RX, "10324", Optional.empty())), Optional.of("not anastrozole"));
        assertThat(codes.classify(coded)).containsExactly(Groups.TAMOXIFEN);
    }

    @Test
    void anUnknownGroupFailsLoudly() {
        assertThatThrownBy(() -> codes.group("ai-unknown")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotedCsvFieldsKeepTheirCommas() {
        assertThat(CodeTables.splitCsv("a,\"b, c\",d")).containsExactly("a", "b, c", "d");
    }

    @Test
    void exposesTypedViewsOfTheGroups() {
        assertThat(codes.aromataseInhibitorsByIngredient()).containsOnlyKeys("anastrozole", "letrozole", "exemestane");
        assertThat(codes.aromataseInhibitorsByIngredient().get("exemestane").matches("http://www.whocc.no/atc", "L02BG06")).isTrue();
        assertThat(codes.dxaBySite("tscore")).containsOnlyKeys("spine", "total-hip", "femoral-neck", "forearm");
        assertThat(codes.dxaBySite("bmd").get("femoral-neck").matches("http://loinc.org", "24701-5")).isTrue();
        assertThat(codes.smokingAnswers().get("current").matches("http://snomed.info/sct", "77176002")).isTrue();
        assertThat(codes.fracturesBySite()).containsOnlyKeys("hip", "vertebral", "wrist");
        assertThat(codes.antiresorptives()).extracting(CodeTables.CodeSet::name).containsExactly("bisphosphonate", "denosumab-60");
        assertThat(codes.recommendations().codings()).allMatch(r -> r.system().equals(CodeTables.RECOMMENDATION_SYSTEM));
        assertThat(codes.systemicGlucocorticoids().names()).contains("prednisone");
    }
}
