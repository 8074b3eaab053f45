package dev.capstan.scheduling.plugins.imagelocality;

import java.util.ArrayList;
import java.util.List;

/**
 * The names under which a node may report a container's image. Upstream only appends {@code :latest} to an
 * untagged name and leaves a TODO for registry spellings; Capstan also tries the other spelling of Docker Hub
 * images, because containerd reports {@code docker.io/library/nginx:1.25} for a pod asking for
 * {@code nginx:1.25} (and Docker the reverse), which would otherwise never count as present.
 */
final class ImageNames {

    private static final String DOCKER_HUB = "docker.io/";
    private static final String OFFICIAL = "library/";

    private ImageNames() {
    }

    /** Upstream's {@code normalizedImageName}: a name without a tag or digest means {@code :latest}. */
    static String normalize(String image) {
        return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
    }

    /** The normalized name first, then its other Docker Hub spelling when there is one. */
    static List<String> candidates(String image) {
        String normalized = normalize(image);
        List<String> names = new ArrayList<>(2);
        names.add(normalized);
        String alternative = dockerHubAlternative(normalized);
        if (alternative != null) {
            names.add(alternative);
        }
        return List.copyOf(names);
    }

    /** {@code nginx:1} and {@code docker.io/library/nginx:1} name the same image, as do {@code a/b} and {@code docker.io/a/b}. */
    private static String dockerHubAlternative(String name) {
        if (name.startsWith(DOCKER_HUB + OFFICIAL)) {
            return name.substring(DOCKER_HUB.length() + OFFICIAL.length());
        }
        if (name.startsWith(DOCKER_HUB)) {
            return name.substring(DOCKER_HUB.length());
        }
        int slash = name.indexOf('/');
        if (slash < 0) {
            return DOCKER_HUB + OFFICIAL + name;
        }
        String first = name.substring(0, slash);
        // A first component with a dot or port, or "localhost", is a registry host, not a Docker Hub user.
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return null;
        }
        return DOCKER_HUB + name;
    }
}
