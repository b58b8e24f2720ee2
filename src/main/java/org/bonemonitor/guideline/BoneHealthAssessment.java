package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link BoneHealthRules#assess(PatientSnapshot)}: everything a CarePlan builder or a
 * CDS Hooks card needs, with nothing left to re-derive.
 *
 * @param ruleSetId       {@value BoneHealthRules#RULE_SET_ID}
 * @param ruleSetVersion  {@value BoneHealthRules#RULE_SET_VERSION}
 * @param outcome         no AI therapy / out of scope / plan / ended long ago
 * @param outcomeReason   plain-language reason of the outcome
 * @param episode         the evaluated (latest) episode, if any
 * @param population      D6, when an episode exists
 * @param category        A3 WHO category of the current T-score
 * @param currentTScore   A3
 * @param currentZScore   §5 A3/T1: the lowest Z-score of the exam A3 uses
 * @param riskFactors     A4, RF1–RF7 each present/absent/unknown with a reason (empty when no plan)
 * @param bmdTrends       A5, per site
 * @param protection      A6
 * @param dataGaps        A8
 * @param recommendations M1–M10, T1–T4, P1, E1 in rule order
 * @param findings        trace of the rules applied
 * @param inputs          provenance: the records used
 */
public record BoneHealthAssessment(
        String ruleSetId,
        String ruleSetVersion,
        LocalDate asOf,
        Outcome outcome,
        String outcomeReason,
        Optional<Episode> episode,
        Optional<Population> population,
        WhoCategory category,
        Optional<ScoreReading> currentTScore,
        Optional<ScoreReading> currentZScore,
        Map<RiskFactor, RiskFactorFinding> riskFactors,
        List<BmdTrend> bmdTrends,
        boolean significantLoss,
        Protection protection,
        LabStatus<LabStatus.VitaminD> vitaminD,
        LabStatus<LabStatus.Calcium> calcium,
        LabStatus<LabStatus.Renal> renal,
        List<DataGap> dataGaps,
        List<Recommendation> recommendations,
        List<Finding> findings,
        UsedInputs inputs) {

    public BoneHealthAssessment {
        // RF1..RF7 in order
        riskFactors = riskFactors.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(riskFactors));
        bmdTrends = List.copyOf(bmdTrends);
        dataGaps = List.copyOf(dataGaps);
        recommendations = List.copyOf(recommendations);
        findings = List.copyOf(findings);
    }

    /** The recommendation with this code, if any. */
    public Optional<Recommendation> recommendation(RecommendationCode code) {
        return recommendations.stream().filter(r -> r.code() == code).findFirst();
    }

    /** The recommendation with this CodeSystem code, if any; an unknown code is a programming error. */
    public Optional<Recommendation> recommendation(String code) {
        return recommendation(RecommendationCode.of(code).orElseThrow(() -> new IllegalArgumentException("no recommendation code " + code)));
    }

    /** The CodeSystem codes of the recommendations, in rule order. */
    public List<String> recommendationCodes() {
        return recommendations.stream().map(r -> r.code().value()).toList();
    }

    /** Whether a plan (CarePlan) applies: an outcome of PLAN. */
    public boolean hasPlan() {
        return outcome == Outcome.PLAN;
    }

    /** §3 E1 / §4: a plan with nothing left to do is {@code completed}, otherwise {@code active}. */
    public boolean planCompleted() {
        return hasPlan() && recommendations.isEmpty();
    }

    /** §6 T1: with eGFR below 35 the antiresorptive proposal offers denosumab only. */
    public boolean antiresorptiveDenosumabOnly() {
        return renal.status() == LabStatus.Renal.REDUCED || renal.status() == LabStatus.Renal.SEVERELY_REDUCED;
    }

    public FactorStatus riskFactor(RiskFactor rf) {
        RiskFactorFinding f = riskFactors.get(rf);
        return f == null ? FactorStatus.UNKNOWN : f.status();
    }

    /** Every rule id this assessment names, in recommendations and findings. */
    public java.util.Set<String> firedRuleIds() {
        var ids = new java.util.TreeSet<String>();
        recommendations.forEach(r -> ids.addAll(r.ruleIds()));
        findings.forEach(f -> ids.add(f.ruleId()));
        return ids;
    }
}
