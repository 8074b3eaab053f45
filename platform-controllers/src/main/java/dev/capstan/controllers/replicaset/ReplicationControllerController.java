package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.ReplicationController;
import java.time.Clock;

/** Upstream's ReplicationController controller: the ReplicaSet logic for v1 ReplicationControllers. */
public final class ReplicationControllerController implements Controller {

    private final ReplicaManager<ReplicationController> manager;

    public ReplicationControllerController(ControllerContext context) {
        this.manager = new ReplicaManager<>(new ReplicationControllerKind(), context, Clock.systemUTC());
    }

    @Override
    public String name() {
        return "replicationcontroller";
    }

    @Override
    public void watch(Watches watches) {
        manager.watch(watches);
    }

    @Override
    public Result reconcile(ObjectKey key) throws Exception {
        return manager.reconcile(key);
    }
}
