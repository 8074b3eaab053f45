package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventColumnsTest {

    @Test
    void coreEventShowsLastSeenTypeReasonObjectAndMessage() {
        JsonNode table = table("", "Event", new EventBuilder()
                .withNewMetadata().withName("web.17a").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web").withFieldPath("spec.containers{app}")
                .endInvolvedObject()
                .withType("Warning").withReason("BackOff").withMessage("Back-off restarting failed container\n")
                .withFirstTimestamp(ago(3600)).withLastTimestamp(ago(42)).withCount(7)
                .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
                .build());

        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
        assertThat(TableAssertions.wideColumnNames(table))
                .containsExactly("Subobject", "Source", "First Seen", "Count", "Name");
        assertThat(TableAssertions.row(table, 0))
                .containsEntry("Last Seen", "42s")
                .containsEntry("Type", "Warning")
                .containsEntry("Reason", "BackOff")
                .containsEntry("Object", "pod/web")
                .containsEntry("Subobject", "spec.containers{app}")
                .containsEntry("Source", "kubelet, node-1")
                .containsEntry("Message", "Back-off restarting failed container")
                .containsEntry("First Seen", "60m")
                .containsEntry("Count", 7L)
                .containsEntry("Name", "web.17a");
    }

    @Test
    void singletonEventWithOnlyEventTimeCountsOnce() {
        assertThat(onlyRow("", "Event", new EventBuilder()
                .withNewMetadata().withName("e").endMetadata()
                .withNewInvolvedObject().withKind("Node").endInvolvedObject()
                .withEventTime(new MicroTime(ago(90).replace("Z", ".000000Z")))
                .withReportingComponent("scheduler").withType("Normal").withReason("Scheduled").build()))
                .containsEntry("Last Seen", "90s").containsEntry("First Seen", "90s").containsEntry("Count", 1L)
                .containsEntry("Object", "node").containsEntry("Source", "scheduler");
    }

    @Test
    void eventsV1EventReadsRegardingNoteAndSeries() {
        JsonNode table = table("events.k8s.io", "Event", new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName("web.18b").withNamespace("default").endMetadata()
                .withNewRegarding().withKind("Deployment").withName("web").endRegarding()
                .withNote("Scaled up replica set web-5d8f to 3").withType("Normal").withReason("ScalingReplicaSet")
                .withReportingController("deployment-controller").withReportingInstance("cp-1")
                .withEventTime(new MicroTime(ago(600).replace("Z", ".000000Z")))
                .withNewSeries().withCount(5).withLastObservedTime(new MicroTime(ago(3).replace("Z", ".000000Z")))
                .endSeries()
                .build());

        assertThat(TableAssertions.row(table, 0))
                .containsEntry("Last Seen", "3s")
                .containsEntry("Object", "deployment/web")
                .containsEntry("Message", "Scaled up replica set web-5d8f to 3")
                .containsEntry("Source", "deployment-controller, cp-1")
                .containsEntry("First Seen", "10m")
                .containsEntry("Count", 5L);
    }
}
