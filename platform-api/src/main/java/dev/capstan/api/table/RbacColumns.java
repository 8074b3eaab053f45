package dev.capstan.api.table;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * RoleBinding and ClusterRoleBinding: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. Role and ClusterRole
 * have no printer upstream and get {@link DefaultColumns#CREATED_AT}.
 */
final class RbacColumns {

    static final KindPrinter ROLE_BINDING = binding("roleBinding");
    static final KindPrinter CLUSTER_ROLE_BINDING = binding("clusterRoleBinding");

    private RbacColumns() {
    }

    private static KindPrinter binding(String noun) {
        return KindPrinter.of(List.of(
                Column.nameColumn(),
                Column.of("Role", "string", "RoleRef can reference a Role in the current namespace or a"
                        + " ClusterRole in the global namespace."),
                Column.ageColumn(),
                Column.wide("Users", "string", "Users in the " + noun),
                Column.wide("Groups", "string", "Groups in the " + noun),
                Column.wide("ServiceAccounts", "string", "ServiceAccounts in the " + noun)),
                (o, now, cells) -> {
                    List<String> users = new ArrayList<>();
                    List<String> groups = new ArrayList<>();
                    List<String> serviceAccounts = new ArrayList<>();
                    for (JsonNode s : Fields.list(o, "subjects")) {
                        switch (Fields.str(s, "kind")) {
                            case "ServiceAccount" -> serviceAccounts.add(Fields.str(s, "namespace") + "/"
                                    + Fields.str(s, "name"));
                            case "User" -> users.add(Fields.str(s, "name"));
                            case "Group" -> groups.add(Fields.str(s, "name"));
                            default -> {
                                // upstream collects other kinds but prints none of them
                            }
                        }
                    }
                    cells.add(Fields.name(o))
                            .add(Fields.str(o, "roleRef", "kind") + "/" + Fields.str(o, "roleRef", "name"))
                            .add(Fields.age(o, now))
                            .add(String.join(", ", users))
                            .add(String.join(", ", groups))
                            .add(String.join(", ", serviceAccounts));
                });
    }
}
