package org.bonemonitor.guideline;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formatting of numbers in plain-language reasons (a real minus sign, no float noise). */
final class Text {
    private Text() {
    }

    static String num(BigDecimal v) {
        String s = v.stripTrailingZeros().scale() < 1 ? v.setScale(1, RoundingMode.HALF_UP).toPlainString()
                : v.stripTrailingZeros().toPlainString();
        return s.replace('-', '\u2212');
    }

    static String num1(BigDecimal v) {
        return v.setScale(1, RoundingMode.HALF_UP).toPlainString().replace('-', '\u2212');
    }

    static String score(ScoreReading r) {
        return num(r.value()) + " (" + r.site().label() + ", " + r.date() + ")";
    }
}
