package dev.capstan.api.openapi;

/**
 * A path or query parameter of an operation, neutral between Swagger 2.0 and OpenAPI 3.0.
 *
 * @param name the parameter name, e.g. "fieldValidation"
 * @param in "path" or "query"
 * @param type the JSON type: "string", "boolean" or "integer"
 * @param required whether the parameter must be present
 * @param description a one-line description
 */
record Param(String name, String in, String type, boolean required, String description) {

    static Param path(String name, String description) {
        return new Param(name, "path", "string", true, description);
    }

    static Param query(String name, String type, String description) {
        return new Param(name, "query", type, false, description);
    }
}
