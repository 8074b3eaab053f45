package dev.capstan.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GarbageCollectionTest {

    static Stream<Arguments> dependents() {
        return Stream.of(
                Arguments.of("a dependent with its only owner present stays",
                        List.of(), Map.of("a", OwnerState.SOLID), false, false,
                        DependentDecision.Action.NONE, Set.of(), null),
                Arguments.of("a dependent whose only owner is gone is deleted in the background",
                        List.of(), Map.of("a", OwnerState.DANGLING), false, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.BACKGROUND),
                Arguments.of("a dependent whose owners are all gone is deleted",
                        List.of(), ordered("a", OwnerState.DANGLING, "b", OwnerState.DANGLING), false, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.BACKGROUND),
                Arguments.of("a dependent with one owner gone and one present loses only the gone reference",
                        List.of(), ordered("a", OwnerState.DANGLING, "b", OwnerState.SOLID), false, false,
                        DependentDecision.Action.REMOVE_REFERENCES, Set.of("a"), null),
                Arguments.of("a dependent with a solid owner drops the reference to an owner waiting for it",
                        List.of(), ordered("a", OwnerState.WAITING_FOR_DEPENDENTS, "b", OwnerState.SOLID), false, false,
                        DependentDecision.Action.REMOVE_REFERENCES, Set.of("a"), null),
                Arguments.of("a dependent whose owner waits for it and that has no dependents is deleted in the background",
                        List.of(), Map.of("a", OwnerState.WAITING_FOR_DEPENDENTS), false, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.BACKGROUND),
                Arguments.of("a dependent whose owner waits for it and that has dependents is deleted in the foreground",
                        List.of(), Map.of("a", OwnerState.WAITING_FOR_DEPENDENTS), true, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.FOREGROUND),
                Arguments.of("a dependent in a foreground cycle is unblocked, then deleted in the foreground",
                        List.of(), Map.of("a", OwnerState.WAITING_FOR_DEPENDENTS), true, true,
                        DependentDecision.Action.UNBLOCK_AND_DELETE, Set.of(), DeletionPropagation.FOREGROUND),
                Arguments.of("a dependent carrying the orphan finalizer is deleted honouring it",
                        List.of(GarbageCollection.ORPHAN), Map.of("a", OwnerState.DANGLING), false, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.ORPHAN),
                Arguments.of("a dependent carrying the foregroundDeletion finalizer is deleted in the foreground",
                        List.of(GarbageCollection.FOREGROUND), Map.of("a", OwnerState.DANGLING), false, false,
                        DependentDecision.Action.DELETE, Set.of(), DeletionPropagation.FOREGROUND),
                Arguments.of("an object without owners is left alone",
                        List.of(), Map.of(), false, false, DependentDecision.Action.NONE, Set.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dependents")
    void decidesWhatToDoWithADependent(String sentence, List<String> finalizers, Map<String, OwnerState> owners,
                                       boolean hasDependents, boolean dependentWaiting, DependentDecision.Action action,
                                       Set<String> removed, DeletionPropagation policy) {
        ConfigMap item = new ConfigMapBuilder().withNewMetadata().withName("d").withNamespace("ns").withUid("d-uid")
                .withFinalizers(finalizers).endMetadata().build();

        DependentDecision decision = GarbageCollection.decideDependent(item, owners, hasDependents, dependentWaiting);

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.removeOwners()).isEqualTo(removed);
        assertThat(decision.policy()).isEqualTo(policy);
    }

    @Test
    void aDependentAlreadyBeingDeletedIsLeftAlone() {
        ConfigMap item = new ConfigMapBuilder().withNewMetadata().withName("d").withDeletionTimestamp("2024-01-01T00:00:00Z")
                .endMetadata().build();

        assertThat(GarbageCollection.decideDependent(item, Map.of("a", OwnerState.DANGLING), false, false).action())
                .isEqualTo(DependentDecision.Action.NONE);
    }

    static Stream<Arguments> foreground() {
        return Stream.of(
                Arguments.of("an owner without dependents is released", List.of(), List.of(), List.of()),
                Arguments.of("a blocking dependent holds the owner and gets deleted",
                        List.of(dependent("x", true, false)), List.of("x"), List.of("x")),
                Arguments.of("a non-blocking dependent is deleted but does not hold the owner",
                        List.of(dependent("x", false, false)), List.of(), List.of("x")),
                Arguments.of("a blocking dependent already being deleted still holds the owner and is not deleted again",
                        List.of(dependent("x", true, true)), List.of("x"), List.of()),
                Arguments.of("a mix: blocking and non-blocking, deleting and live",
                        List.of(dependent("x", true, true), dependent("y", false, false), dependent("z", true, false)),
                        List.of("x", "z"), List.of("y", "z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreground")
    void decidesWhatHoldsAForegroundOwner(String sentence, List<HasMetadata> dependents, List<String> blocking, List<String> toDelete) {
        assertThat(GarbageCollection.blockingDependents("owner-uid", dependents)).extracting(d -> d.getMetadata().getName())
                .containsExactlyElementsOf(blocking);
        assertThat(GarbageCollection.toDelete(dependents)).extracting(d -> d.getMetadata().getName())
                .containsExactlyElementsOf(toDelete);
    }

    @Test
    void orphaningRemovesOnlyTheOwnersReference() {
        ConfigMap item = new ConfigMapBuilder().withNewMetadata().withName("d")
                .withOwnerReferences(ref("owner-uid", true), ref("other", true)).endMetadata().build();

        assertThat(GarbageCollection.without(item, Set.of("owner-uid"))).extracting(OwnerReference::getUid).containsExactly("other");
        assertThat(GarbageCollection.dependentsOf("owner-uid", List.of(item, dependentOf("else")))).containsExactly(item);
    }

    @Test
    void unblockingKeepsTheReferencesButClearsBlockOwnerDeletion() {
        ConfigMap item = new ConfigMapBuilder().withNewMetadata().withName("d").withOwnerReferences(ref("a", true)).endMetadata().build();

        assertThat(GarbageCollection.unblocked(item)).singleElement()
                .satisfies(r -> assertThat(r.getBlockOwnerDeletion()).isFalse())
                .satisfies(r -> assertThat(r.getUid()).isEqualTo("a"));
    }

    @Test
    void removingAFinalizerKeepsTheOthers() {
        ConfigMap owner = new ConfigMapBuilder().withNewMetadata().withName("o").withFinalizers("example.com/x",
                GarbageCollection.ORPHAN).endMetadata().build();

        assertThat(GarbageCollection.withoutFinalizer(owner, GarbageCollection.ORPHAN)).containsExactly("example.com/x");
    }

    @Test
    void keysCarryTheKindInTheName() {
        ObjectKey key = new GcKey("ReplicaSet", "ns", "web").toObjectKey();

        assertThat(key).isEqualTo(new ObjectKey("ns", "ReplicaSet|web"));
        assertThat(GcKey.parse(key)).isEqualTo(new GcKey("ReplicaSet", "ns", "web"));
        assertThat(GcKey.parse(new ObjectKey("ns", "web"))).isNull();
    }

    private static Map<String, OwnerState> ordered(String a, OwnerState sa, String b, OwnerState sb) {
        Map<String, OwnerState> owners = new LinkedHashMap<>();
        owners.put(a, sa);
        owners.put(b, sb);
        return owners;
    }

    private static HasMetadata dependent(String name, boolean blocking, boolean deleting) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("ns")
                .withDeletionTimestamp(deleting ? "2024-01-01T00:00:00Z" : null)
                .withOwnerReferences(ref("owner-uid", blocking)).endMetadata().build();
    }

    private static ConfigMap dependentOf(String uid) {
        return new ConfigMapBuilder().withNewMetadata().withName("other").withOwnerReferences(ref(uid, true)).endMetadata().build();
    }

    private static OwnerReference ref(String uid, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName("o-" + uid).withUid(uid)
                .withBlockOwnerDeletion(block).build();
    }
}
