package dev.capstan.server.security;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An audit policy in a temporary directory and the audit log a server writes beside it, read as an operator would. */
public final class AuditLogFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path policy;
    private final Path log;

    public AuditLogFile(String policyYaml) {
        try {
            Path dir = Files.createTempDirectory("capstan-audit-");
            policy = Files.writeString(dir.resolve("policy.yaml"), policyYaml);
            log = dir.resolve("audit.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server flags that turn auditing on with this policy and file. */
    public String[] serverArgs() {
        return new String[] {"--capstan.api.audit-policy-file=" + policy, "--capstan.api.audit-log-path=" + log};
    }

    public List<JsonNode> events() {
        try {
            return Files.exists(log) ? Files.readAllLines(log).stream().map(JSON::readTree).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as written. */
    public String text() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the writer thread to put a matching event in the file. */
    public JsonNode awaitEvent(Predicate<JsonNode> match, Duration atMost) {
        return await().atMost(atMost).until(() -> events().stream().filter(match).findFirst().orElse(null), e -> e != null);
    }
}
