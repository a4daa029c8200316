package org.guidedmixup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flags a user gave, as configuration keys, read from picocli's model of the command: every
 * option maps to the key of its long name in one block ({@code --batch-size} to
 * {@code augment.batch-size}) unless its field says otherwise with {@link Key}. Flags left out are
 * absent, so the configuration files' values stand.
 */
final class ConfigFlags {
    /** The configuration key(s) of an option whose key is not BLOCK.NAME. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Key {
        String[] value();
    }

    private ConfigFlags() {
    }

    /**
     * @param block   the block of options without {@link Key} ("augment")
     * @param skipped long names that are not settings ("config")
     */
    static Map<String, Object> of(CommandSpec spec, String block, Set<String> skipped) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName().replaceFirst("^--", "");
            if (o.usageHelp() || o.versionHelp() || skipped.contains(name)) {
                continue;
            }
            Object v = o.getValue();
            if (v == null) {
                continue;
            }
            Key key = o.userObject() instanceof Field f ? f.getAnnotation(Key.class) : null;
            for (String k : key != null ? key.value() : new String[] {block + "." + name}) {
                m.put(k, v);
            }
        }
        // A flip probability given on its own means the flip is wanted.
        if (m.containsKey("augment.flip-prob")) {
            m.putIfAbsent("augment.flip", true);
        }
        return m;
    }
}
