package dev.capstan.api.openapi;

import dev.capstan.api.json.Json;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns Fabric8 model classes into Swagger 2.0 definitions, using Jackson's own view of a class (the property names
 * and generic types the server actually reads and writes), so the schema cannot drift from the wire format.
 * Each class becomes one definition; fields of model types become {@code $ref}s with the {@code #/definitions/}
 * prefix (the v3 renderer rewrites them). Fabric8's catch-all {@code additionalProperties} map is no field.
 */
final class SchemaGenerator {

    static final String REF_PREFIX = "#/definitions/";

    private final SerializationContext context = Json.MAPPER._serializationContext();
    private final DefinitionNames names = new DefinitionNames();
    private final Map<String, ObjectNode> definitions = new TreeMap<>();
    private final Map<Class<?>, String> defined = new HashMap<>();

    /** All definitions made so far, by name, sorted (the map is live; callers only read it). */
    Map<String, ObjectNode> definitions() {
        return definitions;
    }

    /** Adds a hand-written definition (types the Fabric8 classes do not model, like the PATCH body). */
    void put(String name, ObjectNode schema) {
        definitions.put(name, schema);
    }

    /** Makes sure the class and every model class reachable from it have definitions; returns the class's name. */
    String define(Class<?> type) {
        String known = defined.get(type);
        if (known != null) {
            return known;
        }
        String name = names.nameOf(type);
        defined.put(type, name);
        ObjectNode schema = Json.object();
        // Registered before the properties are walked, so recursive types (JSONSchemaProps) terminate.
        definitions.put(name, schema);
        schema.put("description", type.getSimpleName());
        schema.put("type", "object");
        ObjectNode properties = Json.object();
        List<String> required = new ArrayList<>();
        BeanDescription bean = context.introspectBeanDescription(context.constructType(type));
        List<BeanPropertyDefinition> props = new ArrayList<>(bean.findProperties());
        props.sort(Comparator.comparing(BeanPropertyDefinition::getName));
        for (BeanPropertyDefinition property : props) {
            if (property.getName().equals("additionalProperties") || !property.couldSerialize()) {
                continue;
            }
            ObjectNode propertySchema = schemaOf(property.getPrimaryType());
            if (looksLikeTimestamp(property.getName()) && isPlainString(propertySchema)) {
                propertySchema.put("format", "date-time");
            }
            properties.set(property.getName(), propertySchema);
            if (property.isRequired()) {
                required.add(property.getName());
            }
        }
        if (!properties.isEmpty()) {
            schema.set("properties", properties);
        }
        if (!required.isEmpty()) {
            ArrayNode list = schema.putArray("required");
            required.forEach(list::add);
        }
        return name;
    }

    /** The schema of a value of the given Java type: inline for scalars and containers, a $ref for model classes. */
    ObjectNode schemaOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == byte[].class) {
            return scalar("string", "byte");
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            ObjectNode array = scalar("array", null);
            array.set("items", schemaOf(type.getContentType()));
            return array;
        }
        if (type.isMapLikeType()) {
            ObjectNode map = scalar("object", null);
            map.set("additionalProperties", schemaOf(type.getContentType()));
            return map;
        }
        ObjectNode scalar = scalarOf(raw);
        if (scalar != null) {
            return scalar;
        }
        if (raw == IntOrString.class) {
            ObjectNode intOrString = scalar("string", "int-or-string");
            intOrString.put("x-kubernetes-int-or-string", true);
            return intOrString;
        }
        if (raw == Quantity.class) {
            return scalar("string", "quantity");
        }
        if (raw == MicroTime.class) {
            return scalar("string", "date-time");
        }
        if (raw == io.fabric8.kubernetes.api.model.Duration.class) {
            return scalar("string", null);
        }
        if (raw.isEnum()) {
            ObjectNode enumeration = scalar("string", null);
            ArrayNode values = enumeration.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return enumeration;
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || AnyType.class.isAssignableFrom(raw)
                || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || hasCustomSerializer(raw)) {
            // Free-form JSON (RawExtension, KubernetesResource fields) and classes whose serializer writes
            // something other than their properties (JSONSchemaPropsOrBool: a schema or a boolean).
            ObjectNode any = Json.object();
            any.put("x-kubernetes-preserve-unknown-fields", true);
            return any;
        }
        ObjectNode ref = Json.object();
        ref.put("$ref", REF_PREFIX + define(raw));
        return ref;
    }

    private boolean hasCustomSerializer(Class<?> raw) {
        Object serializer = context.getAnnotationIntrospector()
                .findSerializer(context.getConfig(), context.introspectClassAnnotations(raw));
        return serializer != null && serializer != ValueSerializer.None.class;
    }

    private static ObjectNode scalarOf(Class<?> raw) {
        if (raw == String.class || raw == Character.class || raw == char.class) {
            return scalar("string", null);
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class) {
            return scalar("integer", "int32");
        }
        if (raw == Long.class || raw == long.class) {
            return scalar("integer", "int64");
        }
        if (raw == BigInteger.class) {
            return scalar("integer", null);
        }
        if (raw == Double.class || raw == double.class || raw == BigDecimal.class) {
            return scalar("number", "double");
        }
        if (raw == Float.class || raw == float.class) {
            return scalar("number", "float");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return scalar("boolean", null);
        }
        if (Temporal.class.isAssignableFrom(raw) || Date.class.isAssignableFrom(raw)) {
            return scalar("string", "date-time");
        }
        if (raw == java.time.Duration.class) {
            return scalar("string", null);
        }
        return null;
    }

    /**
     * Fabric8 models most meta/v1 Time fields as plain strings; upstream declares them date-time. Their names are
     * "time" (managedFields) or end in "Time", "Timestamp" or "At" (startedAt), which no other string field of the
     * built-in kinds does.
     */
    private static boolean looksLikeTimestamp(String name) {
        return name.equals("time") || name.endsWith("Time") || name.endsWith("Timestamp") || name.endsWith("At");
    }

    private static boolean isPlainString(ObjectNode schema) {
        return "string".equals(Json.text(schema, "type")) && !schema.has("format") && !schema.has("enum");
    }

    static ObjectNode scalar(String type, String format) {
        ObjectNode node = Json.object();
        node.put("type", type);
        if (format != null) {
            node.put("format", format);
        }
        return node;
    }
}
