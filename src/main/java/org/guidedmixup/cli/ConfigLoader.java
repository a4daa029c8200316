package org.guidedmixup.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import org.guidedmixup.spark.AugmentConfig;

import java.io.File;
import java.util.Map;

/**
 * Layers the augment configuration: command-line flags over a {@code --config} file over the
 * project's {@code conf/augment.conf} (named by the launchers through the system property
 * {@code guidedmixup.defaults}) over the copy bundled in the jar.
 */
final class ConfigLoader {
    static final String DEFAULTS_PROPERTY = "guidedmixup.defaults";

    private ConfigLoader() {
    }

    static Config load(File userFile, Map<String, Object> flags) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "augment.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        String projectDefaults = System.getProperty(DEFAULTS_PROPERTY);
        if (projectDefaults != null && new File(projectDefaults).isFile()) {
            defaults = parse(new File(projectDefaults)).withFallback(defaults);
        }
        Config merged = defaults;
        if (userFile != null) {
            if (!userFile.isFile()) {
                throw new AugmentConfig.ConfigError("--config: file not found: " + userFile);
            }
            merged = parse(userFile).withFallback(merged);
        }
        return ConfigFactory.parseMap(flags, "command line").withFallback(merged).resolve();
    }

    /** Whether a value comes from the project's defaults (conf/augment.conf or the jar's copy). */
    static boolean isDefault(ConfigOrigin origin) {
        String projectDefaults = System.getProperty(DEFAULTS_PROPERTY);
        if (origin.filename() != null && projectDefaults != null) {
            return new File(origin.filename()).getAbsoluteFile().equals(new File(projectDefaults).getAbsoluteFile());
        }
        return origin.resource() != null && origin.resource().equals("augment.conf");
    }

    private static Config parse(File f) {
        try {
            return ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new AugmentConfig.ConfigError("cannot parse " + f + ": " + e.getMessage());
        }
    }
}
