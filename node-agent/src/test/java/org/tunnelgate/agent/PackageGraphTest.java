package org.tunnelgate.agent;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's package graph, one way (drawn in docs/development.md):
 * <pre>
 * Main, Agent, AgentConfig ─> enroll, http ─> wireguard | openvpn ─> apply ─> state ─> json
 *                                              openvpn ─> controller ─> tls ─> json
 * </pre>
 * Each package may use only the packages listed for it here; {@code json} and {@code system} are
 * leaves every package may use. Adding an arrow means changing this table and the drawing.
 */
class PackageGraphTest {

    private static final String BASE = "org.tunnelgate.agent";
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("json", List.of());
        MAY_USE.put("system", List.of());
        MAY_USE.put("tls", List.of("json"));
        MAY_USE.put("state", List.of("json"));
        MAY_USE.put("apply", List.of("state", "json", "system"));
        MAY_USE.put("controller", List.of("tls", "json", "system"));
        MAY_USE.put("wireguard", List.of("apply", "state", "json", "system"));
        MAY_USE.put("openvpn", List.of("apply", "state", "controller", "json", "system"));
        MAY_USE.put("http", List.of("wireguard", "openvpn", "apply", "state", "controller", "tls", "json", "system"));
        MAY_USE.put("enroll", List.of("tls", "json", "system"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void every_package_uses_only_the_packages_below_it() {
        MAY_USE.forEach((pkg, allowed) -> {
            String[] own = Stream.concat(Stream.of(pkg), allowed.stream()).map(p -> BASE + "." + p + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(BASE + "." + pkg + "..")
                    .should().dependOnClassesThat(resideInAPackage(BASE + "..").and(not(resideInAnyPackage(own))))
                    .because(pkg + " may use only " + (allowed.isEmpty() ? "the JDK" : String.join(", ", allowed)))
                    .allowEmptyShould(true)
                    .check(classes);
        });
    }

    @Test
    void every_subpackage_is_in_the_table() {
        var unknown = classes.stream()
                .map(c -> c.getPackageName())
                .filter(p -> p.startsWith(BASE + "."))
                .map(p -> p.substring(BASE.length() + 1).split("\\.")[0])
                .filter(p -> !MAY_USE.containsKey(p))
                .distinct()
                .toList();

        org.assertj.core.api.Assertions.assertThat(unknown).as("packages missing from MAY_USE").isEmpty();
    }

    @Test
    void the_packages_form_no_cycle() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
