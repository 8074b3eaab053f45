package dev.capstan.api.web;

import dev.capstan.api.errors.ApiErrors;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The response form a client accepts: a Table ({@code application/json;as=Table;v=v1;g=meta.k8s.io}, what
 * kubectl get asks for), or plain JSON. A client that accepts neither (protobuf only) gets 406.
 */
public enum Accepts {
    JSON, TABLE;

    public static Accepts of(ServerRequest request) {
        List<MediaType> accepted = request.headers().accept();
        if (accepted.isEmpty()) {
            return JSON;
        }
        boolean json = false;
        for (MediaType type : accepted) {
            if ("Table".equals(type.getParameter("as")) && "meta.k8s.io".equals(type.getParameter("g"))
                    && "v1".equals(type.getParameter("v"))) {
                return TABLE;
            }
            boolean plain = type.getParameter("as") == null;
            if (plain && (type.isWildcardType() || (type.getType().equals("application")
                    && (type.getSubtype().equals("json") || type.isWildcardSubtype())))) {
                json = true;
            }
        }
        if (!json) {
            throw ApiErrors.notAcceptable(accepted.toString());
        }
        return JSON;
    }
}
