package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Sets up a pod's volumes on the node, under {@code <root>/pods/<uid>/volumes/<plugin>/<name>} as upstream's
 * volume manager lays them out: {@code emptyDir} (a directory), {@code hostPath} (the host's path, created for
 * the *OrCreate types), {@code configMap}, {@code secret}, {@code downwardAPI} and {@code projected} (files
 * written atomically: a new timestamped directory, then the {@code ..data} symlink swapped, as upstream's
 * AtomicWriter, so a reader never sees half an update). Called on every sync so ConfigMap and Secret changes
 * reach running pods.
 */
public final class PodVolumes {

    private static final int DEFAULT_MODE = 0644;
    private static final long DEFAULT_TOKEN_SECONDS = 3607;

    private final KubernetesClient client;
    private final Path root;

    public PodVolumes(KubernetesClient client, Path root) {
        this.client = client;
        this.root = root;
    }

    public Path podDir(String uid) {
        return root.resolve("pods").resolve(uid);
    }

    /** Host paths of the pod's volumes by volume name. */
    public Map<String, Path> prepare(Pod pod, String podIp, String hostIp) {
        Map<String, Path> paths = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume volume : volumes) {
            paths.put(volume.getName(), prepare(pod, volume, podIp, hostIp));
        }
        return paths;
    }

    private Path prepare(Pod pod, Volume volume, String podIp, String hostIp) {
        String uid = pod.getMetadata().getUid();
        String ns = pod.getMetadata().getNamespace();
        try {
            if (volume.getEmptyDir() != null) {
                Path dir = volumeDir(uid, "kubernetes.io~empty-dir", volume.getName());
                Files.createDirectories(dir);
                setMode(dir, 0777);
                return dir;
            }
            if (volume.getHostPath() != null) {
                return hostPath(volume.getHostPath());
            }
            if (volume.getConfigMap() != null) {
                var source = volume.getConfigMap();
                ConfigMap map = client.configMaps().inNamespace(ns).withName(source.getName()).get();
                if (map == null && !Boolean.TRUE.equals(source.getOptional())) {
                    throw new ConfigError("configmap \"" + source.getName() + "\" not found");
                }
                Map<String, byte[]> data = map == null ? Map.of() : configMapData(map);
                return writeAtomically(volumeDir(uid, "kubernetes.io~configmap", volume.getName()),
                        files(data, source.getItems(), mode(source.getDefaultMode())));
            }
            if (volume.getSecret() != null) {
                var source = volume.getSecret();
                Secret secret = client.secrets().inNamespace(ns).withName(source.getSecretName()).get();
                if (secret == null && !Boolean.TRUE.equals(source.getOptional())) {
                    throw new ConfigError("secret \"" + source.getSecretName() + "\" not found");
                }
                Map<String, byte[]> data = secret == null ? Map.of() : secretData(secret);
                return writeAtomically(volumeDir(uid, "kubernetes.io~secret", volume.getName()),
                        files(data, source.getItems(), mode(source.getDefaultMode())));
            }
            if (volume.getDownwardAPI() != null) {
                Map<String, FileContent> files = new LinkedHashMap<>();
                int mode = mode(volume.getDownwardAPI().getDefaultMode());
                for (DownwardAPIVolumeFile item : volume.getDownwardAPI().getItems()) {
                    files.put(item.getPath(), new FileContent(downward(pod, item, podIp, hostIp), item.getMode() == null ? mode : item.getMode()));
                }
                return writeAtomically(volumeDir(uid, "kubernetes.io~downward-api", volume.getName()), files);
            }
            if (volume.getProjected() != null) {
                return writeAtomically(volumeDir(uid, "kubernetes.io~projected", volume.getName()),
                        projected(pod, volume, podIp, hostIp));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new ConfigError("volume \"" + volume.getName() + "\": this volume type is not supported by this node");
    }

    private Map<String, FileContent> projected(Pod pod, Volume volume, String podIp, String hostIp) {
        String ns = pod.getMetadata().getNamespace();
        int mode = mode(volume.getProjected().getDefaultMode());
        Map<String, FileContent> files = new LinkedHashMap<>();
        for (VolumeProjection source : volume.getProjected().getSources()) {
            if (source.getConfigMap() != null) {
                ConfigMap map = client.configMaps().inNamespace(ns).withName(source.getConfigMap().getName()).get();
                if (map == null && !Boolean.TRUE.equals(source.getConfigMap().getOptional())) {
                    throw new ConfigError("configmap \"" + source.getConfigMap().getName() + "\" not found");
                }
                files.putAll(files(map == null ? Map.of() : configMapData(map), source.getConfigMap().getItems(), mode));
            } else if (source.getSecret() != null) {
                Secret secret = client.secrets().inNamespace(ns).withName(source.getSecret().getName()).get();
                if (secret == null && !Boolean.TRUE.equals(source.getSecret().getOptional())) {
                    throw new ConfigError("secret \"" + source.getSecret().getName() + "\" not found");
                }
                files.putAll(files(secret == null ? Map.of() : secretData(secret), source.getSecret().getItems(), mode));
            } else if (source.getDownwardAPI() != null) {
                for (DownwardAPIVolumeFile item : source.getDownwardAPI().getItems()) {
                    files.put(item.getPath(), new FileContent(downward(pod, item, podIp, hostIp), item.getMode() == null ? mode : item.getMode()));
                }
            } else if (source.getServiceAccountToken() != null) {
                var token = source.getServiceAccountToken();
                files.put(token.getPath(), new FileContent(serviceAccountToken(pod, token.getAudience(),
                        token.getExpirationSeconds()).getBytes(StandardCharsets.UTF_8), mode));
            }
        }
        return files;
    }

    private record TokenKey(String podUid, String account, String audience, long seconds) {
    }

    private record CachedToken(String token, java.time.Instant refreshAt) {
    }

    private final java.util.Map<TokenKey, CachedToken> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A token for the pod's service account bound to the pod (TokenRequest), as upstream's token manager keeps
     * them: reused until 80 % of its lifetime has passed (or 24 h), then renewed, so the file in the pod is
     * refreshed in time without a request on every sync.
     */
    private String serviceAccountToken(Pod pod, String audience, Long expirationSeconds) {
        String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
        long seconds = expirationSeconds == null ? DEFAULT_TOKEN_SECONDS : expirationSeconds;
        TokenKey key = new TokenKey(pod.getMetadata().getUid(), account, audience == null ? "" : audience, seconds);
        CachedToken cached = tokens.get(key);
        java.time.Instant now = java.time.Instant.now();
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.token();
        }
        String token = requestToken(pod, account, audience, seconds);
        long refreshAfter = Math.min(seconds * 8 / 10, java.time.Duration.ofHours(24).toSeconds());
        tokens.put(key, new CachedToken(token, now.plusSeconds(refreshAfter)));
        return token;
    }

    private String requestToken(Pod pod, String account, String audience, Long expirationSeconds) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
                .withExpirationSeconds(expirationSeconds == null ? DEFAULT_TOKEN_SECONDS : expirationSeconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec().build();
        try {
            TokenRequest answer = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                    .tokenRequest(request);
            return answer.getStatus().getToken();
        } catch (KubernetesClientException e) {
            throw new ConfigError("failed to fetch token for service account " + account + ": " + e.getMessage());
        }
    }

    private static byte[] downward(Pod pod, DownwardAPIVolumeFile item, String podIp, String hostIp) {
        String value;
        if (item.getFieldRef() != null) {
            value = PodFields.value(pod, item.getFieldRef().getFieldPath(), podIp, hostIp);
        } else if (item.getResourceFieldRef() != null) {
            var ref = item.getResourceFieldRef();
            value = EnvResolver.resource(pod, pod.getSpec().getContainers().get(0), ref.getContainerName(), ref.getResource(), ref.getDivisor());
        } else {
            value = "";
        }
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }

    private Path hostPath(HostPathVolumeSource source) throws IOException {
        Path path = Path.of(source.getPath());
        String type = source.getType() == null ? "" : source.getType();
        switch (type) {
            case "DirectoryOrCreate" -> Files.createDirectories(path);
            case "FileOrCreate" -> {
                if (!Files.exists(path)) {
                    Files.createDirectories(path.getParent());
                    Files.createFile(path);
                }
            }
            case "Directory" -> require(Files.isDirectory(path), source);
            case "File" -> require(Files.isRegularFile(path), source);
            case "Socket", "CharDevice", "BlockDevice" -> require(Files.exists(path), source);
            default -> {
                // "" : no check, as upstream
            }
        }
        return path;
    }

    private static void require(boolean ok, HostPathVolumeSource source) {
        if (!ok) {
            throw new ConfigError("hostPath type check failed: " + source.getPath() + " is not a " + source.getType());
        }
    }

    private record FileContent(byte[] bytes, int mode) {
    }

    private static Map<String, FileContent> files(Map<String, byte[]> data, List<KeyToPath> items, int defaultMode) {
        Map<String, FileContent> files = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((k, v) -> files.put(k, new FileContent(v, defaultMode)));
            return files;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new ConfigError("configmap references non-existent config key: " + item.getKey());
            }
            files.put(item.getPath(), new FileContent(value, item.getMode() == null ? defaultMode : item.getMode()));
        }
        return files;
    }

    /**
     * Upstream's AtomicWriter: files go into a fresh {@code ..<timestamp>} directory, {@code ..data} is swapped to it
     * with one rename, and each top-level name is a symlink through {@code ..data}. Unchanged content is not rewritten.
     */
    private static Path writeAtomically(Path dir, Map<String, FileContent> files) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve("..data");
        if (Files.exists(data) && sameContent(data, files)) {
            return dir;
        }
        Path fresh = Files.createTempDirectory(dir, ".." + System.currentTimeMillis() + ".");
        for (Map.Entry<String, FileContent> file : files.entrySet()) {
            Path target = fresh.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue().bytes());
            setMode(target, file.getValue().mode());
        }
        setMode(fresh, 0755);
        Path link = dir.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, fresh.getFileName());
        Path previous = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            String top = name.split("/")[0];
            Path entry = dir.resolve(top);
            if (!Files.exists(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(entry, Path.of("..data").resolve(top));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && files.keySet().stream().noneMatch(f -> f.split("/")[0].equals(name))) {
                    Files.delete(entry); // a key that went away
                }
            }
        }
        if (previous != null && !previous.equals(fresh)) {
            deleteTree(previous);
        }
        return dir;
    }

    private static boolean sameContent(Path data, Map<String, FileContent> files) throws IOException {
        for (Map.Entry<String, FileContent> file : files.entrySet()) {
            Path path = data.resolve(file.getKey());
            if (!Files.isRegularFile(path) || !java.util.Arrays.equals(Files.readAllBytes(path), file.getValue().bytes())) {
                return false;
            }
        }
        try (Stream<Path> walk = Files.walk(data.toRealPath())) {
            return walk.filter(Files::isRegularFile).count() == files.size();
        }
    }

    public void remove(String uid) {
        tokens.keySet().removeIf(k -> k.podUid().equals(uid));
        deleteTree(podDir(uid));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path volumeDir(String uid, String plugin, String name) {
        return podDir(uid).resolve("volumes").resolve(plugin).resolve(name);
    }

    private static Map<String, byte[]> configMapData(ConfigMap map) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (map.getData() != null) {
            map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.getBinaryData() != null) {
            map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }

    private static Map<String, byte[]> secretData(Secret secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(path, perms);
    }
}
