package org.tunnelgate.portal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    void everyAdminResourceIsDescribed() {
        List<Class<?>> admin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tunnelgate.portal.rest").stream()
                .<Class<?>>map(c -> c.reflect())
                .filter(c -> c.isAnnotationPresent(Path.class) && c.getAnnotation(Path.class).value().startsWith("admin"))
                .toList();
        assertThat(OpenApiDocument.ADMIN_RESOURCES).containsExactlyInAnyOrderElementsOf(admin);
    }

    @Test
    void everyOperationHasASummaryOfItsOwnAndItsAnswers() {
        for (OpenApiDocument.Op op : OpenApiDocument.operations()) {
            assertThat(op.summary()).as("%s %s", op.method(), op.path()).doesNotStartWith(op.method().toUpperCase() + " /");
            assertThat(op.responses()).as("%s %s", op.method(), op.path()).containsKeys("401", "403");
        }
        assertThat(Operation.class).isNotNull();
    }

    @Test
    void theDocumentIsOpenApi3WithPathsParametersAndBodies() {
        JsonObject doc = OpenApiDocument.document("https://vpn.example.org", "1.0");
        assertThat(doc.getString("openapi")).isEqualTo("3.0.3");
        JsonObject live = doc.getJsonObject("paths").getJsonObject("/api/admin/connections/live").getJsonObject("get");
        assertThat(live.getJsonArray("parameters").toString()).contains("\"name\":\"protocol\"", "\"in\":\"query\"");
        JsonObject create = doc.getJsonObject("paths").getJsonObject("/api/admin/users").getJsonObject("post");
        assertThat(create.getJsonObject("requestBody").toString()).contains("application/json");
        assertThat(create.getJsonObject("responses").keySet()).contains("201", "400", "409");
        JsonObject disconnect = doc.getJsonObject("paths").getJsonObject("/api/admin/connections/{id}").getJsonObject("delete");
        assertThat(disconnect.getJsonArray("parameters").toString()).contains("\"in\":\"path\"", "\"type\":\"integer\"");
        assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").keySet()).containsExactly("token", "basic");
    }
}
