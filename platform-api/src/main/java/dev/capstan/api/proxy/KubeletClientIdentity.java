package dev.capstan.api.proxy;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The client certificate the API server shows kubelets (upstream: --kubelet-client-certificate and
 * --kubelet-client-key), for kubelets that authenticate their callers by certificate.
 */
public record KubeletClientIdentity(PrivateKey key, X509Certificate... chain) {
}
