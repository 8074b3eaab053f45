package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;

/**
 * The node's heartbeat, as upstream's node lease controller: the Lease {@code kube-node-lease/<node>}, owned by
 * the Node (so it goes with it), holder the node name, renewed every quarter of its 40 s duration. The node
 * lifecycle controller marks the node NotReady when renewals stop.
 */
public final class NodeLeaseRenewer {

    private static final String NAMESPACE = "kube-node-lease";

    private final KubernetesClient client;
    private final KubeletSettings settings;
    private final Clock clock;

    public NodeLeaseRenewer(KubernetesClient client, KubeletSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    public void renew() {
        var leases = client.leases().inNamespace(NAMESPACE);
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        Lease existing = leases.withName(settings.nodeName()).get();
        if (existing == null) {
            var node = client.nodes().withName(settings.nodeName()).get();
            LeaseBuilder lease = new LeaseBuilder().withNewMetadata().withName(settings.nodeName()).withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().withHolderIdentity(settings.nodeName())
                    .withLeaseDurationSeconds((int) settings.leaseDuration().toSeconds()).withRenewTime(now).endSpec();
            if (node != null) {
                lease.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                        .withName(node.getMetadata().getName()).withUid(node.getMetadata().getUid()).build()).endMetadata();
            }
            try {
                leases.resource(lease.build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
            return;
        }
        existing.getSpec().setRenewTime(now);
        existing.getSpec().setHolderIdentity(settings.nodeName());
        leases.resource(existing).update();
    }
}
