package org.bonemonitor;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md "After wave 1": packages with one-way dependencies — no cycle between any two features. */
class PackageCyclesTest {

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bonemonitor");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.bonemonitor.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
