package dev.capstan.api.web;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Upstream's rules for {@code sendInitialEvents} and {@code resourceVersionMatch} on list and watch requests
 * ({@code ValidateListOptions}): a watch-list needs {@code resourceVersionMatch=NotOlderThan} and bookmarks, a plain
 * watch takes no {@code resourceVersionMatch}, a list takes no {@code sendInitialEvents}. client-go's reflectors
 * (WatchListClient, on by default since client-go 1.35, e.g. in Helm's waits) start with such a watch-list.
 */
final class WatchListOptions {

    static final String NOT_OLDER_THAN = "NotOlderThan";

    private WatchListOptions() {
    }

    /** Whether the watch asked for initial events; 422 when the options break upstream's rules. */
    static boolean initialEvents(ServerRequest request, ListQuery query) {
        String send = QueryParams.get(request, "sendInitialEvents");
        boolean bookmarks = "true".equals(QueryParams.get(request, "allowWatchBookmarks"));
        String match = query.resourceVersionMatch();
        List<FieldError> errors = new ArrayList<>();
        if (send != null && !NOT_OLDER_THAN.equals(match)) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "sendInitialEvents requires setting resourceVersionMatch to " + NOT_OLDER_THAN));
        }
        if (match != null) {
            if (send == null) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (!NOT_OLDER_THAN.equals(match)) {
                errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of(NOT_OLDER_THAN)));
            }
            if ("true".equals(send) && !bookmarks) {
                errors.add(FieldError.forbidden("allowWatchBookmarks",
                        "allowWatchBookmarks must be set to true when sendInitialEvents is true"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return "true".equals(send);
    }

    /** A list takes no {@code sendInitialEvents}. */
    static void checkList(ServerRequest request) {
        if (QueryParams.get(request, "sendInitialEvents") != null) {
            throw invalid(List.of(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list")));
        }
    }

    private static ApiException invalid(List<FieldError> errors) {
        return ApiErrors.invalid("meta.k8s.io", "ListOptions", "", errors);
    }
}
