package dev.capstan.controllers.endpoints;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Upstream's endpoint controller ({@code pkg/controller/endpoint}): keeps an Endpoints object named like
 * each Service with a selector, listing the selected pods' addresses (ready ones in {@code addresses}, the
 * others in {@code notReadyAddresses}) and the ports the service's targetPorts resolve to on each pod.
 * Services without a selector keep whatever Endpoints users write; a deleted service loses its Endpoints.
 */
public class EndpointsController implements Controller {

    private final ControllerContext context;
    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<Endpoints> endpoints;
    private final EventRecorder events;

    public EndpointsController(ControllerContext context) {
        this.context = context;
        this.services = context.lister(Service.class);
        this.pods = context.lister(Pod.class);
        this.endpoints = context.lister(Endpoints.class);
        this.events = context.events("endpoint-controller");
    }

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Service.class);
        // Changed or deleted Endpoints of an existing service re-queue it, so hand edits are undone. Endpoints
        // without a service are left alone here: users create them before a selector-less service.
        watches.mapped(Endpoints.class, e -> services.get(ObjectKey.of(e)) == null ? List.of() : List.of(ObjectKey.of(e)));
        watches.mapped(Pod.class, this::servicesSelecting);
    }

    private Collection<ObjectKey> servicesSelecting(Pod pod) {
        List<ObjectKey> keys = new ArrayList<>();
        for (Service service : services.list(pod.getMetadata().getNamespace())) {
            if (EndpointPods.selects(service, pod.getMetadata().getLabels())) {
                keys.add(ObjectKey.of(service));
            }
        }
        return keys;
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Service service = services.get(key);
        if (service == null) {
            Endpoints stale = endpoints.get(key);
            if (stale != null && !leaderElectionRecord(stale)) {
                context.client().endpoints().inNamespace(key.namespace()).withName(key.name()).delete();
            }
            return Result.done();
        }
        if (!EndpointsSync.managed(service)) {
            return Result.done();
        }
        List<Pod> selected = pods.list(key.namespace(), service.getSpec().getSelector());
        Endpoints current = endpoints.get(key);
        Endpoints desired = EndpointsSync.desired(service, selected, current);
        if (desired == null) {
            return Result.done();
        }
        try {
            if (current == null) {
                context.client().endpoints().inNamespace(key.namespace()).resource(desired).create();
            } else {
                context.client().endpoints().inNamespace(key.namespace()).resource(desired).update();
            }
        } catch (KubernetesClientException e) {
            if (current == null) {
                events.warning(desired, "FailedToCreateEndpoint", "Failed to create endpoint for service %s/%s: %s"
                        .formatted(key.namespace(), key.name(), e.getMessage()));
            } else {
                events.warning(desired, "FailedToUpdateEndpoint", "Failed to update endpoint %s/%s: %s"
                        .formatted(key.namespace(), key.name(), e.getMessage()));
            }
            throw e;
        }
        return Result.done();
    }

    /** Upstream never deletes Endpoints used as leader-election locks (they have no service). */
    private static boolean leaderElectionRecord(Endpoints endpoints) {
        return endpoints.getMetadata().getAnnotations() != null
                && endpoints.getMetadata().getAnnotations().containsKey("control-plane.alpha.kubernetes.io/leader");
    }
}
