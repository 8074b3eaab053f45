package dev.capstan.api.security.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestAttributesFactoryTest {

    /** Expected: verb group resource subresource namespace name ("-" for empty), or "path <verb>" for non-resource. */
    @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /api/v1/namespaces/ns/pods                     | -                              | list - pods - ns -",
        "GET    | /api/v1/namespaces/ns/pods                     | watch=true                     | watch - pods - ns -",
        "GET    | /api/v1/pods                                   | watch=1                        | watch - pods - - -",
        "GET    | /api/v1/namespaces/ns/pods                     | fieldSelector=metadata.name=a  | list - pods - ns a",
        "GET    | /api/v1/namespaces/ns/pods/a                   | -                              | get - pods - ns a",
        "GET    | /api/v1/namespaces/ns/pods/a/log               | -                              | get - pods log ns a",
        "POST   | /api/v1/namespaces/ns/pods                     | -                              | create - pods - ns -",
        "POST   | /api/v1/namespaces/ns/pods/a/binding           | -                              | create - pods binding ns a",
        "PUT    | /apis/apps/v1/namespaces/ns/deployments/d      | -                              | update apps deployments - ns d",
        "PUT    | /apis/apps/v1/namespaces/ns/deployments/d/scale| -                              | update apps deployments scale ns d",
        "PATCH  | /api/v1/nodes/n1/status                        | -                              | patch - nodes status - n1",
        "DELETE | /api/v1/namespaces/ns/pods/a                   | -                              | delete - pods - ns a",
        "DELETE | /api/v1/namespaces/ns/pods                     | -                              | deletecollection - pods - ns -",
        "GET    | /api/v1/namespaces/ns                          | -                              | get - namespaces - ns ns",
        "PUT    | /api/v1/namespaces/ns/finalize                 | -                              | update - namespaces finalize ns ns",
        "GET    | /api/v1/namespaces                             | -                              | list - namespaces - - -",
        "GET    | /version                                       | -                              | path get",
        "GET    | /apis/apps/v1                                  | -                              | path get",
        "GET    | /api                                           | -                              | path get",
        "POST   | /foo                                           | -                              | path post",
    })
    void mapsRequestsAsUpstream(String method, String path, String query, String expected) {
        Map<String, String> params = new HashMap<>();
        if (!query.equals("-")) {
            String[] kv = query.split("=", 2);
            params.put(kv[0], kv[1]);
        }
        RequestAttributes a = RequestAttributesFactory.of(UserInfo.anonymous(), method, path, params::get);
        String actual = a.resourceRequest()
                ? String.join(" ", a.verb(), dash(a.apiGroup()), dash(a.resource()), dash(a.subresource()),
                        dash(a.namespace()), dash(a.name()))
                : "path " + a.verb();
        assertThat(actual).isEqualTo(expected);
        if (!a.resourceRequest()) {
            assertThat(a.path()).isEqualTo(path);
        }
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
