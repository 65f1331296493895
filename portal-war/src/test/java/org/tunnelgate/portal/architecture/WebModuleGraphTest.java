package org.tunnelgate.portal.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms of portal-war, as {@code docs/development.md} draws them: the edges (pages, admin pages,
 * VPN-app API, OAuth server, admin REST, agent endpoints) sit on {@code http} and {@code security} and
 * do not use each other; the whole module reaches ejb-core through boundaries, entities and the
 * components' own exceptions — never through their control classes.
 */
class WebModuleGraphTest {

    static final JavaClasses PORTAL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tunnelgate.portal");

    @Test
    void edgesStandOnHttpAndSecurityAndNotOnEachOther() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy("org.tunnelgate.portal.web..")
                .layer("admin").definedBy("org.tunnelgate.portal.admin..")
                .layer("api").definedBy("org.tunnelgate.portal.api..")
                .layer("oauth").definedBy("org.tunnelgate.portal.oauth..")
                .layer("rest").definedBy("org.tunnelgate.portal.rest..")
                .layer("node").definedBy("org.tunnelgate.portal.node..")
                .layer("security").definedBy("org.tunnelgate.portal.security..")
                .layer("http").definedBy("org.tunnelgate.portal.http..")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("oauth").mayNotBeAccessedByAnyLayer()
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("node").mayNotBeAccessedByAnyLayer()
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                // the admin console is a set of portal pages: it shares the page messages
                .whereLayer("web").mayOnlyBeAccessedByLayers("admin")
                .whereLayer("security").mayOnlyBeAccessedByLayers("web", "admin", "api", "oauth", "rest", "node")
                .whereLayer("http").mayOnlyBeAccessedByLayers("web", "admin", "api", "oauth", "rest", "node", "security")
                .withOptionalLayers(true)
                .check(PORTAL);
    }

    @Test
    void noPackagesFormACycle() {
        slices().matching("org.tunnelgate.portal.(*)..").should().beFreeOfCycles().check(PORTAL);
    }

    @Test
    void thePortalCallsBoundariesNotControlClasses() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.tunnelgate..control..")
                .check(PORTAL);
    }
}
