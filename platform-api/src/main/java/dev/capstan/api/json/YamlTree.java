package dev.capstan.api.json;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reading an upstream configuration file (audit Policy, EncryptionConfiguration) as a plain YAML tree, with errors
 * that name the path of the bad element ({@code rules[2].resources: expected a list}), as upstream's validation
 * messages do. Loaded with SnakeYAML's safe constructor: maps, lists and scalars only, never arbitrary types.
 */
public final class YamlTree {

    private YamlTree() {
    }

    /** @throws IllegalArgumentException when the text is not YAML */
    public static Object load(String text) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage());
        }
    }

    /** {@code value} as a map, else an error naming {@code path}. */
    public static Map<?, ?> map(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(path + ": expected an object");
    }

    /** {@code value} as a list (absent: empty), else an error naming {@code path}. */
    public static List<?> list(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(path + ": expected a list");
    }

    /** {@code value} as a list of strings (absent: empty). */
    public static List<String> strings(Object value, String path) {
        return list(value, path).stream().map(String::valueOf).toList();
    }
}
