package dev.capstan.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code capstan ...} command run as its own process, as an operator runs it, to its end. */
final class CapstanCommand {

    /** What the command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private CapstanCommand() {
    }

    static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CapstanMain.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("capstan-command-", ".out");
        Path err = Files.createTempFile("capstan-command-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("capstan " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
