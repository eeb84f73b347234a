package io.quarry.kernel.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlTable;

/**
 * Everything a {@link Config} was loaded from, in precedence order lowest first: the file's tables, the
 * environment and the command-line overrides, plus the section names known so far.
 *
 * @param fileName the file's name as messages cite it ({@code quarry.toml}); empty when there is no file
 * @param root the file's top-level table, or null when there is no file
 * @param sectionHints section names used to tell which section an env variable belongs to
 */
record Layers(String fileName, TomlTable root, Map<String, String> env, List<ConfigOverride> cli,
        Set<String> sectionHints) {

    Layers {
        env = Map.copyOf(env);
        cli = List.copyOf(cli);
        Set<String> hints = new LinkedHashSet<>(sectionHints);
        if (root != null) {
            hints.addAll(root.keySet());
        }
        cli.forEach(o -> hints.add(o.section()));
        sectionHints = Set.copyOf(hints);
    }

    Layers withSections(Set<String> known) {
        Set<String> hints = new LinkedHashSet<>(sectionHints);
        hints.addAll(known);
        return new Layers(fileName, root, env, cli, hints);
    }

    /**
     * The section an env variable belongs to: the longest known section whose prefix it has, so
     * {@code QUARRY_RANDOMX_CLUSTER_THREADS} is {@code randomx-cluster}'s even when {@code randomx} is known too.
     * Null when none matches.
     */
    String sectionOfEnv(String variable) {
        String best = null;
        for (String section : sectionHints) {
            if (variable.startsWith(Keys.envPrefix(section)) && (best == null || section.length() > best.length())) {
                best = section;
            }
        }
        return best;
    }
}
