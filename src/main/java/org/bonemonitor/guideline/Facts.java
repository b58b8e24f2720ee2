package org.bonemonitor.guideline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the assessment rules (D1–D7, A1–A7) conclude about one patient, computed once and read by
 * every recommendation rule.
 *
 * @param exposures     medication evidence that counts (D2, §0 dates)
 * @param episodeExams  A2: exams from 12 months before the episode start
 * @param current       A3: the most recent exam, when within 24 months
 * @param loss          A5: the first site with significant loss
 * @param populationFinding D6 with §6's ovarian-suppression check
 * @param osteoporosisOnRecord §6 A3: an episode exam with T ≤ −2.5 or an active osteoporosis Condition, as a reason
 * @param incomparable  §6 A5: comparisons skipped (different devices, exams more than 24 months apart)
 * @param datelessIds   §6 D3: AI evidence without any date
 */
record Facts(PatientSnapshot snapshot, List<MedicationEvidence> exposures, Episode episode, PopulationRule.Finding populationFinding,
        List<DxaExams.Exam> exams, List<DxaExams.Exam> episodeExams, Optional<DxaExams.Exam> current,
        Optional<ScoreReading> tScore, Optional<ScoreReading> zScore, WhoCategory category,
        Map<RiskFactor, RiskFactorFinding> riskFactors, List<BmdTrend> trends, Optional<BmdTrend> loss, Protection protection,
        LabStatus<LabStatus.VitaminD> vitaminD, LabStatus<LabStatus.Calcium> calcium, LabStatus<LabStatus.Renal> renal,
        Optional<ScoreReading> osteoporosisOnRecord, Optional<String> osteoporosisCondition, List<String> incomparable,
        List<String> datelessIds) {

    Population population() {
        return populationFinding.population();
    }

    /** §6 T1: with eGFR below 35, denosumab is the only antiresorptive choice. */
    boolean denosumabOnly() {
        return renal.status() == LabStatus.Renal.REDUCED || renal.status() == LabStatus.Renal.SEVERELY_REDUCED;
    }

    java.time.LocalDate asOf() {
        return snapshot.asOf();
    }

    RiskFactorFinding rf(RiskFactor factor) {
        return riskFactors.get(factor);
    }

    boolean present(RiskFactor factor) {
        return riskFactors.get(factor).present();
    }
}
