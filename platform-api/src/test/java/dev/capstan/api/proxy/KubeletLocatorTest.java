package dev.capstan.api.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class KubeletLocatorTest {

    private static ObjectNode pod(String spec) {
        return Json.parseObject(("{\"metadata\":{\"name\":\"web\"},\"spec\":" + spec + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static final ObjectNode ONE = pod("{\"containers\":[{\"name\":\"app\"}]}");
    private static final ObjectNode TWO = pod("{\"initContainers\":[{\"name\":\"setup\"}],"
            + "\"containers\":[{\"name\":\"app\"},{\"name\":\"sidecar\"}]}");

    @Test
    void theOnlyContainerIsTheDefault() {
        assertThat(KubeletLocator.container(ONE, null, true)).isEqualTo("app");
        assertThat(KubeletLocator.container(ONE, "", false)).isEqualTo("app");
    }

    @Test
    void logsOfAPodWithSeveralContainersNeedANameAndListTheInitContainersApart() {
        assertThatThrownBy(() -> KubeletLocator.container(TWO, null, true))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("a container name must be specified for pod web, choose one of: [app sidecar]"
                        + " or one of the init containers: [setup]");
    }

    @Test
    void execInAPodWithSeveralContainersNeedsANameAndListsThemAll() {
        assertThatThrownBy(() -> KubeletLocator.container(TWO, null, false))
                .hasMessage("a container name must be specified for pod web, choose one of: [setup app sidecar]");
    }

    @Test
    void anUnknownContainerIsNotValid() {
        assertThatThrownBy(() -> KubeletLocator.container(TWO, "db", true))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("BadRequest"))
                .hasMessage("container db is not valid for pod web");
    }

    @Test
    void anInitContainerCanBeNamed() {
        assertThat(KubeletLocator.container(TWO, "setup", false)).isEqualTo("setup");
    }

    @Test
    void kubeletUrlsBracketIpv6Hosts() {
        assertThat(new KubeletEndpoint("fd00::1", 10250).uri("/healthz").toString())
                .isEqualTo("https://[fd00::1]:10250/healthz");
    }
}
