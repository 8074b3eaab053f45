package dev.capstan.api.admission.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.Operation;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookRulesTest {

    static final ResourceRegistry REGISTRY = new ResourceRegistry(BuiltInResources.definitions());

    @ParameterizedTest(name = "{0} {1}/{2} {3} against {4}")
    @CsvSource(delimiter = '|', textBlock = """
            CREATE | ''   | pods        | ''     | {'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['pods']}   | true
            UPDATE | ''   | pods        | ''     | {'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['pods']}   | false
            UPDATE | ''   | pods        | ''     | {'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],'resources':['*']}          | true
            UPDATE | ''   | pods        | status | {'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],'resources':['*']}          | false
            UPDATE | ''   | pods        | status | {'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],'resources':['pods/status']} | true
            UPDATE | ''   | pods        | status | {'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],'resources':['*/*']}        | true
            CREATE | apps | deployments | ''     | {'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['*']}     | false
            CREATE | apps | deployments | ''     | {'operations':['CREATE'],'apiGroups':['apps'],'apiVersions':['v1'],'resources':['deployments'],'scope':'Cluster'} | false
            CREATE | ''   | nodes       | ''     | {'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['nodes'],'scope':'Cluster'} | true
            """)
    void aRuleMatchesByOperationGroupVersionResourceAndScope(String operation, String group, String plural,
            String subresource, String rule, boolean matches) {
        var def = REGISTRY.all().stream().filter(d -> d.group().equals(group) && d.plural().equals(plural)).findFirst()
                .orElseThrow();
        var attributes = new AdmissionAttributes(Operation.valueOf(operation), def,
                subresource.isEmpty() ? null : subresource, "ns", "x", Json.object(), null, null, false, null);
        var webhook = Json.parseObject(("{'rules':[" + rule + "]}").replace('\'', '"').getBytes());

        assertThat(WebhookRules.matches(webhook, attributes)).isEqualTo(matches);
    }
}
