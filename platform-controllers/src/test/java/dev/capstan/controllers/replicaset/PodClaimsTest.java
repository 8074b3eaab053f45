package dev.capstan.controllers.replicaset;

import static dev.capstan.controllers.replicaset.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodClaimsTest {

    enum Decision { OWNED, ADOPT, RELEASE, IGNORE }

    private static final Map<String, String> OTHER = Map.of("app", "db");

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("a matching pod it controls is owned", false,
                        pod("p").labels(Owners.APP).controlledBy("ReplicaSet", "web", "rs-uid"), Decision.OWNED),
                Arguments.of("a matching orphan is adopted", false, pod("p").labels(Owners.APP), Decision.ADOPT),
                Arguments.of("an orphan with only a non-controller owner is adopted", false,
                        pod("p").labels(Owners.APP).ownedBy("ConfigMap", "c", "cm-uid"), Decision.ADOPT),
                Arguments.of("a matching orphan is not adopted while the owner is being deleted", true,
                        pod("p").labels(Owners.APP), Decision.IGNORE),
                Arguments.of("a matching orphan being deleted is not adopted", false,
                        pod("p").labels(Owners.APP).deleting(), Decision.IGNORE),
                Arguments.of("an orphan that does not match is ignored", false, pod("p").labels(OTHER), Decision.IGNORE),
                Arguments.of("a matching pod of another controller is ignored", false,
                        pod("p").labels(Owners.APP).controlledBy("ReplicaSet", "other", "other-uid"), Decision.IGNORE),
                Arguments.of("a pod of a deleted owner of the same name is ignored", false,
                        pod("p").labels(Owners.APP).controlledBy("ReplicaSet", "web", "old-uid"), Decision.IGNORE),
                Arguments.of("a pod it controls that no longer matches is released", false,
                        pod("p").labels(OTHER).controlledBy("ReplicaSet", "web", "rs-uid"), Decision.RELEASE),
                Arguments.of("a pod it controls that no longer matches is kept while the owner is being deleted", true,
                        pod("p").labels(OTHER).controlledBy("ReplicaSet", "web", "rs-uid"), Decision.IGNORE),
                Arguments.of("a pod it controls stays owned while the owner is being deleted", true,
                        pod("p").labels(Owners.APP).controlledBy("ReplicaSet", "web", "rs-uid"), Decision.OWNED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesWhatToDoWithEachPod(String why, boolean ownerDeleting, Pods candidate, Decision expected) {
        Pod pod = candidate.build();
        ReplicaOwner owner = Owners.owner(1, 0, ReplicaStatus.EMPTY, ownerDeleting);

        PodClaims claims = PodClaims.claim(owner, List.of(pod));

        Decision actual = claims.owned().contains(pod) ? Decision.OWNED : claims.adopt().contains(pod) ? Decision.ADOPT
                : claims.release().contains(pod) ? Decision.RELEASE : Decision.IGNORE;
        assertThat(actual).isEqualTo(expected);
    }
}
