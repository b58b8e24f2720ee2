package org.bonemonitor.guideline;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** E1 (§5): the post-therapy plan of an ended episode: a DXA 12 months after the end unless the last category was normal. */
final class PostTherapyRule {

    /** E1: the post-therapy DXA is due this many months after the end [SEEDS: ATAC]. */
    static final int E1_FOLLOWUP_MONTHS = 12;

    private PostTherapyRule() {
    }

    /** §6 D8: an ended course shorter than this many days (e.g. ovulation induction) gets no E1. */
    static final long D8_MIN_COURSE_DAYS = 90;

    static void e1(Facts f, PlanDraft out) {
        LocalDate end = f.episode().end().orElseThrow();
        if (f.episode().exposureDays() < D8_MIN_COURSE_DAYS) {
            out.find(Rule.D8, "a short course (" + f.episode().exposureDays() + " days of aromatase inhibitor, under "
                    + D8_MIN_COURSE_DAYS + "): no post-therapy DXA", f.episode().evidenceIds());
            return;
        }
        Optional<DxaExams.Exam> last = f.exams().stream().filter(x -> !x.date().isAfter(end)).reduce((a, b) -> b);
        WhoCategory lastCategory = last.map(x -> DxaExams.category(x.lowestTScore())).orElse(WhoCategory.UNKNOWN);
        last.ifPresent(x -> out.dxaIds.addAll(x.sourceIds()));
        if (lastCategory == WhoCategory.NORMAL) {
            out.find(Rule.E1, "therapy ended " + end + "; last DXA " + last.get().date() + " normal: no post-therapy DXA",
                    last.get().sourceIds());
            return;
        }
        out.add(RecommendationCode.DXA_FOLLOWUP, end.plusMonths(E1_FOLLOWUP_MONTHS), true, Rule.E1,
                "aromatase-inhibitor therapy ended " + end + "; "
                        + last.map(x -> "last DXA " + x.date() + " category " + lastCategory.code()).orElse("no DXA on record")
                        + ": DXA 12 months after the end (bone loss stops after the drug ends)",
                List.of("SEEDS"), last.map(DxaExams.Exam::sourceIds).orElse(List.of()));
    }
}
