package org.guidedmixup.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.io.File;
import java.util.Map;

/**
 * The one layering of configuration: values given by the caller (command-line flags, a library call's
 * settings, a finished run's summary) over a {@code --config} file over the project's
 * {@code conf/augment.conf} and {@code conf/train.conf} (named by the launchers through the system
 * property {@value #DEFAULTS_PROPERTY}) over the copies bundled in the jar. The command line, the
 * library's doors and the readers of finished outputs all resolve settings here, so a default is
 * written once, in {@code conf/}.
 */
public final class ConfigLayers {
    /** The system property through which the launchers name the project's conf/augment.conf. */
    public static final String DEFAULTS_PROPERTY = "guidedmixup.defaults";
    private static final String[] FILES = {"augment.conf", "train.conf"};

    private ConfigLayers() {
    }

    /** The defaults: the project's conf/*.conf over the jar's copies. */
    public static Config defaults() {
        Config defaults = ConfigFactory.empty();
        String projectDefaults = System.getProperty(DEFAULTS_PROPERTY);
        for (String name : FILES) {
            Config bundled = ConfigFactory.parseResources(ConfigLayers.class.getClassLoader(), name,
                    ConfigParseOptions.defaults().setAllowMissing(false));
            if (projectDefaults != null) {
                File f = new File(new File(projectDefaults).getAbsoluteFile().getParentFile(), name);
                if (f.isFile()) {
                    bundled = parse(f).withFallback(bundled);
                }
            }
            defaults = defaults.withFallback(bundled);
        }
        return defaults;
    }

    /**
     * {@code values} (HOCON paths, such as {@code augment.batch-size}) over {@code userFile} (null: none)
     * over {@link #defaults()}, resolved.
     *
     * @param origin how the values are described in messages ("command line")
     */
    public static Config layered(File userFile, Map<String, ?> values, String origin) {
        Config merged = defaults();
        if (userFile != null) {
            if (!userFile.isFile()) {
                throw new ConfigError("--config: file not found: " + userFile);
            }
            merged = parse(userFile).withFallback(merged);
        }
        return ConfigFactory.parseMap(values, origin).withFallback(merged).resolve();
    }

    private static Config parse(File f) {
        try {
            return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse " + f + ": " + e.getMessage());
        }
    }
}
