package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SchedulingAndRbacColumnsTest {

    @Test
    void leaseShowsItsHolder() {
        JsonNode table = table("coordination.k8s.io", "Lease", new LeaseBuilder()
                .withNewMetadata().withName("kube-scheduler").withCreationTimestamp(ago(7200)).endMetadata()
                .withNewSpec().withHolderIdentity("cp-1_8c1f").endSpec().build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Holder", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Holder", "cp-1_8c1f").containsEntry("Age", "120m");
    }

    @Test
    void podDisruptionBudgetShowsIntOrPercentAndNotApplicable() {
        assertThat(onlyRow("policy", "PodDisruptionBudget", new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString("50%")).endSpec()
                .withNewStatus().withDisruptionsAllowed(1).endStatus().build()))
                .containsEntry("Min Available", "50%").containsEntry("Max Unavailable", "N/A")
                .containsEntry("Allowed Disruptions", 1L);
        assertThat(onlyRow("policy", "PodDisruptionBudget", new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1)).endSpec().build()))
                .containsEntry("Min Available", "N/A").containsEntry("Max Unavailable", "1")
                .containsEntry("Allowed Disruptions", 0L);
    }

    @Test
    void priorityClassShowsValueDefaultAndPreemptionPolicy() {
        JsonNode table = table("scheduling.k8s.io", "PriorityClass", new PriorityClassBuilder()
                .withNewMetadata().withName("high").endMetadata().withValue(1000000).withGlobalDefault(false)
                .withPreemptionPolicy("PreemptLowerPriority").build());

        assertThat(TableAssertions.columnNames(table))
                .containsExactly("Name", "Value", "Global-Default", "Age", "PreemptionPolicy");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Value", 1000000L)
                .containsEntry("Global-Default", false).containsEntry("PreemptionPolicy", "PreemptLowerPriority");
    }

    @Test
    void roleBindingShowsRoleRefAndWideSubjectsByKind() {
        JsonNode table = table("rbac.authorization.k8s.io", "RoleBinding", new RoleBindingBuilder()
                .withNewMetadata().withName("readers").withNamespace("dev").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName("view").endRoleRef()
                .addNewSubject().withKind("User").withName("alice").endSubject()
                .addNewSubject().withKind("User").withName("bob").endSubject()
                .addNewSubject().withKind("Group").withName("qa").endSubject()
                .addNewSubject().withKind("ServiceAccount").withNamespace("dev").withName("ci").endSubject()
                .build());

        assertThat(TableAssertions.defaultColumnNames(table)).containsExactly("Name", "Role", "Age");
        assertThat(TableAssertions.wideColumnNames(table)).containsExactly("Users", "Groups", "ServiceAccounts");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Role", "ClusterRole/view")
                .containsEntry("Users", "alice, bob").containsEntry("Groups", "qa")
                .containsEntry("ServiceAccounts", "dev/ci");
    }

    @Test
    void clusterRoleBindingUsesTheSameColumns() {
        assertThat(onlyRow("rbac.authorization.k8s.io", "ClusterRoleBinding", new ClusterRoleBindingBuilder()
                .withNewMetadata().withName("admins").endMetadata()
                .withNewRoleRef().withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withKind("Group").withName("system:masters").endSubject().build()))
                .containsEntry("Role", "ClusterRole/cluster-admin").containsEntry("Groups", "system:masters")
                .containsEntry("Users", "");
    }

    @Test
    void roleHasNoPrinterAndShowsCreatedAtTimestamp() {
        JsonNode table = table("rbac.authorization.k8s.io", "Role", new RoleBuilder()
                .withNewMetadata().withName("pod-reader").withCreationTimestamp("2024-05-06T07:08:09Z").endMetadata()
                .build());

        assertThat(TableAssertions.columnNames(table)).containsExactly("Name", "Created At");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Created At", "2024-05-06T07:08:09Z");
    }
}
