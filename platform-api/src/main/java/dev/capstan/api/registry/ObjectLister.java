package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.selection.FieldSelector;
import dev.capstan.api.selection.FieldSelectors;
import dev.capstan.api.selection.LabelSelector;
import dev.capstan.api.selection.SelectorException;
import dev.capstan.store.CompactedException;
import dev.capstan.store.ContinueToken;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists from the store with upstream's semantics: resourceVersion and resourceVersionMatch, limit and continue
 * (pages read at one revision; with selectors a page is filled by reading on, and the token resumes after the
 * last object read), label and field selectors.
 */
public final class ObjectLister {

    private static final String EXPIRED_CONTINUE = "The provided continue parameter is too old to display a "
            + "consistent list result. You can start a new list without the continue parameter, or use the "
            + "continue token in this response to retrieve the remainder of the results. Continuing with the "
            + "provided token results in an inconsistent list - objects that were created, modified, or deleted "
            + "between the time the first chunk was returned and now may show up in the list.";

    private final Storage storage;

    public ObjectLister(Storage storage) {
        this.storage = storage;
    }

    /** The filter of a query's selectors, checked against the kind's supported fields (400 otherwise). */
    public static Predicate<JsonNode> filter(ResourceDefinition def, ListQuery query) {
        try {
            LabelSelector labels = query.labelSelector() == null ? null : LabelSelector.parse(query.labelSelector());
            FieldSelector fields = query.fieldSelector() == null ? null : FieldSelector.parse(query.fieldSelector());
            if (fields != null) {
                FieldSelectors.unsupported(def.group(), def.kind(), fields).ifPresent(message -> {
                    throw ApiErrors.badRequest(message);
                });
            }
            if ((labels == null || labels.isEmpty()) && (fields == null || fields.isEmpty())) {
                return object -> true;
            }
            return object -> (labels == null || labels.matches(labelsOf(object)))
                    && (fields == null || fields.matches(FieldSelectors.reader(def.group(), def.kind(), object)
                            .orElse(f -> null)));
        } catch (SelectorException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }

    static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    /** Reads one page of a list. */
    public ListPage list(ResourceDefinition def, String namespace, ListQuery query) {
        Predicate<JsonNode> filter = filter(def, query);
        String prefix = KeyLayout.prefix(def, namespace);
        long revision = startRevision(query);
        int limit = query.limit() > 0 ? (int) Math.min(query.limit(), 10_000) : 0;
        String token = query.continueToken();
        List<ObjectNode> items = new ArrayList<>();
        try {
            while (true) {
                ListOptions options = token != null ? ListOptions.nextPage(limit, token) : new ListOptions(revision, limit, null);
                ListResult page = storage.list(prefix, options);
                revision = page.revision();
                for (int i = 0; i < page.items().size(); i++) {
                    KeyValue kv = page.items().get(i);
                    ObjectNode object = Meta.withResourceVersion(Json.readStored(kv.value()), kv.modRevision());
                    if (filter.test(object)) {
                        items.add(object);
                        if (limit > 0 && items.size() == limit) {
                            boolean more = i < page.items().size() - 1 || page.hasMore();
                            String next = more ? new ContinueToken(revision, kv.key()).encode() : null;
                            return new ListPage(items, revision, next);
                        }
                    }
                }
                if (!page.hasMore()) {
                    return new ListPage(items, revision, null);
                }
                token = page.continueToken();
            }
        } catch (CompactedException e) {
            throw ApiErrors.expired(query.continueToken() != null ? EXPIRED_CONTINUE
                    : "The resourceVersion for the provided list is too old.");
        } catch (InvalidStoreRequestException e) {
            throw ApiErrors.badRequest(query.continueToken() != null ? "continue key is not valid: " + e.getMessage()
                    : e.getMessage());
        } catch (StoreException e) {
            throw StoreErrors.translate(e, def, "");
        }
    }

    /** The revision to read at, per upstream's resourceVersion / resourceVersionMatch rules. */
    private long startRevision(ListQuery query) {
        String rv = query.resourceVersion();
        String match = query.resourceVersionMatch();
        if (query.continueToken() != null) {
            if (rv != null && !rv.isEmpty() && !rv.equals("0")) {
                throw ApiErrors.badRequest("specifying resource version is not allowed when using continue");
            }
            return 0;
        }
        if (match != null && !match.isEmpty() && !match.equals("NotOlderThan") && !match.equals("Exact")) {
            throw ApiErrors.badRequest("resourceVersionMatch: Unsupported value: \"" + match
                    + "\": supported values: \"Exact\", \"NotOlderThan\"");
        }
        if (rv == null || rv.isEmpty()) {
            if (match != null && !match.isEmpty()) {
                throw ApiErrors.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
            }
            return 0;
        }
        long requested = parseResourceVersion(rv);
        if ("Exact".equals(match)) {
            if (requested == 0) {
                throw ApiErrors.badRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
            }
            return requested;
        }
        long current = storage.currentRevision();
        if (requested > current) {
            throw ApiErrors.timeout("Too large resource version: " + requested + ", current: " + current);
        }
        return 0;
    }

    /** A resourceVersion parameter as a revision (400 if it is not one). */
    public static long parseResourceVersion(String rv) {
        try {
            long value = Long.parseLong(rv);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest("Invalid value: \"" + rv + "\": resourceVersion must be a non-negative integer");
        }
    }
}
