package dev.capstan.api.security.authn;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.Responses;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /apis/authentication.k8s.io/v1/selfsubjectreviews} (upstream's SelfSubjectReview, what
 * {@code kubectl auth whoami} calls): answers 201 with the requesting user as authentication (and impersonation)
 * saw it in {@code status.userInfo}. The request body carries nothing the answer depends on.
 */
public final class SelfSubjectReviewHandler {

    private final Clock clock;

    public SelfSubjectReviewHandler(Clock clock) {
        this.clock = clock;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        UserInfo user = UserInfo.of(request.exchange()).orElse(UserInfo.anonymous());
        String version = request.pathVariable("version");
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                .flatMap(ignored -> Responses.json(201, review(user, version)));
    }

    ObjectNode review(UserInfo user, String version) {
        ObjectNode out = Json.object();
        out.put("kind", "SelfSubjectReview");
        out.put("apiVersion", "authentication.k8s.io/" + version);
        out.putObject("metadata").put("creationTimestamp",
                DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        user.writeTo(out.putObject("status").putObject("userInfo"));
        return out;
    }
}
