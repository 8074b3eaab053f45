package dev.capstan.node.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainNamesTest {

    @Test
    void serviceChainHashIsTheOneKubeProxyComputes() {
        // kube-proxy names default/kubernetes:https (tcp) KUBE-SVC-NPX46M4PTMTKRN6Y on every cluster.
        assertThat(ChainNames.serviceChain("default/kubernetes:https", "TCP")).isEqualTo("CAPSTAN-SVC-NPX46M4PTMTKRN6Y");
        assertThat(ChainNames.serviceChain("kube-system/kube-dns:dns", "UDP")).isEqualTo("CAPSTAN-SVC-TCOU7JCQXEZGVUNU");
    }

    @Test
    void endpointChainDependsOnTheEndpointAndFitsTheIptablesNameLimit() {
        String a = ChainNames.endpointChain("default/web:http", "TCP", "10.244.0.5:8080");
        String b = ChainNames.endpointChain("default/web:http", "TCP", "10.244.0.6:8080");
        assertThat(a).startsWith("CAPSTAN-SEP-").hasSize(28).isNotEqualTo(b);
        assertThat(ChainNames.endpointChain("default/web:http", "TCP", "10.244.0.5:8080")).isEqualTo(a);
    }

    @org.junit.jupiter.api.Test
    void theProxyOwnsItsFixedAndPerServiceChainsButNotThePodNetworksChains() {
        assertThat(ChainNames.ownedByProxy(ChainNames.SERVICES)).isTrue();
        assertThat(ChainNames.ownedByProxy(ChainNames.serviceChain("default/web:http", "TCP"))).isTrue();
        assertThat(ChainNames.ownedByProxy("CAPSTAN-POD-FWD")).isFalse();
        assertThat(ChainNames.ownedByProxy("CAPSTAN-POD-MASQ")).isFalse();
    }
}
