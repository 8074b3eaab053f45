package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NodeAndStorageColumnsTest {

    @Test
    void nodeShowsReadinessRolesVersionAndWideSystemInfo() {
        JsonNode table = table("", "Node", new NodeBuilder()
                .withNewMetadata().withName("cp-1").withCreationTimestamp(ago(10 * 24 * 3600))
                .addToLabels("node-role.kubernetes.io/control-plane", "")
                .addToLabels("node-role.kubernetes.io/etcd", "")
                .addToLabels("kubernetes.io/hostname", "cp-1").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec()
                .withNewStatus()
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("192.168.1.10").endAddress()
                .addNewAddress().withType("Hostname").withAddress("cp-1").endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.33.1").withOsImage("Debian GNU/Linux 12 (bookworm)")
                .withKernelVersion("6.1.0-18-amd64").withContainerRuntimeVersion("containerd://1.7.13")
                .endNodeInfo()
                .endStatus().build());

        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Name", "Status", "Roles", "Age", "Version");
        assertThat(TableAssertions.wideColumnNames(table))
                .containsExactly("Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime");
        assertThat(TableAssertions.row(table, 0))
                .containsEntry("Status", "Ready,SchedulingDisabled")
                .containsEntry("Roles", "control-plane,etcd")
                .containsEntry("Age", "10d")
                .containsEntry("Version", "v1.33.1")
                .containsEntry("Internal-IP", "192.168.1.10")
                .containsEntry("External-IP", "<none>")
                .containsEntry("OS-Image", "Debian GNU/Linux 12 (bookworm)")
                .containsEntry("Kernel-Version", "6.1.0-18-amd64")
                .containsEntry("Container-Runtime", "containerd://1.7.13");
    }

    @Test
    void nodeWithoutReadyConditionIsUnknownWithNoRoles() {
        assertThat(onlyRow("", "Node", new NodeBuilder().withNewMetadata().withName("new").endMetadata().build()))
                .containsEntry("Status", "Unknown").containsEntry("Roles", "<none>")
                .containsEntry("OS-Image", "<unknown>");
    }

    @Test
    void notReadyNode() {
        assertThat(onlyRow("", "Node", new NodeBuilder().withNewMetadata().withName("w").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("Unknown").endCondition()
                .endStatus().build())).containsEntry("Status", "NotReady");
    }

    @Test
    void persistentVolumeShowsCapacityModesClaimAndClass() {
        JsonNode table = table("", "PersistentVolume", new PersistentVolumeBuilder()
                .withNewMetadata().withName("pv-1").endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("10Gi"))
                .withAccessModes("ReadWriteMany", "ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("fast")
                .withNewClaimRef().withNamespace("default").withName("data").endClaimRef()
                .withVolumeMode("Filesystem")
                .endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Capacity", "Access Modes",
                "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age",
                "VolumeMode");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Capacity", "10Gi")
                .containsEntry("Access Modes", "RWO,RWX").containsEntry("Reclaim Policy", "Retain")
                .containsEntry("Status", "Bound").containsEntry("Claim", "default/data")
                .containsEntry("StorageClass", "fast").containsEntry("VolumeAttributesClass", "<unset>")
                .containsEntry("Reason", "").containsEntry("VolumeMode", "Filesystem");
    }

    @Test
    void pendingClaimHidesCapacityUntilBoundAndDeletingClaimIsTerminating() {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("fast")
                .withNewResources().addToRequests("storage", new Quantity("5Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Pending").endStatus();

        assertThat(onlyRow("", "PersistentVolumeClaim", claim.build())).containsEntry("Status", "Pending")
                .containsEntry("Volume", "").containsEntry("Capacity", "").containsEntry("Access Modes", "")
                .containsEntry("StorageClass", "fast").containsEntry("VolumeMode", "<unset>");

        claim.editSpec().withVolumeName("pv-1").endSpec()
                .editMetadata().withDeletionTimestamp(ago(1)).endMetadata()
                .editStatus().withPhase("Bound").withAccessModes("ReadWriteOnce")
                .addToCapacity("storage", new Quantity("5Gi")).endStatus();
        assertThat(onlyRow("", "PersistentVolumeClaim", claim.build())).containsEntry("Status", "Terminating")
                .containsEntry("Volume", "pv-1").containsEntry("Capacity", "5Gi")
                .containsEntry("Access Modes", "RWO");
    }
}
