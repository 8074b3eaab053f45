package dev.capstan.api.openapi;

import java.util.List;

/**
 * One URL template with its path parameters and operations.
 *
 * @param path the template, e.g. "/api/v1/namespaces/{namespace}/pods/{name}"
 * @param pathParams the parameters in the template, shared by all operations
 * @param operations the operations served on the path
 */
record PathItem(String path, List<Param> pathParams, List<Operation> operations) {
}
