package dev.capstan.api.encryption;

import static dev.capstan.api.json.YamlTree.list;
import static dev.capstan.api.json.YamlTree.map;

import dev.capstan.api.json.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Upstream's {@code EncryptionConfiguration} (apiserver.config.k8s.io/v1): for each group of resources, the
 * providers their values are written with (the first) and read with (any). Supports aesgcm, aescbc and
 * identity. secretbox (XSalsa20-Poly1305) and kms are refused: the JDK has no XSalsa20 and there is no KMS
 * plugin client.
 *
 * @param rules in file order; a resource uses the first rule that names it (explicitly or by wildcard)
 */
public record EncryptionConfiguration(List<Rule> rules) {

    static final String API_VERSION = "apiserver.config.k8s.io/v1";
    static final String KIND = "EncryptionConfiguration";
    private static final Set<Integer> AES_KEY_SIZES = Set.of(16, 24, 32);

    /** One {@code resources[]} element: resource names ({@code secrets}, {@code deployments.apps}, {@code *.*}). */
    public record Rule(List<String> resources, PrefixTransformers transformers) {

        boolean matches(String group, String resource) {
            for (String name : resources) {
                int dot = name.indexOf('.');
                String r = dot < 0 ? name : name.substring(0, dot);
                String g = dot < 0 ? "" : name.substring(dot + 1);
                if (name.equals("*.*") || (r.equals("*") && g.equals(group))
                        || (r.equals(resource) && g.equals(group))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The rule's transformers for a group/resource, or null when no rule names it (stored as is). */
    public PrefixTransformers transformersFor(String group, String resource) {
        for (Rule rule : rules) {
            if (rule.matches(group, resource)) {
                return rule.transformers();
            }
        }
        return null;
    }

    public static EncryptionConfiguration read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidEncryptionConfigException(file, "cannot read the file: " + e.getMessage());
        }
        try {
            return parse(text, new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new InvalidEncryptionConfigException(file, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException with the first problem found, in upstream's words where it has them */
    public static EncryptionConfiguration parse(String text, SecureRandom random) {
        Object loaded = YamlTree.load(text);
        Map<?, ?> root = map(loaded, "the document");
        if (!API_VERSION.equals(root.get("apiVersion")) || !KIND.equals(root.get("kind"))) {
            throw new IllegalArgumentException("expected apiVersion " + API_VERSION + " and kind " + KIND
                    + ", got " + root.get("apiVersion") + "/" + root.get("kind"));
        }
        List<?> resources = list(root.get("resources"), "resources");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("resources: Required value: at least one resource is required");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            String path = "resources[" + i + "]";
            Map<?, ?> element = map(resources.get(i), path);
            List<String> names = new ArrayList<>();
            for (Object name : list(element.get("resources"), path + ".resources")) {
                String n = String.valueOf(name).toLowerCase();
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(path + ".resources: Duplicate value: \"" + n + "\"");
                }
                names.add(n);
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(path + ".resources: Required value: at least one resource is required");
            }
            List<?> providers = list(element.get("providers"), path + ".providers");
            if (providers.isEmpty()) {
                throw new IllegalArgumentException(path + ".providers: Required value: at least one provider is required");
            }
            List<PrefixTransformers.Entry> entries = new ArrayList<>();
            for (int j = 0; j < providers.size(); j++) {
                entries.addAll(provider(map(providers.get(j), path + ".providers[" + j + "]"),
                        path + ".providers[" + j + "]", random));
            }
            rules.add(new Rule(List.copyOf(names), new PrefixTransformers(entries)));
        }
        return new EncryptionConfiguration(List.copyOf(rules));
    }

    private static List<PrefixTransformers.Entry> provider(Map<?, ?> element, String path, SecureRandom random) {
        if (element.size() != 1) {
            throw new IllegalArgumentException(path + ": Invalid value: "
                    + "more than one provider specified in a single element, should split into different list elements");
        }
        String type = String.valueOf(element.keySet().iterator().next());
        Object body = element.get(type);
        return switch (type) {
            case "identity" -> List.of(new PrefixTransformers.Entry("", new IdentityTransformer()));
            case "aesgcm", "aescbc" -> aesKeys(type, map(body == null ? Map.of() : body, path + "." + type),
                    path + "." + type, random);
            case "secretbox" -> throw new IllegalArgumentException(path + ".secretbox: Unsupported value: "
                    + "the secretbox provider (XSalsa20-Poly1305) is not supported by this server; use aesgcm or aescbc");
            case "kms" -> throw new IllegalArgumentException(path + ".kms: Unsupported value: "
                    + "the kms provider is not supported by this server; use aesgcm or aescbc");
            default -> throw new IllegalArgumentException(path + ": Unsupported value: unknown provider \"" + type
                    + "\", supported: \"aesgcm\", \"aescbc\", \"identity\"");
        };
    }

    private static List<PrefixTransformers.Entry> aesKeys(String type, Map<?, ?> body, String path, SecureRandom random) {
        List<?> keys = list(body.get("keys"), path + ".keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(path + ".keys: Required value: at least one key is required");
        }
        List<PrefixTransformers.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int k = 0; k < keys.size(); k++) {
            String keyPath = path + ".keys[" + k + "]";
            Map<?, ?> key = map(keys.get(k), keyPath);
            Object name = key.get("name");
            if (name == null || String.valueOf(name).isEmpty()) {
                throw new IllegalArgumentException(keyPath + ".name: Required value: key name is required");
            }
            if (!names.add(String.valueOf(name))) {
                throw new IllegalArgumentException(keyPath + ".name: Duplicate value: \"" + name + "\"");
            }
            Object secret = key.get("secret");
            if (secret == null || String.valueOf(secret).isEmpty()) {
                throw new IllegalArgumentException(keyPath + ".secret: Required value: secret is required");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(String.valueOf(secret).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keyPath + ".secret: Invalid value: \"REDACTED\": "
                        + "secrets must be base64 encoded");
            }
            if (!AES_KEY_SIZES.contains(bytes.length)) {
                throw new IllegalArgumentException(keyPath + ".secret: Invalid value: \"REDACTED\": "
                        + "secret is not of the expected length, got " + bytes.length + ", expected one of [16 24 32]");
            }
            SecretKeySpec aes = new SecretKeySpec(bytes, "AES");
            ValueTransformer transformer = type.equals("aesgcm")
                    ? new AesGcmTransformer(aes, random) : new AesCbcTransformer(aes, random);
            entries.add(new PrefixTransformers.Entry("k8s:enc:" + type + ":v1:" + name + ":", transformer));
        }
        return entries;
    }


}
