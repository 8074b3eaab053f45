package dev.capstan.api.patch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The patch schema of a built-in kind: walks its Fabric8 model classes by reflection (JSON names from
 * {@code @JsonProperty}, element types from {@code List<T>}/{@code Map<String, T>} generics) to find which class
 * declares the field at a path, then looks the field up in {@link PatchTags}. Schemas are cached per root class,
 * answers per path, and field tables per class.
 */
final class Fabric8PatchSchema implements PatchSchema {

    private static final ConcurrentMap<Class<?>, Fabric8PatchSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final ClassValue<Map<String, Type>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, Type> computeValue(Class<?> type) {
            return properties(type);
        }
    };

    /** The declaring class and JSON name of the field a path ends at; NONE when the path leaves the model. */
    private record Owner(Class<?> type, String field) {
        static final Owner NONE = new Owner(null, null);
    }

    private final Class<?> root;
    private final ConcurrentMap<List<String>, Owner> owners = new ConcurrentHashMap<>();

    private Fabric8PatchSchema(Class<?> root) {
        this.root = root;
    }

    static Fabric8PatchSchema of(Class<?> root) {
        return SCHEMAS.computeIfAbsent(root, Fabric8PatchSchema::new);
    }

    @Override
    public Optional<ListStrategy> listStrategy(List<String> path) {
        Owner owner = owner(path);
        return owner == Owner.NONE ? Optional.empty() : PatchTags.list(owner.type(), owner.field());
    }

    @Override
    public boolean replacesMap(List<String> path) {
        Owner owner = owner(path);
        return owner != Owner.NONE && PatchTags.replacesMap(owner.type(), owner.field());
    }

    private Owner owner(List<String> path) {
        return owners.computeIfAbsent(List.copyOf(path), this::resolve);
    }

    private Owner resolve(List<String> path) {
        Type current = root;
        Owner owner = Owner.NONE;
        for (String segment : path) {
            current = unwrapLists(current);
            Class<?> raw = rawClass(current);
            if (raw != null && Map.class.isAssignableFrom(raw)) {
                // a map's keys are data, not fields: the segment is a key and its value has the value type
                current = typeArgument(current, 1);
                owner = Owner.NONE;
                continue;
            }
            Type field = raw == null ? null : PROPERTIES.get(raw).get(segment);
            if (field == null) {
                return Owner.NONE;
            }
            owner = new Owner(raw, segment);
            current = field;
        }
        return owner;
    }

    private static Type unwrapLists(Type type) {
        Type current = type;
        while (true) {
            Class<?> raw = rawClass(current);
            if (raw == null || !Collection.class.isAssignableFrom(raw)) {
                return current;
            }
            current = typeArgument(current, 0);
        }
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index) {
            return parameterized.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> cls) {
            return cls;
        }
        return null;
    }

    /** JSON name to generic field type, for a model class and its superclasses. */
    private static Map<String, Type> properties(Class<?> type) {
        Map<String, Type> properties = new HashMap<>();
        if (type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.")) {
            return properties;
        }
        for (Class<?> cls = type; cls != null && cls != Object.class; cls = cls.getSuperclass()) {
            for (Field field : cls.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()
                        || field.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                String name = property != null && !property.value().isEmpty() ? property.value() : field.getName();
                properties.putIfAbsent(name, field.getGenericType());
            }
        }
        return properties;
    }
}
