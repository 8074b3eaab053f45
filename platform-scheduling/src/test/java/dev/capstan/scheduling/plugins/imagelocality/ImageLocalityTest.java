package dev.capstan.scheduling.plugins.imagelocality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.ImageState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageLocalityTest {

    private static final long MB = 1024L * 1024;

    private final ImageLocality plugin = new ImageLocality();

    static Pod pod(String... images) {
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            containers.add(new ContainerBuilder().withName("c" + i).withImage(images[i]).build());
        }
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
    }

    static NodeInfo node(String name, Map<String, ImageState> images) {
        NodeInfo node = new NodeInfo(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build());
        node.setImages(images);
        return node;
    }

    /**
     * Upstream's two nodes: one with 40MB, 300MB and 2000MB images, one with 250MB and 10MB images; each image on
     * one node of two.
     */
    static List<NodeInfo> upstreamNodes() {
        return List.of(
                node("node403002000", Map.of("gcr.io/40:latest", new ImageState(40 * MB, 1),
                        "gcr.io/300:latest", new ImageState(300 * MB, 1), "gcr.io/2000:latest", new ImageState(2000 * MB, 1))),
                node("node25010", Map.of("gcr.io/250:latest", new ImageState(250 * MB, 1),
                        "gcr.io/10:latest", new ImageState(10 * MB, 1))));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // node403002000: 40MB/2 = 20MB, under the 23MB floor -> 0; node25010: 250MB/2 -> 100*(125-23)/(2000-23) = 5
                Arguments.of("two images spread on two nodes prefer the larger image",
                        pod("gcr.io/40", "gcr.io/250"), upstreamNodes(), List.of(0L, 5L)),
                // node403002000: (40+300)/2 = 170MB -> 100*(170-23)/1977 = 7
                Arguments.of("two images on one node prefer that node",
                        pod("gcr.io/40", "gcr.io/300"), upstreamNodes(), List.of(7L, 0L)),
                // node403002000: 2000MB/2 = 1000MB -> 100*(1000-23)/1977 = 49; node25010: 10MB/2 -> 0
                Arguments.of("a large image scores by its spread-scaled size",
                        pod("gcr.io/2000", "gcr.io/10"), upstreamNodes(), List.of(49L, 0L)),
                // one container: the 2000MB image on both nodes counts fully and is clamped to the 1000MB ceiling
                Arguments.of("sizes above the per-container ceiling are clamped", pod("gcr.io/2000:latest"),
                        List.of(node("a", Map.of("gcr.io/2000:latest", new ImageState(2000 * MB, 2))),
                                node("b", Map.of("gcr.io/2000:latest", new ImageState(2000 * MB, 2)))),
                        List.of(100L, 100L)),
                Arguments.of("an image the node lacks scores nothing", pod("gcr.io/nothing:1"), upstreamNodes(),
                        List.of(0L, 0L)),
                // containerd reports docker.io/library/...: 500MB on 1 of 1 node -> 100*(500-23)/977 = 48
                Arguments.of("a Docker Hub short name matches the node's fully qualified name", pod("nginx:1.25"),
                        List.of(node("a", Map.of("docker.io/library/nginx:1.25", new ImageState(500 * MB, 1)))),
                        List.of(48L)),
                Arguments.of("a fully qualified name matches the node's short name", pod("docker.io/library/nginx"),
                        List.of(node("a", Map.of("nginx:latest", new ImageState(500 * MB, 1)))), List.of(48L)),
                Arguments.of("a Docker Hub user image without docker.io matches", pod("bitnami/redis:7"),
                        List.of(node("a", Map.of("docker.io/bitnami/redis:7", new ImageState(500 * MB, 1)))),
                        List.of(48L)),
                Arguments.of("a private registry image never matches a Docker Hub name", pod("registry.local:5000/app:1"),
                        List.of(node("a", Map.of("docker.io/registry.local:5000/app:1", new ImageState(500 * MB, 1)))),
                        List.of(0L)),
                Arguments.of("another tag is another image", pod("gcr.io/40:v2"), upstreamNodes(), List.of(0L, 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prefersNodesThatAlreadyHaveThePodsImages(String description, Pod pod, List<NodeInfo> nodes,
            List<Long> expected) {
        CycleState state = new CycleState();
        plugin.preFilter(state, pod, new Snapshot(nodes));
        assertThat(plugin.preScore(state, pod, nodes).isSuccess()).isTrue();

        List<Long> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(plugin.score(state, pod, node));
        }

        assertThat(scores).containsExactlyElementsOf(expected);
    }

    @Test
    void theSpreadUsesEveryNodeOfTheSnapshotNotOnlyTheFeasibleOnes() {
        Pod pod = pod("gcr.io/300");
        NodeInfo withImage = node("a", Map.of("gcr.io/300:latest", new ImageState(300 * MB, 1)));
        List<NodeInfo> all = List.of(withImage, node("b", Map.of()), node("c", Map.of()));
        CycleState state = new CycleState();

        plugin.preFilter(state, pod, new Snapshot(all));
        plugin.preScore(state, pod, List.of(withImage));

        // 300MB * 1/3 = 100MB -> 100*(100-23)/(1000-23) = 7 (with only the feasible node it would be 28)
        assertThat(plugin.score(state, pod, withImage)).isEqualTo(7L);
    }

    @Test
    void untaggedNamesMeanLatestAndDigestsAreKept() {
        assertThat(ImageNames.normalize("gcr.io/40")).isEqualTo("gcr.io/40:latest");
        assertThat(ImageNames.normalize("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
        assertThat(ImageNames.normalize("nginx@sha256:abc")).isEqualTo("nginx@sha256:abc");
        assertThat(ImageNames.normalize("nginx:1.25")).isEqualTo("nginx:1.25");
    }
}
