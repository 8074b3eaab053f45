package dev.capstan.server.snapshot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.store.ListOptions;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's answers to bad flags, and a save and restore of the embedded store without a server. */
class SnapshotCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void wrongFlagsAreUsageErrors() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("backup")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("unknown subcommand: backup").contains("usage:");
        assertThat(run("save", "--dat-dir", "x")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("unknown flag: --dat-dir");
        assertThat(run("save", "--name", "../escape")).isEqualTo(2);
        assertThat(run("save", "--data-dir")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--data-dir needs a value");
        assertThat(run("restore", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("restore needs --snapshot FILE");
        assertThat(run("--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("capstan etcd-snapshot restore --snapshot FILE");
    }

    @Test
    void saveWithoutAStoreFailsAndCreatesNone() {
        assertThat(run("save", "--data-dir", dataDir.toString())).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("no store in " + dataDir);
        assertThat(EmbeddedStorage.databaseFile(dataDir)).doesNotExist();
        assertThat(dataDir.resolve("snapshots")).doesNotExist();
    }

    @Test
    void restoreReplacesTheStoreKeepsTheOldOneAndMovesTheRevisionPastIt() throws Exception {
        long oldRevision;
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            store.create("/registry/configmaps/default/saved", "v1".getBytes(UTF_8));
        }
        assertThat(run("save", "--data-dir", dataDir.toString(), "--name", "unit")).isZero();
        Path snapshot = Path.of(out.toString(UTF_8).strip());
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            store.create("/registry/configmaps/default/later", "v2".getBytes(UTF_8));
            oldRevision = store.currentRevision();
        }

        assertThat(run("restore", "--data-dir", dataDir.toString(), "--snapshot", snapshot.toString()))
                .as(err.toString(UTF_8)).isZero();

        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            assertThat(store.list("/registry/", ListOptions.latest()).items())
                    .extracting(kv -> kv.key()).containsExactly("/registry/configmaps/default/saved");
            assertThat(store.currentRevision()).isEqualTo(oldRevision + EmbeddedSnapshotRestore.REVISION_BUMP);
        }
        try (var dirs = Files.list(dataDir)) {
            Path kept = dirs.filter(p -> p.getFileName().toString().startsWith("db-old-")).findFirst().orElseThrow();
            try (EmbeddedStorage old = EmbeddedStorage.open(kept)) {
                assertThat(old.get("/registry/configmaps/default/later")).isPresent();
            }
        }
    }

    @Test
    void restoreOfAMissingSnapshotFailsAndChangesNothing() throws Exception {
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            store.create("/registry/configmaps/default/a", new byte[1]);
        }
        byte[] before = Files.readAllBytes(EmbeddedStorage.databaseFile(dataDir));
        assertThat(run("restore", "--data-dir", dataDir.toString(), "--snapshot", dataDir.resolve("none").toString()))
                .isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("does not exist");
        assertThat(Files.readAllBytes(EmbeddedStorage.databaseFile(dataDir))).isEqualTo(before);
    }

    @Test
    void restoreIsRefusedWhileTheDataDirectoryIsLocked() throws Exception {
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir)) {
            store.create("/registry/configmaps/default/a", new byte[1]);
        }
        assertThat(run("save", "--data-dir", dataDir.toString())).isZero();
        Path snapshot = Path.of(out.toString(UTF_8).strip());
        try (DataDirLock held = DataDirLock.acquire(dataDir)) {
            assertThat(run("restore", "--data-dir", dataDir.toString(), "--snapshot", snapshot.toString())).isEqualTo(1);
            assertThat(err.toString(UTF_8)).contains("server is running on " + dataDir);
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return SnapshotCommand.run(List.of(args), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    }
}
