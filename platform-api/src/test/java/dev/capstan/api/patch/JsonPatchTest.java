package dev.capstan.api.patch;

import static dev.capstan.api.patch.TestJson.bytes;
import static dev.capstan.api.patch.TestJson.object;
import static dev.capstan.api.patch.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class JsonPatchTest {

    private static final String DOC = "{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},"
            + "'spec':{'list':[1,2,3]}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "add member|[{'op':'add','path':'/metadata/labels/y','value':'9'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3','y':'9'}},'spec':{'list':[1,2,3]}}",
            "add replaces an existing member|[{'op':'add','path':'/metadata/name','value':'b'}]"
                    + "|{'metadata':{'name':'b','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3]}}",
            "add inserts at an array index|[{'op':'add','path':'/spec/list/1','value':9}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,9,2,3]}}",
            "add with dash appends|[{'op':'add','path':'/spec/list/-','value':9}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3,9]}}",
            "add at the array length appends|[{'op':'add','path':'/spec/list/3','value':9}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3,9]}}",
            "remove member with escaped slash|[{'op':'remove','path':'/metadata/labels/a~1b'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','m~n':'3'}},'spec':{'list':[1,2,3]}}",
            "remove member with escaped tilde|[{'op':'remove','path':'/metadata/labels/m~0n'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2'}},'spec':{'list':[1,2,3]}}",
            "remove array element|[{'op':'remove','path':'/spec/list/0'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[2,3]}}",
            "negative index counts from the end as upstream|[{'op':'remove','path':'/spec/list/-1'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2]}}",
            "replace member|[{'op':'replace','path':'/metadata/labels/x','value':'7'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'7','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3]}}",
            "replace of a missing member adds it as upstream|[{'op':'replace','path':'/spec/replicas','value':3}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3],'replicas':3}}",
            "replace array element|[{'op':'replace','path':'/spec/list/2','value':{'k':true}}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,{'k':true}]}}",
            "move|[{'op':'move','from':'/metadata/labels/x','path':'/spec/x'}]"
                    + "|{'metadata':{'name':'a','labels':{'a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3],'x':'1'}}",
            "copy|[{'op':'copy','from':'/spec/list','path':'/spec/copy'}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3],'copy':[1,2,3]}}",
            "test then replace|[{'op':'test','path':'/spec/list','value':[1,2,3]},{'op':'replace','path':'/metadata/name','value':'t'}]"
                    + "|{'metadata':{'name':'t','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3]}}",
            "test of a missing member against null passes as upstream|[{'op':'test','path':'/spec/nothing','value':null}]"
                    + "|" + DOC,
            "empty patch|[]|" + DOC,
            "operations apply in order|[{'op':'add','path':'/spec/n','value':{}},{'op':'add','path':'/spec/n/m','value':1}]"
                    + "|{'metadata':{'name':'a','labels':{'x':'1','a/b':'2','m~n':'3'}},'spec':{'list':[1,2,3],'n':{'m':1}}}"})
    void operationsFollowRfc6902AsUpstreamAppliesThem(String name, String patch, String expected) {
        ObjectNode result = Patches.apply(PatchType.JSON, object(DOC), bytes(patch), PatchSchema.none());
        assertThat(result).isEqualTo(tree(expected));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON|[{'op':'add'|400",
            "not an array|{'op':'add','path':'/a','value':1}|400",
            "an element that is not an object|['add']|400",
            "trailing garbage|[] []|400",
            "unknown op (upstream only finds it while applying)|[{'op':'frobnicate','path':'/a'}]|422",
            "missing op|[{'path':'/a','value':1}]|422",
            "missing path|[{'op':'add','value':1}]|422",
            "path that is not a string|[{'op':'add','path':5,'value':1}]|422",
            "test failure|[{'op':'test','path':'/metadata/name','value':'other'}]|422",
            "test of a missing member against a value|[{'op':'test','path':'/metadata/nothing','value':'x'}]|422",
            "remove of a missing member|[{'op':'remove','path':'/metadata/nothing'}]|422",
            "add under a missing parent|[{'op':'add','path':'/status/phase','value':'x'}]|422",
            "add past the end of an array|[{'op':'add','path':'/spec/list/9','value':1}]|422",
            "add with a non-numeric index|[{'op':'add','path':'/spec/list/x','value':1}]|422",
            "replace past the end of an array|[{'op':'replace','path':'/spec/list/3','value':1}]|422",
            "move from a missing member|[{'op':'move','from':'/spec/none','path':'/spec/x'}]|422",
            "copy from a missing member|[{'op':'copy','from':'/spec/none','path':'/spec/x'}]|422",
            "the whole document as target|[{'op':'replace','path':'','value':{}}]|422",
            "a path without a leading slash|[{'op':'add','path':'spec','value':{}}]|422"})
    void failuresAnswerWithUpstreamsHttpCode(String name, String patch, int status) {
        assertThatThrownBy(() -> Patches.apply(PatchType.JSON, object(DOC), bytes(patch), PatchSchema.none()))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(status));
    }

    @Test
    void failedTestIsReportedAsInvalidWithThePath() {
        assertThatThrownBy(() -> Patches.apply(PatchType.JSON, object(DOC),
                bytes("[{'op':'test','path':'/metadata/name','value':'b'}]"), PatchSchema.none()))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).contains("/metadata/name").contains("test failed");
                });
    }

    @Test
    void moreThanTenThousandOperationsIsRequestEntityTooLarge() {
        String patch = "[" + "{\"op\":\"test\",\"path\":\"/spec\",\"value\":null},".repeat(10_001);
        byte[] body = (patch.substring(0, patch.length() - 1) + "]").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Patches.apply(PatchType.JSON, object(DOC), body, PatchSchema.none()))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(413));
    }

    @Test
    void copiesThatGrowTheDocumentBeyondTheLimitAreRefused() {
        StringBuilder patch = new StringBuilder("[{\"op\":\"add\",\"path\":\"/spec/blob\",\"value\":\"")
                .append("x".repeat(100_000)).append("\"}");
        for (int i = 0; i < 40; i++) {
            patch.append(",{\"op\":\"copy\",\"from\":\"/spec/blob\",\"path\":\"/spec/c").append(i).append("\"}");
        }
        byte[] body = patch.append("]").toString().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Patches.apply(PatchType.JSON, object(DOC), body, PatchSchema.none()))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
    }

    @Test
    void failedPatchLeavesTheOriginalUntouched() {
        ObjectNode original = object(DOC);
        assertThatThrownBy(() -> Patches.apply(PatchType.JSON, original,
                bytes("[{'op':'remove','path':'/metadata/name'},{'op':'test','path':'/spec','value':1}]"),
                PatchSchema.none())).isInstanceOf(PatchException.class);
        assertThat(original).isEqualTo(tree(DOC));
    }
}
