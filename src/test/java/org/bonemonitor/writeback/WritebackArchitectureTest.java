package org.bonemonitor.writeback;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The write-back's boundaries (ARCHITECTURE.md: writeback may depend on record; STYLE.md: thin resources). */
class WritebackArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bonemonitor");

    @Test
    void dependsOnNoOtherFeatureButRecord() {
        noClasses().that().resideInAPackage("org.bonemonitor.writeback..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bonemonitor.fhir..", "org.bonemonitor.cdshooks..",
                        "org.bonemonitor.careplan..", "org.bonemonitor.guideline..", "org.bonemonitor.snapshot..",
                        "org.bonemonitor.ops..", "org.bonemonitor.terminology..")
                .check(MAIN);
    }

    @Test
    void resourcesOnlyBindAndCallTheirService() {
        // the deliveries resource lives in ops now (one /api/ops API): it still only calls DeliveryService
        noClasses().that().haveSimpleNameEndingWith("Resource").and().resideInAnyPackage("org.bonemonitor.writeback..", "org.bonemonitor.ops..")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().resideInAPackage("jakarta.transaction..")
                .orShould().dependOnClassesThat().haveSimpleName("OutboxEntry")
                .check(MAIN);
    }

    @Test
    void theOutboxTablesAreOnlyTouchedInsideTheFeature() {
        classes().that().haveSimpleName("OutboxRepository")
                .should().onlyHaveDependentClassesThat().resideInAPackage("org.bonemonitor.writeback..")
                .check(MAIN);
    }
}
