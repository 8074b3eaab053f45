package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Clock;

/** Upstream's ReplicaSet controller: keeps {@code spec.replicas} pods of each ReplicaSet running. */
public final class ReplicaSetController implements Controller {

    private final ReplicaManager<ReplicaSet> manager;

    public ReplicaSetController(ControllerContext context) {
        this.manager = new ReplicaManager<>(new ReplicaSetKind(), context, Clock.systemUTC());
    }

    @Override
    public String name() {
        return "replicaset";
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
