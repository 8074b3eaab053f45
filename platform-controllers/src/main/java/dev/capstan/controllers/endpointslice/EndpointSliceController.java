package dev.capstan.controllers.endpointslice;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.endpoints.EndpointPods;
import dev.capstan.controllers.endpoints.EndpointsSync;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Upstream's endpointslice controller ({@code pkg/controller/endpointslice}): for each Service with a
 * selector, IPv4 EndpointSlices named {@code <service>-<suffix>}, labelled with the service name and
 * {@code endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}, owned by the service,
 * holding every selected pod with an IP (terminating ones too, flagged) and the zone of its node.
 */
public class EndpointSliceController implements Controller {

    private static final Duration STALE_RETRY = Duration.ofSeconds(1);

    private final ControllerContext context;
    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<EndpointSlice> slices;
    private final Lister<Node> nodes;
    private final SliceTracker tracker = new SliceTracker(java.time.Clock.systemUTC());

    public EndpointSliceController(ControllerContext context) {
        this.context = context;
        this.services = context.lister(Service.class);
        this.pods = context.lister(Pod.class);
        this.slices = context.lister(EndpointSlice.class);
        this.nodes = context.lister(Node.class);
    }

    @Override
    public String name() {
        return "endpointslice";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Service.class);
        watches.controlledBy(EndpointSlice.class, "Service");
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
        // A deleted service's slices go with it through their owner reference (garbage collector).
        if (service == null || !EndpointsSync.managed(service)) {
            tracker.forget(key);
            return Result.done();
        }
        List<EndpointSlice> owned = slices.list(key.namespace(), Map.of(SlicePlanner.SERVICE_NAME_LABEL, key.name(),
                SlicePlanner.MANAGED_BY_LABEL, SlicePlanner.CONTROLLER_NAME));
        if (tracker.stale(key, owned)) {
            // The slice events that bring the cache up to date queue the service again; this is a safety net.
            return Result.requeueAfter(STALE_RETRY);
        }
        List<Pod> selected = pods.list(key.namespace(), service.getSpec().getSelector());
        SlicePlan plan = new SlicePlanner(service, SlicePlanner.MAX_ENDPOINTS_PER_SLICE).plan(selected, owned, this::zoneOf);
        var api = context.client().resources(EndpointSlice.class).inNamespace(key.namespace());
        for (EndpointSlice slice : plan.create()) {
            tracker.wrote(key, api.resource(slice).create());
        }
        for (EndpointSlice slice : plan.update()) {
            tracker.wrote(key, api.resource(slice).update());
        }
        for (EndpointSlice slice : plan.delete()) {
            try {
                api.withName(slice.getMetadata().getName()).delete();
                tracker.deleted(key, slice.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return Result.done();
    }

    private String zoneOf(String nodeName) {
        Node node = nodes.get(null, nodeName);
        return node == null || node.getMetadata().getLabels() == null ? null
                : node.getMetadata().getLabels().get("topology.kubernetes.io/zone");
    }
}
