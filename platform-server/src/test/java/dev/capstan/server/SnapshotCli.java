package dev.capstan.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code capstan etcd-snapshot ...} run as its own process, as an operator runs it. */
final class SnapshotCli {

    /** What the command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private SnapshotCli() {
    }

    static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CapstanMain.class.getName(), "etcd-snapshot"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("capstan-snapshot-", ".out");
        Path err = Files.createTempFile("capstan-snapshot-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("etcd-snapshot " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
