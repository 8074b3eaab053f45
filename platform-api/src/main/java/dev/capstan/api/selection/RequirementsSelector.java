package dev.capstan.api.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A conjunction of label requirements, kept sorted by key as upstream keeps them. */
final class RequirementsSelector implements LabelSelector {

    private final List<Requirement> requirements;

    RequirementsSelector(List<Requirement> requirements) {
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(Requirement::key));
        this.requirements = List.copyOf(sorted);
    }

    @Override
    public boolean matches(Map<String, String> labels) {
        Map<String, String> ls = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(ls));
    }

    @Override
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** The canonical selector text, as upstream's {@code String()}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

}
