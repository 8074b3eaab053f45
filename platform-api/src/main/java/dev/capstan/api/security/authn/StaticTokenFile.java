package dev.capstan.api.security.authn;

import dev.capstan.api.security.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Upstream's {@code --token-auth-file}: a CSV file read once at start, one token a record:
 * {@code token,user,uid[,"group1,group2"]}. Records with an empty token are skipped; a repeated token keeps the
 * later record (upstream warns and overwrites).
 */
public final class StaticTokenFile implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(StaticTokenFile.class);

    private final Map<String, UserInfo> users;

    public StaticTokenFile(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    public static StaticTokenFile read(Path file) {
        try {
            return new StaticTokenFile(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    /** Parses the file's text; throws IllegalArgumentException for a record with fewer than three columns. */
    public static Map<String, UserInfo> parse(String text, String source) {
        Map<String, UserInfo> users = new HashMap<>();
        int recordNumber = 0;
        for (List<String> record : Csv.records(text)) {
            recordNumber++;
            if (record.size() < 3) {
                throw new IllegalArgumentException("token file '" + source + "' must have at least 3 columns "
                        + "(token, user name, user uid), found " + record.size());
            }
            String token = record.get(0);
            if (token.isEmpty()) {
                log.warn("event=empty_token file={} record={}", source, recordNumber);
                continue;
            }
            if (users.containsKey(token)) {
                log.warn("event=duplicate_token file={} record={}", source, recordNumber);
            }
            List<String> groups = new ArrayList<>();
            if (record.size() >= 4 && !record.get(3).isEmpty()) {
                groups.addAll(List.of(record.get(3).split(",")));
            }
            users.put(token, new UserInfo(record.get(1), record.get(2), groups, Map.of()));
        }
        return users;
    }

    @Override
    public Mono<UserInfo> authenticate(String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, UserInfo> entry : users.entrySet()) {
            // constant-time per comparison: a token's prefix must not be guessable from timing
            if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
                return Mono.just(entry.getValue());
            }
        }
        return Mono.empty();
    }

    /** The subset of RFC 4180 Go's encoding/csv reads: quoted fields with "" escapes, leading spaces trimmed. */
    static final class Csv {

        private Csv() {
        }

        static List<List<String>> records(String text) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                    continue;
                }
                if (fieldStart && (c == ' ' || c == '\t')) {
                    continue; // TrimLeadingSpace
                }
                if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    any = true;
                } else if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    any = true;
                } else if (c == '\n' || c == '\r') {
                    if (any || field.length() > 0) {
                        record.add(field.toString());
                        records.add(record);
                    }
                    record = new ArrayList<>();
                    field.setLength(0);
                    fieldStart = true;
                    any = false;
                } else {
                    field.append(c);
                    fieldStart = false;
                    any = true;
                }
            }
            if (any || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }
    }
}
