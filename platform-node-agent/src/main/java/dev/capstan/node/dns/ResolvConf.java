package dev.capstan.node.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a resolv.conf(5) file that DNS configuration needs: nameservers, search domains and options.
 * Parsed the way the kubelet parses its {@code --resolv-conf} (pkg/kubelet/network/dns): the last
 * {@code search} line wins, trailing dots of search domains are dropped, later options override earlier ones
 * of the same name.
 *
 * @param nameservers nameserver addresses in file order
 * @param searches    search domains without trailing dots
 * @param options     options such as {@code ndots:5}
 */
public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {

    /** The host resolver configuration most Linux hosts use. */
    public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }

    /** An empty configuration (no servers, searches or options). */
    public static ResolvConf empty() {
        return new ResolvConf(List.of(), List.of(), List.of());
    }

    /** Reads and parses {@code file}; a missing file yields {@link #empty()} (a host without a resolver). */
    public static ResolvConf read(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses resolv.conf text; unknown keywords and comments ({@code #} or {@code ;}) are ignored. */
    public static ResolvConf parse(String text) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String rawLine : text.split("\\R")) {
            String line = stripComment(rawLine).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length >= 2) {
                        nameservers.add(fields[1]);
                    }
                }
                case "search" -> {
                    searches.clear();
                    for (int i = 1; i < fields.length; i++) {
                        if (!fields[i].equals(".")) {
                            searches.add(stripTrailingDot(fields[i]));
                        }
                    }
                }
                case "options" -> {
                    for (int i = 1; i < fields.length; i++) {
                        putOption(options, fields[i]);
                    }
                }
                default -> {
                    // domain, sortlist, ...: not part of the CRI DNSConfig
                }
            }
        }
        return new ResolvConf(nameservers, searches, renderOptions(options));
    }

    /** Renders this configuration as resolv.conf text. */
    public String render() {
        StringBuilder text = new StringBuilder();
        nameservers.forEach(server -> text.append("nameserver ").append(server).append('\n'));
        if (!searches.isEmpty()) {
            text.append("search ").append(String.join(" ", searches)).append('\n');
        }
        if (!options.isEmpty()) {
            text.append("options ").append(String.join(" ", options)).append('\n');
        }
        return text.toString();
    }

    static void putOption(Map<String, String> options, String option) {
        int colon = option.indexOf(':');
        if (colon < 0) {
            options.put(option, "");
        } else {
            options.put(option.substring(0, colon), option.substring(colon + 1));
        }
    }

    static List<String> renderOptions(Map<String, String> options) {
        List<String> rendered = new ArrayList<>();
        options.forEach((name, value) -> rendered.add(value.isEmpty() ? name : name + ":" + value));
        return rendered;
    }

    private static String stripComment(String line) {
        int cut = line.length();
        int hash = line.indexOf('#');
        int semicolon = line.indexOf(';');
        if (hash >= 0) {
            cut = hash;
        }
        if (semicolon >= 0 && semicolon < cut) {
            cut = semicolon;
        }
        return line.substring(0, cut);
    }

    private static String stripTrailingDot(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
