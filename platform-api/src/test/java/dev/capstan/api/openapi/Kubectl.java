package dev.capstan.api.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a server URL with a throwaway kubeconfig and cache directory. */
final class Kubectl {

    static final Path BINARY = Path.of("/usr/bin/kubectl");

    /** The exit code and the combined stdout and stderr of one kubectl run. */
    record Result(int exitCode, String output) {
    }

    private final Path home;

    Kubectl(Path home, String serverUrl) throws IOException {
        this.home = home;
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: capstan
                  cluster:
                    server: %s
                users:
                - name: tester
                  user: {}
                contexts:
                - name: capstan
                  context:
                    cluster: capstan
                    user: tester
                    namespace: default
                current-context: capstan
                """.formatted(serverUrl));
    }

    /** Runs kubectl with the given arguments; a hung kubectl is killed after 60 seconds. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                "--kubeconfig", home.resolve("kubeconfig").toString(),
                "--cache-dir", home.resolve("cache").toString()));
        command.addAll(List.of(args));
        // Output goes to a file, not a pipe, so a hung kubectl cannot block the test before the timeout.
        Path output = Files.createTempFile(home, "kubectl", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).directory(home.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
