package dev.capstan.api.patch;

import static dev.capstan.api.patch.TestJson.bytes;
import static dev.capstan.api.patch.TestJson.object;
import static dev.capstan.api.patch.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {

    private static final PatchSchema DEPLOYMENT = PatchSchema.forType(Deployment.class);

    private static final String DEPLOYMENT_DOC = "{'apiVersion':'apps/v1','kind':'Deployment',"
            + "'metadata':{'name':'web','finalizers':['a','b'],'labels':{'app':'web'}},"
            + "'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}},"
            + "'template':{'metadata':{'labels':{'app':'web','tier':'front'}},'spec':{'containers':["
            + "{'name':'app','image':'app:v1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],"
            + "'ports':[{'containerPort':80,'protocol':'TCP'}]},"
            + "{'name':'sidecar','image':'side:v1'}]}}}}";

    private static ObjectNode patchDeployment(String patch) {
        return Patches.apply(PatchType.STRATEGIC, object(DEPLOYMENT_DOC), bytes(patch), DEPLOYMENT);
    }

    private static JsonNode at(JsonNode node, String pointer) {
        return node.at(pointer);
    }

    /** One field of each element of a list, in list order. */
    private static List<String> fields(JsonNode list, String field) {
        return list.valueStream().map(element -> element.get(field).asString()).toList();
    }

    @Test
    void containerImageChangeKeepsTheOtherContainersAndFields() {
        ObjectNode result = patchDeployment(
                "{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'app:v2'}]}}}}");
        assertThat(at(result, "/spec/template/spec/containers")).isEqualTo(tree("["
                + "{'name':'app','image':'app:v2','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],"
                + "'ports':[{'containerPort':80,'protocol':'TCP'}]},"
                + "{'name':'sidecar','image':'side:v1'}]"));
        assertThat(at(result, "/spec/replicas").intValue()).isEqualTo(1);
    }

    @Test
    void envMergesByNameChangingOneAndAddingAnother() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{'containers':[{'name':'app','env':["
                + "{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}}}");
        assertThat(at(result, "/spec/template/spec/containers/0/env")).isEqualTo(tree(
                "[{'name':'A','value':'1'},{'name':'B','value':'3'},{'name':'C','value':'4'}]"));
    }

    @Test
    void portsMergeByContainerPort() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{'containers':[{'name':'app','ports':["
                + "{'containerPort':80,'name':'http'}]}]}}}}");
        assertThat(at(result, "/spec/template/spec/containers/0/ports")).isEqualTo(tree(
                "[{'containerPort':80,'protocol':'TCP','name':'http'}]"));
    }

    @Test
    void newContainerWithoutElementOrderGoesFirstAsUpstreamPutsIt() {
        // the kubectl-patch task page shows exactly this: the patched-in container listed before the old one
        ObjectNode result = patchDeployment(
                "{'spec':{'template':{'spec':{'containers':[{'name':'redis','image':'redis'}]}}}}");
        assertThat(fields(at(result, "/spec/template/spec/containers"), "name"))
                .containsExactly("redis", "app", "sidecar");
    }

    @Test
    void finalizersMergeAsASetUnion() {
        ObjectNode result = patchDeployment("{'metadata':{'finalizers':['c','a']}}");
        assertThat(at(result, "/metadata/finalizers")).isEqualTo(tree("['c','a','b']"));
    }

    @Test
    void deleteDirectiveRemovesAContainer() {
        ObjectNode result = patchDeployment(
                "{'spec':{'template':{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}}}");
        assertThat(fields(at(result, "/spec/template/spec/containers"), "name")).containsExactly("app");
    }

    @Test
    void replaceDirectiveInAListReplacesTheList() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{'containers':["
                + "{'name':'only','image':'only:v1'},{'$patch':'replace'}]}}}}");
        assertThat(at(result, "/spec/template/spec/containers")).isEqualTo(tree(
                "[{'name':'only','image':'only:v1'}]"));
    }

    @Test
    void replaceDirectiveOnAMapReplacesTheMap() {
        ObjectNode result = patchDeployment(
                "{'spec':{'template':{'metadata':{'labels':{'$patch':'replace','app':'other'}}}}}");
        assertThat(at(result, "/spec/template/metadata/labels")).isEqualTo(tree("{'app':'other'}"));
    }

    @Test
    void replaceDirectiveAtTheRootReplacesTheWholeObject() {
        ObjectNode result = patchDeployment("{'$patch':'replace','kind':'Deployment'}");
        assertThat(result).isEqualTo(tree("{'kind':'Deployment'}"));
    }

    @Test
    void deleteDirectiveOnAMapEmptiesItAsUpstreamDoes() {
        ObjectNode result = patchDeployment("{'spec':{'strategy':{'$patch':'delete'}}}");
        assertThat(at(result, "/spec/strategy")).isEqualTo(tree("{}"));
    }

    @Test
    void retainKeysClearsTheFieldsItDoesNotList() {
        ObjectNode result = patchDeployment(
                "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertThat(at(result, "/spec/strategy")).isEqualTo(tree("{'type':'Recreate'}"));
    }

    @Test
    void deleteFromPrimitiveListRemovesTheValues() {
        ObjectNode result = patchDeployment("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}");
        assertThat(at(result, "/metadata/finalizers")).isEqualTo(tree("['b']"));
    }

    @Test
    void setElementOrderReordersTheList() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'sidecar'},{'name':'app'}],"
                + "'containers':[{'name':'app','image':'app:v2'}]}}}}");
        assertThat(fields(at(result, "/spec/template/spec/containers"), "image"))
                .containsExactly("side:v1", "app:v2");
    }

    @Test
    void setElementOrderPlacesANewElementWhereTheOrderSays() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'app'},{'name':'new'},{'name':'sidecar'}],"
                + "'containers':[{'name':'new','image':'new:v1'}]}}}}");
        assertThat(fields(at(result, "/spec/template/spec/containers"), "name"))
                .containsExactly("app", "new", "sidecar");
    }

    @Test
    void setElementOrderOrdersAPrimitiveList() {
        ObjectNode result = patchDeployment(
                "{'metadata':{'$setElementOrder/finalizers':['a','x','b'],'finalizers':['x']}}");
        assertThat(at(result, "/metadata/finalizers")).isEqualTo(tree("['a','x','b']"));
    }

    @Test
    void kubectlApplyStyleDeletionOfAnEnvVar() {
        // what client-side apply sends after B was removed from the manifest
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],"
                + "'containers':[{'name':'app','$setElementOrder/env':[{'name':'A'}],"
                + "'env':[{'name':'B','$patch':'delete'}]}]}}}}");
        assertThat(at(result, "/spec/template/spec/containers/0/env")).isEqualTo(tree("[{'name':'A','value':'1'}]"));
        assertThat(at(result, "/spec/template/spec/containers/1/name").asString()).isEqualTo("sidecar");
    }

    @Test
    void nullDeletesAFieldAndMapsMergeRecursively() {
        ObjectNode result = patchDeployment(
                "{'metadata':{'labels':{'app':null,'env':'prod'}},'spec':{'replicas':3}}");
        assertThat(at(result, "/metadata/labels")).isEqualTo(tree("{'env':'prod'}"));
        assertThat(at(result, "/spec/replicas").intValue()).isEqualTo(3);
        assertThat(at(result, "/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
    }

    @Test
    void directivesInNewValuesDoNotLeakIntoTheResult() {
        ObjectNode result = patchDeployment("{'spec':{'template':{'spec':{'volumes':["
                + "{'$retainKeys':['configMap','name'],'name':'cfg','configMap':{'name':'c'}}]}}}}");
        assertThat(at(result, "/spec/template/spec/volumes")).isEqualTo(tree(
                "[{'name':'cfg','configMap':{'name':'c'}}]"));
    }

    @Test
    void withoutSchemaListsAreReplacedWhole() {
        ObjectNode result = Patches.apply(PatchType.STRATEGIC, object(DEPLOYMENT_DOC), bytes(
                "{'spec':{'template':{'spec':{'containers':[{'name':'app','image':'app:v2'}]}}}}"),
                PatchSchema.none());
        assertThat(at(result, "/spec/template/spec/containers")).isEqualTo(tree(
                "[{'name':'app','image':'app:v2'}]"));
    }

    @Test
    void podDisruptionBudgetSelectorIsReplacedNotMerged() {
        ObjectNode pdb = object("{'spec':{'selector':{'matchLabels':{'a':'1'}},'minAvailable':1}}");
        ObjectNode result = Patches.apply(PatchType.STRATEGIC, pdb,
                bytes("{'spec':{'selector':{'matchLabels':{'b':'2'}}}}"), PatchSchema.forType(PodDisruptionBudget.class));
        assertThat(result).isEqualTo(tree("{'spec':{'selector':{'matchLabels':{'b':'2'}},'minAvailable':1}}"));
    }

    @Test
    void podConditionsMergeByType() {
        ObjectNode pod = object("{'status':{'conditions':[{'type':'Ready','status':'False'},"
                + "{'type':'PodScheduled','status':'True'}]}}");
        ObjectNode result = Patches.apply(PatchType.STRATEGIC, pod,
                bytes("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}"), PatchSchema.forType(Pod.class));
        assertThat(at(result, "/status/conditions")).isEqualTo(tree(
                "[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}]"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON|{'spec':|400",
            "an array body|[{'spec':{}}]|400",
            "retainKeys that is not a list|{'spec':{'strategy':{'$retainKeys':'type'}}}|400",
            "a field the retainKeys list does not name|{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}|400",
            "deleteFromPrimitiveList without a field|{'metadata':{'$deleteFromPrimitiveList':['a']}}|400",
            "setElementOrder without a field|{'metadata':{'$setElementOrder':['a']}}|400",
            "an unknown directive, a plain error upstream|{'spec':{'$patch':'frobnicate'}}|500",
            "patch merge on a map, a plain error upstream|{'spec':{'$patch':'merge'}}|500",
            "patch merge in a list, a plain error upstream|{'metadata':{'ownerReferences':[{'$patch':'merge'}]}}|500",
            "a list element without its merge key|{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}|500",
            "a setElementOrder that contradicts the patch|{'metadata':{'$setElementOrder/finalizers':['a'],'finalizers':['z']}}|500"})
    void invalidStrategicPatchesAnswerWithUpstreamsHttpCode(String name, String patch, int status) {
        assertThatThrownBy(() -> patchDeployment(patch))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
    }

    @Test
    void listsOfListsAreUnprocessable() {
        PatchSchema schema = path -> path.equals(List.of("matrix")) ? Optional.of(ListStrategy.primitiveSet())
                : Optional.empty();
        assertThatThrownBy(() -> Patches.apply(PatchType.STRATEGIC, object("{'matrix':[[1]]}"),
                bytes("{'matrix':[[2]]}"), schema))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
    }

    @Test
    void nullBodyChangesNothing() {
        assertThat(patchDeployment("null")).isEqualTo(tree(DEPLOYMENT_DOC));
    }

    @Test
    void theOriginalIsNeitherModifiedNorSharedWithTheResult() {
        ObjectNode original = object(DEPLOYMENT_DOC);
        ObjectNode result = Patches.apply(PatchType.STRATEGIC, original, bytes("{'metadata':{'finalizers':['z']},"
                + "'spec':{'template':{'spec':{'containers':[{'name':'sidecar','$patch':'delete'},"
                + "{'name':'app','env':[{'name':'A','value':'9'}]}]}}}}"), DEPLOYMENT);
        ((ObjectNode) result.at("/spec/template/spec/containers/0/env/0")).put("value", "changed-after");
        assertThat(original).isEqualTo(tree(DEPLOYMENT_DOC));
    }
}
