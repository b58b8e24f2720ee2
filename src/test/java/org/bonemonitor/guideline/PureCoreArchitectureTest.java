package org.bonemonitor.guideline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: guideline and terminology are pure Java; snapshot may use HAPI but no framework. */
class PureCoreArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bonemonitor");

    @Test
    void guidelineImportsOnlyJavaAndTerminology() {
        classes().that().resideInAPackage("org.bonemonitor.guideline..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.bonemonitor.guideline..",
                        "org.bonemonitor.terminology..")
                .check(MAIN);
    }

    @Test
    void terminologyImportsOnlyJava() {
        classes().that().resideInAPackage("org.bonemonitor.terminology..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.bonemonitor.terminology..")
                .check(MAIN);
    }

    @Test
    void snapshotUsesNoQuarkusCdiOrJpa() {
        noClasses().that().resideInAPackage("org.bonemonitor.snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax.persistence..",
                        "org.hibernate..", "io.smallrye..")
                .check(MAIN);
    }

    @Test
    void snapshotDependsOnlyOnOurCoreHapiAndJava() {
        classes().that().resideInAPackage("org.bonemonitor.snapshot..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.bonemonitor.snapshot..",
                        "org.bonemonitor.guideline..", "org.bonemonitor.terminology..", "org.hl7.fhir..", "ca.uhn.fhir..")
                .check(MAIN);
    }
}
