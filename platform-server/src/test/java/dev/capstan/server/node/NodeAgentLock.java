package dev.capstan.server.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds {@code /tmp/capstan-node.lock} while a test class runs a node agent, so only one agent (port 10250, DNS,
 * the capstan0 bridge) runs on the machine at a time. Register before the {@link RunningAgent}.
 *
 * <p>The lock is taken with the {@code flock} command (a child that holds it until its stdin closes), not
 * {@code FileChannel.lock}: on Linux flock(2) and the JVM's fcntl locks do not see each other, and everyone else
 * takes this lock with {@code flock}. When an ancestor of this JVM already holds it (the build was started
 * under {@code flock /tmp/capstan-node.lock mvn ...}) taking it again would wait forever, so it is left at that.
 */
public final class NodeAgentLock implements BeforeAllCallback, AfterAllCallback {

    private static final Path LOCK = Path.of("/tmp/capstan-node.lock");

    private Process holder;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!Files.exists(LOCK)) {
            Files.createFile(LOCK);
        }
        if (heldByAnAncestor()) {
            return;
        }
        holder = new ProcessBuilder("flock", LOCK.toString(), "sh", "-c", "echo locked; exec cat")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // blocks while another agent holds the lock
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"locked".equals(line)) {
            throw new IOException("flock " + LOCK + " failed (exit " + holder.exitValue() + ")");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (holder != null) {
            holder.getOutputStream().close(); // cat ends, and with it flock and the lock
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly().waitFor();
            }
        }
    }

    /** Whether /proc/locks lists a flock on the lock file held by this JVM's parent, grandparent, ... */
    private static boolean heldByAnAncestor() throws IOException {
        long inode = ((Number) Files.getAttribute(LOCK, "unix:ino")).longValue();
        Set<Long> holders;
        try (Stream<String> lines = Files.lines(Path.of("/proc/locks"))) {
            holders = lines.map(line -> List.of(line.trim().split("\\s+")))
                    // "1: FLOCK  ADVISORY  WRITE 4242 08:01:123456 0 EOF"; waiters ("1: -> FLOCK ...") hold nothing
                    .filter(f -> f.size() >= 6 && f.get(1).equals("FLOCK"))
                    .filter(f -> f.get(5).endsWith(":" + inode))
                    .map(f -> Long.parseLong(f.get(4)))
                    .collect(Collectors.toSet());
        }
        for (var process = ProcessHandle.current().parent(); process.isPresent(); process = process.get().parent()) {
            if (holders.contains(process.get().pid())) {
                return true;
            }
        }
        return false;
    }
}
