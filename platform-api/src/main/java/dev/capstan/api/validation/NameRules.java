package dev.capstan.api.validation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's name formats ({@code k8s.io/apimachinery/pkg/api/validate/content}): RFC 1123 labels and subdomains,
 * path-segment names, with the same length limits and messages, and {@code generateName} suffixes.
 */
public final class NameRules {

    public static final int DNS1123_LABEL_MAX_LENGTH = 63;
    public static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
    /** Upstream caps a generateName base so that base plus suffix still fits a 63-character label. */
    public static final int MAX_GENERATED_NAME_BASE_LENGTH = 63 - 5;

    static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL_FMT);
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character";
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private NameRules() {
    }

    /** The problems with {@code value} as an RFC 1123 label (at most 63 bytes); empty when valid. */
    public static List<String> isDns1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_LABEL_MAX_LENGTH));
        }
        if (!LABEL.matcher(value).matches()) {
            errs.add(SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
                    : regexError(LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
        }
        return errs;
    }

    /** The problems with {@code value} as an RFC 1123 subdomain (at most 253 bytes); empty when valid. */
    public static List<String> isDns1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    /** The problems with {@code name} as a URL path segment: not '.' or '..', no '/' or '%'. */
    public static List<String> isPathSegmentName(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        return isPathSegmentPrefix(name);
    }

    /** The problems with {@code prefix} as the start of a path segment: no '/' or '%'. */
    public static List<String> isPathSegmentPrefix(String prefix) {
        List<String> errs = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (prefix.contains(illegal)) {
                errs.add("may not contain '" + illegal + "'");
            }
        }
        return errs;
    }

    /**
     * A name generated from a {@code generateName} base as upstream's SimpleNameGenerator does it: the base cut
     * to 58 characters plus five random characters from an alphabet without vowels (no accidental words).
     */
    public static String generateName(String base) {
        String cut = base.length() > MAX_GENERATED_NAME_BASE_LENGTH
                ? base.substring(0, MAX_GENERATED_NAME_BASE_LENGTH) : base;
        StringBuilder b = new StringBuilder(cut);
        for (int i = 0; i < 5; i++) {
            b.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return b.toString();
    }

    static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static String maxLenError(int length) {
        return "must be no more than " + length + " bytes";
    }

    /** Upstream's RegexError text, including its doubled spaces between examples. */
    static String regexError(String msg, String regex, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + regex + "')";
        }
        StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                b.append(" or ");
            }
            b.append('\'').append(examples[i]).append("', ");
        }
        return b.append("regex used for validation is '").append(regex).append("')").toString();
    }
}
