package dev.capstan.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionChainTest {

    @Test
    void pluginsRunInOrderMutatingFirstWithoutTheDisabledOnes() {
        var chain = new AdmissionChain(List.of(new ResourceQuotaAdmission(null), new DefaultTolerationSeconds(),
                new NamespaceLifecycle(null), new PriorityAdmission(null), new PodSecurityAdmission(null)),
                Set.of("PodSecurity"));

        assertThat(chain.names()).containsExactly("NamespaceLifecycle", "Priority", "DefaultTolerationSeconds",
                "ResourceQuota");
    }
}
