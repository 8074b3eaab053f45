package dev.capstan.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class PodSecurityChecksTest {

    static final String RESTRICTED_OK = "{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'}},"
            + "'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}]}";

    static String violations(String level, String spec) {
        JsonNode node = Json.parseObject(spec.replace('\'', '"').getBytes());
        return PodSecurityChecks.evaluate(level, Json.object(), node).stream().map(Object::toString)
                .collect(Collectors.joining(", "));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            baseline   | {'containers':[{'name':'c'}]} | ''
            privileged | {'hostNetwork':true,'containers':[{'name':'c','securityContext':{'privileged':true}}]} | ''
            baseline   | {'containers':[{'name':'c','securityContext':{'privileged':true}}]} | privileged (container "c" must not set securityContext.privileged=true)
            baseline   | {'containers':[{'name':'a','securityContext':{'privileged':true}},{'name':'b','securityContext':{'privileged':true}}]} | privileged (containers "a", "b" must not set securityContext.privileged=true)
            baseline   | {'hostNetwork':true,'hostPID':true,'containers':[{'name':'c'}]} | host namespaces (hostNetwork=true, hostPID=true)
            baseline   | {'volumes':[{'name':'v','hostPath':{'path':'/'}}],'containers':[{'name':'c'}]} | hostPath volumes (volume "v")
            baseline   | {'containers':[{'name':'c','ports':[{'containerPort':80,'hostPort':8080}]}]} | hostPort (container "c" uses hostPort 8080)
            baseline   | {'containers':[{'name':'c','securityContext':{'capabilities':{'add':['NET_ADMIN','CHOWN']}}}]} | non-default capabilities (container "c" must not include "NET_ADMIN" in securityContext.capabilities.add)
            baseline   | {'securityContext':{'seccompProfile':{'type':'Unconfined'}},'containers':[{'name':'c'}]} | seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")
            baseline   | {'securityContext':{'sysctls':[{'name':'kernel.msgmax','value':'1'}]},'containers':[{'name':'c'}]} | forbidden sysctls (kernel.msgmax)
            restricted | {'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL'],'add':['NET_BIND_SERVICE']}}}]} | ''
            restricted | {'containers':[{'name':'c'}]} | allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")
            restricted | {'securityContext':{'runAsNonRoot':true,'runAsUser':0,'seccompProfile':{'type':'RuntimeDefault'}},'volumes':[{'name':'h','hostPath':{'path':'/'}}],'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL'],'add':['SYS_TIME']}}}]} | unrestricted capabilities (container "c" must not include "SYS_TIME" in securityContext.capabilities.add), restricted volume types (volume "h" uses restricted volume type "hostPath"), runAsUser=0 (pod must not set runAsUser=0)
            restricted | {'securityContext':{'runAsNonRoot':false,'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{'name':'c','securityContext':{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}]} | runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)
            """)
    void aPodSpecViolatesItsLevelWithUpstreamsWording(String level, String spec, String expected) {
        assertThat(violations(level, spec)).isEqualTo(expected);
    }
}
