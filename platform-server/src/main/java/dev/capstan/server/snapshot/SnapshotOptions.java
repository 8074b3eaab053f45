package dev.capstan.server.snapshot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags of {@code capstan etcd-snapshot}, as {@code --name value} or {@code --name=value}. Written by hand
 * like the rest of {@code CapstanMain}'s flag handling: six flags do not warrant a command-line library.
 */
record SnapshotOptions(Path dataDir, List<String> etcdServers, String name, Path snapshotDir, Path snapshot) {

    private static final Set<String> KNOWN = Set.of("--data-dir", "--etcd-servers", "--name", "--snapshot-dir",
            "--snapshot");

    static SnapshotOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!KNOWN.contains(flag)) {
                throw new UsageException("unknown flag: " + arg);
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(flag + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException(flag + " needs a value");
            }
            values.put(flag, value);
        }
        Path dataDir = Path.of(values.getOrDefault("--data-dir", "data")).toAbsolutePath();
        List<String> etcd = values.containsKey("--etcd-servers")
                ? Arrays.stream(values.get("--etcd-servers").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        Path snapshotDir = values.containsKey("--snapshot-dir")
                ? Path.of(values.get("--snapshot-dir")).toAbsolutePath() : dataDir.resolve("snapshots");
        Path snapshot = values.containsKey("--snapshot") ? Path.of(values.get("--snapshot")).toAbsolutePath() : null;
        String name = values.getOrDefault("--name", "on-demand");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UsageException("--name must be letters, digits, '.', '_' or '-': " + name);
        }
        return new SnapshotOptions(dataDir, etcd, name, snapshotDir, snapshot);
    }

    boolean usesEtcd() {
        return !etcdServers.isEmpty();
    }

    /** Wrong or missing flags: exit code 2, as for any command-line mistake. */
    static final class UsageException extends IllegalArgumentException {

        UsageException(String message) {
            super(message);
        }
    }
}
