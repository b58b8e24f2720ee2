package org.bonemonitor.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoLoaderTest {

    @Test
    void theReadmeExamplesArePackagedUnderDemo() throws IOException {
        long examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).count();
        }
        assertThat(DemoLoader.exampleBundles()).hasSize((int) examples).allSatisfy(json -> assertThat(json).contains("\"transaction\""));
    }
}
