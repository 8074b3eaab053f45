package dev.capstan.api.patch;

import static dev.capstan.api.patch.TestJson.bytes;
import static dev.capstan.api.patch.TestJson.object;
import static dev.capstan.api.patch.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class MergePatchTest {

    private static final String DOC = "{'metadata':{'name':'a','labels':{'x':'1','y':'2'}},"
            + "'spec':{'containers':[{'name':'app','image':'v1'},{'name':'side','image':'s1'}],'replicas':1}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "null deletes a field|{'metadata':{'labels':{'x':null}}}"
                    + "|{'metadata':{'name':'a','labels':{'y':'2'}},'spec':{'containers':[{'name':'app','image':'v1'},{'name':'side','image':'s1'}],'replicas':1}}",
            "null deletes a whole object|{'spec':null}|{'metadata':{'name':'a','labels':{'x':'1','y':'2'}}}",
            "null of a missing field is a no-op|{'status':null}|" + DOC,
            "objects merge recursively|{'metadata':{'labels':{'z':'3'}},'spec':{'replicas':3}}"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','y':'2','z':'3'}},'spec':{'containers':[{'name':'app','image':'v1'},{'name':'side','image':'s1'}],'replicas':3}}",
            "arrays replace whole, never merge|{'spec':{'containers':[{'name':'app','image':'v2'}]}}"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','y':'2'}},'spec':{'containers':[{'name':'app','image':'v2'}],'replicas':1}}",
            "a scalar replaces an object|{'metadata':{'labels':'none'}}"
                    + "|{'metadata':{'name':'a','labels':'none'},'spec':{'containers':[{'name':'app','image':'v1'},{'name':'side','image':'s1'}],'replicas':1}}",
            "nulls inside a new object are dropped|{'status':{'phase':'Running','reason':null}}"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','y':'2'}},'spec':{'containers':[{'name':'app','image':'v1'},{'name':'side','image':'s1'}],'replicas':1},'status':{'phase':'Running'}}",
            "nulls inside objects of a replacing array are dropped as upstream|{'spec':{'containers':[{'name':'app','image':null}]}}"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','y':'2'}},'spec':{'containers':[{'name':'app'}],'replicas':1}}",
            "empty patch changes nothing|{}|" + DOC})
    void mergePatchFollowsRfc7386(String name, String patch, String expected) {
        ObjectNode result = Patches.apply(PatchType.MERGE, object(DOC), bytes(patch), PatchSchema.none());
        assertThat(result).isEqualTo(tree(expected));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON|{'spec':|400",
            "a string|'text'|400",
            "a number|5|400",
            "null|null|400",
            "an array, which upstream merges into a document that is not an object|[{'a':1}]|422"})
    void bodiesThatAreNotMergePatchesAreRejected(String name, String patch, int status) {
        assertThatThrownBy(() -> Patches.apply(PatchType.MERGE, object(DOC), bytes(patch), PatchSchema.none()))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
    }

    @Test
    void theOriginalIsNeitherModifiedNorSharedWithTheResult() {
        ObjectNode original = object(DOC);
        ObjectNode result = Patches.apply(PatchType.MERGE, original,
                bytes("{'metadata':{'labels':{'x':null}},'spec':{'replicas':5}}"), PatchSchema.none());
        ((ObjectNode) result.get("metadata")).put("name", "changed-after");
        assertThat(original).isEqualTo(tree(DOC));
    }
}
