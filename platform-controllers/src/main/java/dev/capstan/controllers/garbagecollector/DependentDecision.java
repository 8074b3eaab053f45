package dev.capstan.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.Set;

/**
 * What to do with one dependent after looking at its owners.
 *
 * @param action        the write to make
 * @param removeOwners  uids of the owner references to remove (for {@link Action#REMOVE_REFERENCES})
 * @param policy        propagation policy of the delete (for {@link Action#DELETE} and {@link Action#UNBLOCK_AND_DELETE})
 */
public record DependentDecision(Action action, Set<String> removeOwners, DeletionPropagation policy) {

    public enum Action {
        /** Leave the object alone. */
        NONE,
        /** It has a solid owner: drop only the references to dangling or waiting owners. */
        REMOVE_REFERENCES,
        /** No solid owner left: delete it. */
        DELETE,
        /**
         * Its owner waits for it and one of its own dependents waits for it too (a cycle): make its own owner
         * references non-blocking first, then delete it in the foreground.
         */
        UNBLOCK_AND_DELETE
    }

    public static DependentDecision none() {
        return new DependentDecision(Action.NONE, Set.of(), null);
    }
}
