package dev.capstan.node.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodCidrSourceTest {

    /** A Node in memory; the IPAM controller fills in {@code assignedLater} on the given read. */
    private static final class MemoryNode implements PodCidrSource.NodeSpecs {
        String podCidr;
        String assignedLater;
        int assignOnRead = Integer.MAX_VALUE;
        int conflicts;
        int reads;
        final List<String> writes = new ArrayList<>();

        @Override
        public String podCidr() {
            if (++reads >= assignOnRead) {
                podCidr = assignedLater;
            }
            return podCidr;
        }

        @Override
        public void setPodCidr(String cidr) {
            if (conflicts > 0) {
                conflicts--;
                throw new KubernetesClientException("409 Conflict", 409, null);
            }
            writes.add(cidr);
            podCidr = cidr;
        }
    }

    private final MemoryNode node = new MemoryNode();

    private String resolve(String configured, Duration wait) {
        return new PodCidrSource(node, "n1", configured, wait, Duration.ofMillis(1)).resolve();
    }

    @Test
    void theNodesPodCidrIsTheAnswer() {
        node.podCidr = "10.42.3.0/24";
        assertThat(resolve(null, Duration.ofSeconds(30))).isEqualTo("10.42.3.0/24");
        assertThat(node.writes).isEmpty();
    }

    @Test
    void itWaitsForTheControllerToAssignOne() {
        node.assignedLater = "10.42.7.0/24";
        node.assignOnRead = 4;
        assertThat(resolve("", Duration.ofSeconds(30))).isEqualTo("10.42.7.0/24");
    }

    @Test
    void withNeitherItFallsBackToTheSingleNodeDefault() {
        assertThat(resolve(null, Duration.ofMillis(20))).isEqualTo("10.42.0.0/24");
        assertThat(node.writes).isEmpty();
    }

    @Test
    void aConfiguredSubnetIsUsedAndPublishedToTheNodeWithoutWaiting() {
        assertThat(resolve("10.42.9.0/24", Duration.ofDays(1))).isEqualTo("10.42.9.0/24");
        assertThat(node.writes).containsExactly("10.42.9.0/24");
    }

    @Test
    void aConfiguredSubnetReplacesWhatTheControllerAssignedRightAfterRegistration() {
        node.podCidr = "10.42.0.0/24";
        assertThat(resolve("10.42.9.0/24", Duration.ofSeconds(30))).isEqualTo("10.42.9.0/24");
        assertThat(node.writes).containsExactly("10.42.9.0/24");
    }

    @Test
    void aConfiguredSubnetTheNodeAlreadyHasIsNotWrittenAgain() {
        node.podCidr = "10.42.9.0/24";
        assertThat(resolve("10.42.9.0/24", Duration.ofSeconds(30))).isEqualTo("10.42.9.0/24");
        assertThat(node.writes).isEmpty();
    }

    @Test
    void aConflictingWriteIsRetried() {
        node.conflicts = 2;
        assertThat(resolve("10.42.9.0/24", Duration.ofSeconds(30))).isEqualTo("10.42.9.0/24");
        assertThat(node.writes).containsExactly("10.42.9.0/24");
    }

    @Test
    void aConfiguredSubnetThatIsNoCidrIsRefused() {
        assertThatThrownBy(() -> resolve("10.42.9.0", Duration.ofSeconds(1)).length())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
