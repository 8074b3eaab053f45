package dev.capstan.server;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.authn.ServiceAccountKeys;
import dev.capstan.store.KeyExistsException;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * API servers on one store must share the PKI (docs/operations/high-availability.md): one started without a copy of
 * the first one's {@code DIR/pki} makes a CA and service-account key of its own, and then certificates and
 * ServiceAccount tokens issued through one server fail on the other — quietly, long after the start. So the first
 * server records what identifies its PKI (the SHA-256 of the CA certificate and the service-account key id) in the
 * store, create-if-absent, and every server compares its own at start and refuses to start on a difference, saying
 * what to copy. Nothing secret is stored.
 */
final class SharedPkiCheck {

    static final String KEY = "/capstan/cluster/pki";
    private static final int ATTEMPTS = 30;

    private SharedPkiCheck() {
    }

    /**
     * @return proof of the check (a bean others may depend on)
     * @throws IllegalStateException if the store's cluster was set up with another PKI
     */
    static SharedPkiCheck verify(Storage storage, Path pkiDir, ServiceAccountKeys serviceAccountKeys) {
        ObjectNode mine = Json.object().put("caSha256", sha256(pkiDir.resolve("ca.crt")))
                .put("serviceAccountKeyId", serviceAccountKeys.keyId());
        if (created(storage, Json.write(mine))) {
            return new SharedPkiCheck();
        }
        ObjectNode recorded = storage.get(KEY).map(kv -> Json.parseObject(kv.value())).orElse(mine);
        if (!recorded.equals(mine)) {
            throw new IllegalStateException("this API server's PKI (" + pkiDir + ") is not the one the cluster in the store"
                    + " was set up with (" + recorded + ", this server: " + mine + "): API servers of one cluster share"
                    + " the PKI; stop this server, replace " + pkiDir + " with a copy of the first server's DIR/pki and"
                    + " start it again (docs/operations/high-availability.md)");
        }
        return new SharedPkiCheck();
    }

    /**
     * Creates the record; false if it exists. This is the server's first write, often before its etcd connection is
     * warm, and the store does not retry writes (a compare-and-swap that timed out may have committed): a create that
     * did commit is found by the next attempt as existing, with this server's own value, so retrying is safe here.
     */
    private static boolean created(Storage storage, byte[] record) {
        for (int attempt = 1; ; attempt++) {
            try {
                storage.create(KEY, record);
                return true;
            } catch (KeyExistsException e) {
                return false;
            } catch (StoreUnavailableException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the cluster's PKI", e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
