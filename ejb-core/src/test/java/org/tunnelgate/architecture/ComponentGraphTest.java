package org.tunnelgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rooms of ejb-core and the arrows between them, as {@code docs/development.md} draws them. A
 * new import that points upwards, sideways where no arrow is drawn, or closes a circle fails the build.
 */
class ComponentGraphTest {

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tunnelgate");

    @Test
    void componentsDependOnEachOtherOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("stats").definedBy("org.tunnelgate.stats..")
                .layer("peer").definedBy("org.tunnelgate.peer..")
                .layer("node").definedBy("org.tunnelgate.node..")
                .layer("openvpn").definedBy("org.tunnelgate.openvpn..")
                .layer("oauth").definedBy("org.tunnelgate.oauth..")
                .layer("profile").definedBy("org.tunnelgate.profile..")
                .layer("account").definedBy("org.tunnelgate.account..")
                .layer("pki").definedBy("org.tunnelgate.pki..")
                .layer("audit").definedBy("org.tunnelgate.audit..")
                .layer("platform").definedBy("org.tunnelgate.platform..")
                .whereLayer("stats").mayNotBeAccessedByAnyLayer()
                .whereLayer("peer").mayOnlyBeAccessedByLayers("stats")
                .whereLayer("node").mayOnlyBeAccessedByLayers("stats", "peer")
                .whereLayer("openvpn").mayOnlyBeAccessedByLayers("stats", "peer", "node")
                .whereLayer("oauth").mayOnlyBeAccessedByLayers("stats", "peer")
                .whereLayer("profile").mayOnlyBeAccessedByLayers("stats", "peer", "node", "openvpn")
                .whereLayer("account").mayOnlyBeAccessedByLayers("stats", "peer", "node", "openvpn", "oauth", "profile")
                .whereLayer("pki").mayOnlyBeAccessedByLayers("stats", "peer", "node", "openvpn")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("stats", "peer", "node", "openvpn", "oauth", "profile",
                        "account", "pki")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("stats", "peer", "node", "openvpn", "oauth",
                        "profile", "account", "pki", "audit")
                .withOptionalLayers(true)
                .check(CORE);
    }

    @Test
    void noComponentsFormACycle() {
        slices().matching("org.tunnelgate.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void entitiesUseNeitherControlNorBoundaryClasses() {
        noClasses().that().resideInAPackage("..entity..")
                .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..")
                .check(CORE);
    }

    @Test
    void controlClassesDoNotCallBoundaries() {
        noClasses().that().resideInAPackage("..control..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(CORE);
    }

    @Test
    void aComponentsOwnExceptionsAndEventsDependOnNothingInsideIt() {
        noClasses().that().resideInAPackage("org.tunnelgate.*")
                .should().dependOnClassesThat().resideInAnyPackage("..boundary..", "..control..", "..entity..")
                .check(CORE);
    }

    @Test
    void businessRefusalsCarryNoHttpStatus() {
        noClasses().that().doNotHaveFullyQualifiedName(AGENT_CLIENT)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..")
                .because("HTTP statuses are decided in portal-war")
                .check(CORE);
    }

    /** The one class that speaks HTTP from ejb-core: the client of the node agents' API. */
    static final String AGENT_CLIENT = "org.tunnelgate.node.control.NodeClient";

    @Test
    void onlyTheAgentClientSpeaksHttpAndOnlyAsAClient() {
        noClasses().that().haveFullyQualifiedName(AGENT_CLIENT)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.ws.rs.container..")
                .because("the agent client calls out; it answers no HTTP request")
                .check(CORE);
    }
}
