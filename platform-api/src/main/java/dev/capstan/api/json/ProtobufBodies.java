package dev.capstan.api.json;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.capstan.api.errors.ApiErrors;
import io.kubernetes.client.proto.Runtime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies in the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}), which
 * kubectl's typed clients send for built-in kinds: the 4-byte magic {@code k8s\0}, then a
 * {@code runtime.Unknown} envelope holding the apiVersion, the kind and the object's own message. The schemas
 * come from the official Kubernetes Java client's generated proto classes; the object is turned into the
 * same JSON tree a JSON body would give, with the types that differ in JSON (Time, IntOrString, Quantity,
 * RawExtension, bytes) converted as upstream's JSON encoding writes them.
 */
public final class ProtobufBodies {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final Map<String, String> GROUP_PACKAGES = Map.ofEntries(
            Map.entry("", "core"), Map.entry("apps", "apps"), Map.entry("batch", "batch"),
            Map.entry("autoscaling", "autoscaling"), Map.entry("policy", "policy"),
            Map.entry("coordination.k8s.io", "coordination"), Map.entry("discovery.k8s.io", "discovery"),
            Map.entry("events.k8s.io", "events"), Map.entry("networking.k8s.io", "networking"),
            Map.entry("scheduling.k8s.io", "scheduling"), Map.entry("rbac.authorization.k8s.io", "rbac"),
            Map.entry("authorization.k8s.io", "authorization"), Map.entry("authentication.k8s.io", "authentication"),
            Map.entry("admissionregistration.k8s.io", "admissionregistration"),
            Map.entry("certificates.k8s.io", "certificates"));
    private static final Map<String, Descriptor> MESSAGES = index();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    private static Map<String, Descriptor> index() {
        Map<String, Descriptor> messages = new HashMap<>();
        for (FileDescriptor file : List.of(io.kubernetes.client.proto.V1.getDescriptor(),
                io.kubernetes.client.proto.V1Apps.getDescriptor(), io.kubernetes.client.proto.V1Batch.getDescriptor(),
                io.kubernetes.client.proto.V1Autoscaling.getDescriptor(), io.kubernetes.client.proto.V1Policy.getDescriptor(),
                io.kubernetes.client.proto.V1Coordination.getDescriptor(), io.kubernetes.client.proto.V1Discovery.getDescriptor(),
                io.kubernetes.client.proto.V1Events.getDescriptor(), io.kubernetes.client.proto.V1Networking.getDescriptor(),
                io.kubernetes.client.proto.V1Scheduling.getDescriptor(), io.kubernetes.client.proto.V1Rbac.getDescriptor(),
                io.kubernetes.client.proto.V1Authorization.getDescriptor(), io.kubernetes.client.proto.V1Authentication.getDescriptor(),
                io.kubernetes.client.proto.V1Admissionregistration.getDescriptor(),
                io.kubernetes.client.proto.V1Certificates.getDescriptor(),
                io.kubernetes.client.proto.Meta.getDescriptor())) {
            for (Descriptor message : file.getMessageTypes()) {
                messages.put(message.getFullName(), message);
            }
        }
        return messages;
    }

    /** Whether a Content-Type names the protobuf encoding. */
    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MEDIA_TYPE);
    }

    /**
     * Decodes a protobuf body into a JSON object tree.
     *
     * @throws dev.capstan.api.errors.ApiException 400 when it is not a valid envelope, 415 when the kind has no
     *         known schema
     */
    public static ObjectNode decode(byte[] body) {
        if (body.length < MAGIC.length || !java.util.Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw ApiErrors.badRequest("the protobuf body does not start with the Kubernetes magic prefix");
        }
        try {
            Runtime.Unknown envelope = Runtime.Unknown.parseFrom(
                    java.nio.ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length));
            String apiVersion = envelope.getTypeMeta().getApiVersion();
            String kind = envelope.getTypeMeta().getKind();
            Descriptor descriptor = descriptor(apiVersion, kind).orElseThrow(
                    () -> ApiErrors.unsupportedMediaType(MEDIA_TYPE + " for " + apiVersion + "/" + kind));
            ObjectNode object = toJson(DynamicMessage.parseFrom(descriptor, envelope.getRaw()));
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            return object;
        } catch (InvalidProtocolBufferException e) {
            throw ApiErrors.badRequest("the protobuf body could not be decoded: " + e.getMessage());
        }
    }

    private static Optional<Descriptor> descriptor(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (kind.equals("DeleteOptions")) {
            return Optional.ofNullable(MESSAGES.get(META + "DeleteOptions"));
        }
        String pkg = GROUP_PACKAGES.get(group);
        return pkg == null ? Optional.empty() : Optional.ofNullable(MESSAGES.get("k8s.io.api." + pkg + "." + version + "." + kind));
    }

    private static ObjectNode toJson(Message message) {
        ObjectNode node = Json.object();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            JsonNode value;
            if (field.isMapField()) {
                value = mapValue(entry.getValue());
            } else if (field.isRepeated()) {
                ArrayNode array = Json.array();
                for (Object item : (List<?>) entry.getValue()) {
                    JsonNode converted = single(field, item);
                    array.add(converted == null ? NODES.nullNode() : converted);
                }
                value = array;
            } else {
                value = single(field, entry.getValue());
            }
            if (value != null) {
                node.set(field.getName(), value);
            }
        }
        return node;
    }

    private static JsonNode mapValue(Object entries) {
        ObjectNode map = Json.object();
        for (Object e : (List<?>) entries) {
            Message entry = (Message) e;
            FieldDescriptor keyField = entry.getDescriptorForType().findFieldByName("key");
            FieldDescriptor valueField = entry.getDescriptorForType().findFieldByName("value");
            JsonNode value = single(valueField, entry.getField(valueField));
            map.set(String.valueOf(entry.getField(keyField)), value == null ? NODES.stringNode("") : value);
        }
        return map;
    }

    /** One value; null means "leave the field out" (an empty string or a zero Time, as Go's omitempty does). */
    private static JsonNode single(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> special((Message) value);
            case STRING -> ((String) value).isEmpty() ? null : NODES.stringNode((String) value);
            case BYTE_STRING -> NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case ENUM -> NODES.stringNode(value.toString());
        };
    }

    private static JsonNode special(Message message) {
        String type = message.getDescriptorForType().getFullName();
        switch (type) {
            case META + "Time", META + "MicroTime" -> {
                long seconds = (Long) field(message, "seconds", 0L);
                int nanos = (Integer) field(message, "nanos", 0);
                if (seconds == 0 && nanos == 0) {
                    return null;
                }
                Instant instant = Instant.ofEpochSecond(seconds, nanos);
                return NODES.stringNode((type.endsWith("MicroTime") ? MICROS : SECONDS).format(instant));
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                long kind = (Long) field(message, "type", 0L);
                return kind == 0 ? NODES.numberNode((Integer) field(message, "intVal", 0))
                        : NODES.stringNode((String) field(message, "strVal", ""));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return NODES.stringNode((String) field(message, "string", ""));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> {
                ByteString raw = (ByteString) field(message, message.getDescriptorForType().getFields().get(0).getName(),
                        ByteString.EMPTY);
                return raw.isEmpty() ? null : Json.MAPPER.readTree(raw.toByteArray());
            }
            case META + "Duration" -> {
                long nanos = (Long) field(message, "duration", 0L);
                return NODES.stringNode(java.time.Duration.ofNanos(nanos).toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            }
            default -> {
                return toJson(message);
            }
        }
    }

    private static Object field(Message message, String name, Object fallback) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        return field == null || !message.hasField(field) ? fallback : message.getField(field);
    }
}
