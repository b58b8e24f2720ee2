package org.bonemonitor.guideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's rules table is the one generated from {@link Rule}: it cannot drift from the code. */
class RuleTableTest {

    static final String BEGIN = "<!-- rules:begin -->";
    static final String END = "<!-- rules:end -->";

    @Test
    void readmeRulesTableMatchesTheRuleMetadata() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README has " + BEGIN).isNotNegative();
        assertThat(end).as("README has " + END).isGreaterThan(begin);
        String actual = readme.substring(begin + BEGIN.length(), end).strip();
        String expected = Rule.markdownTable().strip();

        assertThat(actual)
                .withFailMessage("README.md rules table is out of date. Put this between the markers:%n%s%n%s%n%s", BEGIN, expected, END)
                .isEqualTo(expected);
    }
}
