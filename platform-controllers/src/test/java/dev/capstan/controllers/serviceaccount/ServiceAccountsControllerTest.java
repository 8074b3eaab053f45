package dev.capstan.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceAccountsControllerTest {

    static Stream<Arguments> namespaces() {
        return Stream.of(
                Arguments.of("a missing namespace gets nothing", null, false),
                Arguments.of("an active namespace gets the default account",
                        new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().withNewStatus().withPhase("Active").endStatus().build(), true),
                Arguments.of("a namespace without status yet counts as active",
                        new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build(), true),
                Arguments.of("a terminating namespace gets nothing",
                        new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().withNewStatus().withPhase("Terminating").endStatus().build(), false),
                Arguments.of("a namespace marked for deletion gets nothing",
                        new NamespaceBuilder().withNewMetadata().withName("a").withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namespaces")
    void onlyActiveNamespacesGetServiceAccounts(String sentence, Namespace namespace, boolean active) {
        assertThat(ServiceAccountsController.isActive(namespace)).isEqualTo(active);
    }
}
