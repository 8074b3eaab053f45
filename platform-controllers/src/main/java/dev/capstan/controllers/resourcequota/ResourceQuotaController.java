package dev.capstan.controllers.resourcequota;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's resource quota controller ({@code pkg/controller/resourcequota}): keeps each ResourceQuota's
 * {@code status.hard} equal to its spec and {@code status.used} equal to what the namespace's objects use,
 * recomputed whenever a counted object in the namespace changes and, as upstream's full resync, every
 * five minutes. Object counts ({@code count/<resource>.<group>}) are known for the core kinds and
 * deployments/replicasets/statefulsets/daemonsets.apps and jobs/cronjobs.batch.
 */
public class ResourceQuotaController implements Controller {

    /** Upstream's default {@code --resource-quota-sync-period}. */
    static final Duration RESYNC = Duration.ofMinutes(5);

    private final ControllerContext context;
    private final Lister<ResourceQuota> quotas;
    private final Lister<Pod> pods;
    private final Lister<Service> services;
    private final Lister<PersistentVolumeClaim> claims;
    /** Counted kinds by quota resource name. */
    private final Map<String, Lister<? extends HasMetadata>> counted = new LinkedHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public ResourceQuotaController(ControllerContext context) {
        this.context = context;
        this.quotas = context.lister(ResourceQuota.class);
        this.pods = context.lister(Pod.class);
        this.services = context.lister(Service.class);
        this.claims = context.lister(PersistentVolumeClaim.class);
        counted.put("configmaps", context.lister(ConfigMap.class));
        counted.put("secrets", context.lister(Secret.class));
        counted.put("replicationcontrollers", context.lister(ReplicationController.class));
        counted.put("resourcequotas", quotas);
        counted.put("deployments.apps", context.lister(Deployment.class));
        counted.put("replicasets.apps", context.lister(ReplicaSet.class));
        counted.put("statefulsets.apps", context.lister(StatefulSet.class));
        counted.put("daemonsets.apps", context.lister(DaemonSet.class));
        counted.put("jobs.batch", context.lister(Job.class));
        counted.put("cronjobs.batch", context.lister(CronJob.class));
    }

    @Override
    public String name() {
        return "resourcequota";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(ResourceQuota.class);
        for (Class<? extends HasMetadata> kind : List.of(Pod.class, Service.class, PersistentVolumeClaim.class, ConfigMap.class,
                Secret.class, ReplicationController.class, Deployment.class, ReplicaSet.class, StatefulSet.class,
                DaemonSet.class, Job.class, CronJob.class)) {
            mapToQuotas(watches, kind);
        }
    }

    private <T extends HasMetadata> void mapToQuotas(Watches watches, Class<T> kind) {
        watches.mapped(kind, this::quotasOf);
    }

    private Collection<ObjectKey> quotasOf(HasMetadata object) {
        return quotas.list(object.getMetadata().getNamespace()).stream().map(ObjectKey::of).toList();
    }

    @Override
    public Result reconcile(ObjectKey key) {
        ResourceQuota quota = quotas.get(key);
        if (quota == null) {
            return Result.done();
        }
        String ns = key.namespace();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counted.forEach((name, lister) -> counts.put(name, lister.list(ns).size()));
        NamespaceObjects objects = new NamespaceObjects(pods.list(ns), services.list(ns), claims.list(ns), counts);
        Map<String, Quantity> hard = quota.getSpec() == null || quota.getSpec().getHard() == null
                ? Map.of() : quota.getSpec().getHard();
        Map<String, Quantity> used = QuotaUsage.used(quota, objects, clock.instant());
        boolean dirty = quota.getStatus() == null || !same(hard, quota.getStatus().getHard())
                || !same(used, quota.getStatus().getUsed());
        if (dirty) {
            ResourceQuota updated = new ResourceQuotaBuilder(quota).withNewStatus()
                    .withHard(new LinkedHashMap<>(hard)).withUsed(used).endStatus().build();
            context.client().resourceQuotas().inNamespace(ns).resource(updated).updateStatus();
        }
        return Result.requeueAfter(RESYNC);
    }

    /** Upstream {@code quota.Equals}: the same names with numerically equal quantities. */
    static boolean same(Map<String, Quantity> a, Map<String, Quantity> b) {
        Map<String, Quantity> left = a == null ? Map.of() : a;
        Map<String, Quantity> right = b == null ? Map.of() : b;
        if (!left.keySet().equals(right.keySet())) {
            return false;
        }
        for (Map.Entry<String, Quantity> entry : left.entrySet()) {
            if (entry.getValue().getNumericalAmount().compareTo(right.get(entry.getKey()).getNumericalAmount()) != 0) {
                return false;
            }
        }
        return true;
    }
}
