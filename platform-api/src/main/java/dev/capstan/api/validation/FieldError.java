package dev.capstan.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One field error, shaped as upstream's {@code field.Error}: {@code type} is the StatusCause reason
 * ({@code FieldValueInvalid}, ...), {@code field} the JSON path ({@code spec.containers[0].image}),
 * {@code message} the detail text and {@code badValue} the offending value (rendered as upstream renders it).
 */
public record FieldError(String type, String field, String message, Object badValue) {

    public static final String NOT_FOUND = "FieldValueNotFound";
    public static final String REQUIRED = "FieldValueRequired";
    public static final String DUPLICATE = "FieldValueDuplicate";
    public static final String INVALID = "FieldValueInvalid";
    public static final String NOT_SUPPORTED = "FieldValueNotSupported";
    public static final String FORBIDDEN = "FieldValueForbidden";
    public static final String TOO_LONG = "FieldValueTooLong";
    public static final String TOO_MANY = "FieldValueTooMany";
    public static final String TYPE_INVALID = "FieldValueTypeInvalid";
    public static final String INTERNAL = "InternalError";

    /** A required value is missing; upstream prints no value for this type. */
    public static FieldError required(String field, String detail) {
        return new FieldError(REQUIRED, field, detail, "");
    }

    /** A malformed value (failed format, out of range). */
    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(INVALID, field, detail, value);
    }

    /** A value that collides with another that must be unique. */
    public static FieldError duplicate(String field, Object value) {
        return new FieldError(DUPLICATE, field, "", value);
    }

    /** A value outside an enumeration; the detail lists the quoted supported values as upstream does. */
    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String detail = supported.isEmpty() ? "" : "supported values: "
                + supported.stream().map(BadValues::goQuote).collect(Collectors.joining(", "));
        return new FieldError(NOT_SUPPORTED, field, detail, value);
    }

    /** A well-formed value that the current conditions do not permit. */
    public static FieldError forbidden(String field, String detail) {
        return new FieldError(FORBIDDEN, field, detail, "");
    }

    /** A value longer than {@code maxLength} bytes; upstream omits the value itself. */
    public static FieldError tooLong(String field, int maxLength) {
        String detail = maxLength >= 0
                ? "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes")
                : "value is too long";
        return new FieldError(TOO_LONG, field, detail, "<value omitted>");
    }

    /** A value of the wrong JSON type. */
    public static FieldError typeInvalid(String field, Object value, String detail) {
        return new FieldError(TYPE_INVALID, field, detail, value);
    }

    /**
     * The message without the field, as upstream's {@code ErrorBody()}: {@code Invalid value: "x": detail};
     * types that carry no value (required, forbidden, too long) print only their title and the detail.
     */
    public String body() {
        String title = title(type);
        String s = switch (type) {
            case REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL, "FieldValueTooShort" -> title;
            default -> title + ": " + BadValues.render(badValue);
        };
        return message == null || message.isEmpty() ? s : s + ": " + message;
    }

    /** Upstream's {@code Error()} text: {@code metadata.name: Invalid value: "x": message}. */
    public String fullMessage() {
        return field + ": " + body();
    }

    private static String title(String type) {
        return switch (type) {
            case NOT_FOUND -> "Not found";
            case REQUIRED -> "Required value";
            case DUPLICATE -> "Duplicate value";
            case INVALID, TYPE_INVALID -> "Invalid value";
            case NOT_SUPPORTED -> "Unsupported value";
            case FORBIDDEN -> "Forbidden";
            case TOO_LONG -> "Too long";
            case TOO_MANY -> "Too many";
            case "FieldValueTooFew" -> "Too few";
            case "FieldValueTooShort" -> "Too short";
            case INTERNAL -> "Internal error";
            default -> "<unknown error " + BadValues.goQuote(type) + ">";
        };
    }
}
