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
 */
record Facts(PatientSnapshot snapshot, List<MedicationEvidence> exposures, Episode episode, Population population,
        List<DxaExams.Exam> exams, List<DxaExams.Exam> episodeExams, Optional<DxaExams.Exam> current,
        Optional<ScoreReading> tScore, Optional<ScoreReading> zScore, WhoCategory category,
        Map<RiskFactor, RiskFactorFinding> riskFactors, List<BmdTrend> trends, Optional<BmdTrend> loss, Protection protection,
        LabStatus<LabStatus.VitaminD> vitaminD, LabStatus<LabStatus.Calcium> calcium, LabStatus<LabStatus.Renal> renal) {

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
