package org.guidedmixup.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import org.guidedmixup.config.ConfigLayers;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's side of configuration: its flags layered by {@link ConfigLayers}, and local paths
 * made absolute.
 */
final class ConfigLoader {

    private ConfigLoader() {
    }

    static Config load(File userFile, Map<String, Object> flags) {
        return ConfigLayers.layered(userFile, flags, "command line");
    }

    /** Whether a value comes from the project's defaults (conf/augment.conf or the jar's copy). */
    static boolean isDefault(ConfigOrigin origin) {
        String projectDefaults = System.getProperty(ConfigLayers.DEFAULTS_PROPERTY);
        if (origin.filename() != null && projectDefaults != null) {
            File confDir = new File(projectDefaults).getAbsoluteFile().getParentFile();
            return new File(origin.filename()).getAbsoluteFile().getParentFile().equals(confDir);
        }
        return origin.resource() != null && (origin.resource().equals("augment.conf") || origin.resource().equals("train.conf"));
    }

    /**
     * Local paths become absolute, so summary.json and the metadata say exactly what was read and
     * written, and {@code preview DIR} finds the input again from any directory. A relative path
     * from the project's own defaults (conf/*.conf, or their copies in the jar) is relative to the
     * project; one given by the user, to the current directory.
     */
    static Config absolutePaths(Config merged, List<String> keys) {
        Map<String, Object> fixed = new LinkedHashMap<>();
        String home = System.getProperty("guidedmixup.home");
        for (String path : keys) {
            String v = merged.hasPath(path) ? merged.getString(path) : "";
            if (v.isBlank() || URI.create(v.replace(" ", "%20")).getScheme() != null || Path.of(v).isAbsolute()) {
                continue;
            }
            boolean fromDefaults = isDefault(merged.getValue(path).origin());
            Path base = fromDefaults && home != null ? Path.of(home) : Path.of("");
            fixed.put(path, base.resolve(v).toAbsolutePath().normalize().toString());
        }
        return fixed.isEmpty() ? merged : ConfigFactory.parseMap(fixed).withFallback(merged);
    }
}
